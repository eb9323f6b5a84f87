/**
 * DNSSEC15: CDS and CDNSKEY records exist consistently.
 * Specification methods: Method 4, Method 5.
 */
import { dsMatchesDnskey } from '../../dnssec/digest.js';
import {
  answers,
  ask,
  childServersV1,
  dnskeyInfo,
  DNSSEC,
  ipList,
  isAuthNoError,
  usableAddresses,
} from '../../dnssec/servers.js';
import type { RR } from '../../dns/types.js';
import { testCase } from '../test-case.js';

/** Whether a CDS and a CDNSKEY come from the same DNSKEY, or are both "delete" (RFC 8078 §4). */
function cdsMatchesCdnskey(cds: RR, cdnskey: RR, child: string): boolean {
  const isDeleteCds = cds.data.algorithm === 0;
  const isDeleteCdnskey = cdnskey.data.algorithm === 0;
  if (isDeleteCds || isDeleteCdnskey) return isDeleteCds && isDeleteCdnskey;
  const key = dnskeyInfo(cdnskey);
  return dsMatchesDnskey(cds.data, child, cdnskey.rawData ?? new Uint8Array(), key.tag) === true;
}

function rrsetKey(records: RR[]): string {
  return records
    .map((rr) => Buffer.from(rr.rawData ?? []).toString('hex'))
    .sort()
    .join(',');
}

export const dnssec15 = testCase({
  id: 'dnssec15',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec15.md',
  tags: {
    DS15_HAS_CDNSKEY_NO_CDS: 'ns_ip_list',
    DS15_HAS_CDS_AND_CDNSKEY: 'ns_ip_list',
    DS15_HAS_CDS_NO_CDNSKEY: 'ns_ip_list',
    DS15_INCONSISTENT_CDNSKEY: '',
    DS15_INCONSISTENT_CDS: '',
    DS15_MISMATCH_CDS_CDNSKEY: 'ns_ip_list',
    DS15_NO_CDS_CDNSKEY: '',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const servers = await childServersV1(ctx);
    const cdsSets = new Map<string, RR[]>();
    const cdnskeySets = new Map<string, RR[]>();
    // DNSSEC15 step 5
    for (const address of usableAddresses(ctx, servers)) {
      const cds = await ask(ctx, servers, address, child, 'CDS', DNSSEC);
      if (!isAuthNoError(cds)) continue;
      cdsSets.set(address, answers(cds, 'CDS', child));
      const cdnskey = await ask(ctx, servers, address, child, 'CDNSKEY', DNSSEC);
      if (!isAuthNoError(cdnskey)) continue;
      cdnskeySets.set(address, answers(cdnskey, 'CDNSKEY', child));
    }
    // DNSSEC15 step 6
    if (
      [...cdsSets.values()].every((s) => s.length === 0) &&
      [...cdnskeySets.values()].every((s) => s.length === 0)
    ) {
      ctx.emit('DS15_NO_CDS_CDNSKEY', {});
      return;
    }
    const cdsOnly = new Set<string>();
    const cdnskeyOnly = new Set<string>();
    const both = new Set<string>();
    const mismatch = new Set<string>();
    // DNSSEC15 steps 7-8
    for (const [address, cds] of cdsSets) {
      const cdnskey = cdnskeySets.get(address);
      if (!cdnskey) continue;
      if (cds.length > 0 && cdnskey.length === 0) cdsOnly.add(address);
      if (cdnskey.length > 0 && cds.length === 0) cdnskeyOnly.add(address);
      if (cds.length > 0 && cdnskey.length > 0) {
        both.add(address);
        const ok =
          cds.every((c) => cdnskey.some((k) => cdsMatchesCdnskey(c, k, child))) &&
          cdnskey.every((k) => cds.some((c) => cdsMatchesCdnskey(c, k, child)));
        if (!ok) mismatch.add(address);
      }
    }
    // DNSSEC15 steps 9-14
    if (cdsOnly.size > 0) ctx.emit('DS15_HAS_CDS_NO_CDNSKEY', { ns_ip_list: ipList(cdsOnly) });
    if (cdnskeyOnly.size > 0) ctx.emit('DS15_HAS_CDNSKEY_NO_CDS', { ns_ip_list: ipList(cdnskeyOnly) });
    if (both.size > 0) ctx.emit('DS15_HAS_CDS_AND_CDNSKEY', { ns_ip_list: ipList(both) });
    if (new Set([...cdsSets.values()].map(rrsetKey)).size > 1) ctx.emit('DS15_INCONSISTENT_CDS', {});
    if (new Set([...cdnskeySets.values()].map(rrsetKey)).size > 1) ctx.emit('DS15_INCONSISTENT_CDNSKEY', {});
    if (mismatch.size > 0) ctx.emit('DS15_MISMATCH_CDS_CDNSKEY', { ns_ip_list: ipList(mismatch) });
  },
});
