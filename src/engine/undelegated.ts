/**
 * Undelegated tests (specification test-types/undelegated-test.md): the name servers and DS records given by
 * the user replace the delegation from the parent. The DNS context answers the fake delegation and the fake
 * DS from the parent's servers; the recursor starts lookups below the zone at the given servers.
 */
import { canonical, isAtOrBelow } from './dns/name.js';
import type { DnsContext } from './dns/context.js';
import { type Recursor, type ServerAddress } from './recursor.js';
import type { Args, DsSpec, NameserverSpec } from './types.js';
import type { NsSet } from './methods/v2.js';

/** Undelegated Data as a name server set (names canonical, duplicate names merged, addresses unique). */
export function undelegatedSet(nameservers: readonly NameserverSpec[]): NsSet {
  const set: NsSet = new Map();
  for (const spec of nameservers) {
    const name = canonical(spec.ns);
    const list = set.get(name) ?? [];
    if (spec.ip && !list.includes(spec.ip)) list.push(spec.ip);
    set.set(name, list);
  }
  return set;
}

/**
 * The servers of the fake delegation: given addresses, and for out-of-bailiwick names without any, the
 * addresses found by recursive lookup. A name left without address is reported (SYSTEM
 * FAKE_DELEGATION_IN_ZONE_NO_IP for in-zone names, which need glue; FAKE_DELEGATION_NO_IP otherwise).
 */
export async function fakeDelegationServers(
  zone: string,
  set: NsSet,
  recursor: Recursor,
  report: (tag: string, args: Args) => void,
): Promise<ServerAddress[]> {
  const servers: ServerAddress[] = [];
  for (const [name, given] of set) {
    const inZone = isAtOrBelow(name, zone);
    const addresses = given.length > 0 || inZone ? given : await recursor.addressesOf(name);
    if (addresses.length === 0) {
      report(inZone ? 'FAKE_DELEGATION_IN_ZONE_NO_IP' : 'FAKE_DELEGATION_NO_IP', {
        domain: zone === '' ? '.' : zone,
        nsname: name,
      });
      servers.push({ name, address: '' });
    }
    for (const address of addresses) servers.push({ name, address });
  }
  return servers;
}

/** Registers the fake delegation and fake DS with the DNS context. */
export function applyUndelegated(
  dns: DnsContext,
  zone: string,
  servers: readonly ServerAddress[],
  ds: readonly DsSpec[],
): void {
  if (servers.length > 0) {
    const byName = new Map<string, string[]>();
    for (const s of servers) {
      const list = byName.get(s.name) ?? [];
      if (s.address !== '') list.push(s.address);
      byName.set(s.name, list);
    }
    dns.addFakeDelegation(
      zone,
      [...byName].map(([name, ip]) => ({ name, ip })),
    );
  }
  if (ds.length > 0) {
    dns.addFakeDs(
      zone,
      ds.map((d) => ({
        keytag: d.keytag,
        algorithm: d.algorithm,
        type: d.digtype,
        digest: d.digest.toLowerCase(),
      })),
    );
  }
}
