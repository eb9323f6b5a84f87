/**
 * DNSSEC18: DS records establish trust for CDS and CDNSKEY.
 * Specification methods: Get-Parent-NS-IPs, Method 1, Method 4, Method 5.
 * Uses: Method 1, Method 4, Method 5.
 */
import { type SignedRrset, signedRrset } from './cds-signatures.js';
import { type DsData, undelegatedDs } from './undelegated-ds.js';
import { dsMatchesDnskey } from '../../dnssec/digest.js';
import {
  answers,
  ask,
  checkSignature,
  childServersV1,
  dnskeyInfo,
  type DnskeyInfo,
  DNSSEC,
  ipList,
  isAuthNoError,
  parentServersV1,
  rrsigFields,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec18 = testCase({
  id: 'dnssec18',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec18.md',
  tags: {
    DS18_NO_MATCH_CDNSKEY_RRSIG_DS: 'ns_ip_list',
    DS18_NO_MATCH_CDS_RRSIG_DS: 'ns_ip_list',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    // DNSSEC18 step 6: Undelegated DS (an undelegated test without it ends at step 8)
    const dsRecords: DsData[] = undelegatedDs(ctx);
    // DNSSEC18 step 7
    if (dsRecords.length === 0 && !ctx.zone.isUndelegated) {
      const parents = await parentServersV1(ctx);
      for (const address of usableAddresses(ctx, parents)) {
        const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
        if (isAuthNoError(p)) dsRecords.push(...answers(p, 'DS', child).map((rr) => rr.data as DsData));
      }
    }
    // DNSSEC18 step 8
    if (dsRecords.length === 0) return;
    // DNSSEC18 step 10
    const servers = await childServersV1(ctx);
    const cdsSets = new Map<string, SignedRrset>();
    const cdnskeySets = new Map<string, SignedRrset>();
    const dnskeySets = new Map<string, DnskeyInfo[]>();
    for (const address of usableAddresses(ctx, servers)) {
      const cds = await signedRrset(ctx, servers, address, 'CDS');
      if (!cds) continue;
      if (cds.records.length > 0) cdsSets.set(address, cds);
      const cdnskey = await signedRrset(ctx, servers, address, 'CDNSKEY');
      if (!cdnskey) continue;
      if (cdnskey.records.length > 0) cdnskeySets.set(address, cdnskey);
      const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
      if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey.records.map(dnskeyInfo));
    }
    // DNSSEC18 steps 11-12
    if ((cdsSets.size === 0 && cdnskeySets.size === 0) || dnskeySets.size === 0) return;
    // DNSSEC18 steps 13-14: some DS must point to a DNSKEY that signed the CDS (CDNSKEY) RRset
    const noMatch = (sets: Map<string, SignedRrset>) => {
      const out = new Set<string>();
      for (const [address, rrset] of sets) {
        const keys = dnskeySets.get(address) ?? [];
        const pointed = dsRecords.flatMap((ds) =>
          keys.filter((k) => dsMatchesDnskey(ds, child, k.rr.rawData ?? new Uint8Array(), k.tag) !== false),
        );
        const matched = pointed.some((key) =>
          rrset.sigs.some(
            (s) =>
              rrsigFields(s).keyTag === key.tag &&
              checkSignature(rrsigFields(s), rrset.records, [key]) === 'valid',
          ),
        );
        if (!matched) out.add(address);
      }
      return out;
    };
    // DNSSEC18 steps 15-16
    const cdsNoMatch = noMatch(cdsSets);
    if (cdsNoMatch.size > 0) ctx.emit('DS18_NO_MATCH_CDS_RRSIG_DS', { ns_ip_list: ipList(cdsNoMatch) });
    const cdnskeyNoMatch = noMatch(cdnskeySets);
    if (cdnskeyNoMatch.size > 0)
      ctx.emit('DS18_NO_MATCH_CDNSKEY_RRSIG_DS', { ns_ip_list: ipList(cdnskeyNoMatch) });
  },
});
