/**
 * Lookups behind the RPC methods get_host_by_name (lookup_address_records) and get_data_from_parent_zone
 * (lookup_delegation_data): the recursor and the zone model outside of a test run.
 */
import { canonical } from './dns/name.js';
import { createDnsContext, createNameserver, isPacket } from './dns/index.js';
import { readHintsFile, Recursor } from './recursor.js';
import { DEFAULT_HINTS_FILE } from './run.js';
import type { DsSpec } from './types.js';
import { ZoneModel } from './methods/v2.js';

export interface LookupOptions {
  hintsFile?: string;
  /** DNS port override (tests only) */
  port?: number;
  ipv4?: boolean;
  ipv6?: boolean;
}

function setup(opts: LookupOptions) {
  const dns = createDnsContext({ port: opts.port, ipv4: opts.ipv4, ipv6: opts.ipv6 });
  const nameserver = (name: string, address: string) => createNameserver(name, address, dns);
  const recursor = new Recursor({
    hints: readHintsFile(opts.hintsFile ?? DEFAULT_HINTS_FILE),
    nameserver,
    ipv4: opts.ipv4,
    ipv6: opts.ipv6,
  });
  return { nameserver, recursor };
}

/** A and AAAA records of a host name, by recursive lookup from the root hints. */
export async function lookupAddresses(
  hostname: string,
  opts: LookupOptions = {},
): Promise<{ name: string; address: string }[]> {
  const { recursor } = setup(opts);
  const name = canonical(hostname);
  return (await recursor.addressesOf(name)).map((address) => ({ name, address }));
}

/** The delegation of a domain as its parent publishes it: name servers with addresses, and DS records. */
export async function lookupDelegation(
  domain: string,
  opts: LookupOptions = {},
): Promise<{ ns_list: { ns: string; ip: string }[]; ds_list: DsSpec[] }> {
  const { nameserver, recursor } = setup(opts);
  const zone = new ZoneModel({
    name: canonical(domain),
    recursor,
    nameserver,
    ipv4: opts.ipv4,
    ipv6: opts.ipv6,
  });
  const ns_list: { ns: string; ip: string }[] = [];
  for (const [ns, addresses] of (await zone.delNsNamesAndIps()) ?? new Map<string, string[]>()) {
    for (const ip of addresses) ns_list.push({ ns, ip });
  }
  const ds_list: DsSpec[] = [];
  for (const parent of (await zone.parentNsNamesAndIps()) ?? []) {
    if (!zone.canSendTo(parent.address)) continue;
    const p = await nameserver(parent.name, parent.address).query(zone.name, 'DS');
    if (!isPacket(p) || p.rcode !== 'NOERROR') continue;
    for (const rr of p.answer) {
      if (rr.type !== 'DS' || rr.name !== zone.name) continue;
      const ds: DsSpec = {
        keytag: rr.data.keyTag,
        algorithm: rr.data.algorithm,
        digtype: rr.data.digestType,
        digest: Buffer.from(rr.data.digest).toString('hex'),
      };
      if (
        !ds_list.some(
          (d) =>
            d.keytag === ds.keytag &&
            d.algorithm === ds.algorithm &&
            d.digtype === ds.digtype &&
            d.digest === ds.digest,
        )
      )
        ds_list.push(ds);
    }
    break;
  }
  return { ns_list, ds_list };
}
