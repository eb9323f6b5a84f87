/**
 * DNSSEC02: DS records match a key of the zone.
 * Specification methods: Method 1, Method 4, Method 5.
 */
import { algoNotSupportedArgs, emitByKeytag } from './by-keytag.js';
import { type DsData, undelegatedDs } from './undelegated-ds.js';
import { SUPPORTED_DIGEST_TYPES } from '../../dnssec/algorithms.js';
import { dsMatchesDnskey } from '../../dnssec/digest.js';
import { FLAG_SEP, FLAG_ZONE } from '../../dnssec/keys.js';
import {
  answers,
  ask,
  checkSignature,
  childServersV1,
  type DnskeyInfo,
  dnskeyInfo,
  DNSSEC,
  Grouped,
  ipList,
  isGoodDnssecResponse,
  parentServersV1,
  responseTime,
  rrsigFields,
  rrsigsCovering,
  signatureValidity,
  usableAddresses,
} from '../../dnssec/servers.js';
import type { RR } from '../../dns/types.js';
import type { World } from '../test-case.js';
import { testCase } from '../test-case.js';

export const dnssec02 = testCase({
  id: 'dnssec02',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec02.md',
  tags: {
    DS02_ALGO_NOT_SUPPORTED_BY_ZM: 'keytag algo_num algo_mnemo ns_ip_list',
    DS02_DNSKEY_NOT_FOR_ZONE_SIGNING: 'keytag ns_ip_list',
    DS02_DNSKEY_NOT_SEP: 'keytag ns_ip_list',
    DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS: 'ns_ip_list',
    DS02_NO_DNSKEY_FOR_DS: 'keytag ns_ip_list',
    DS02_NO_MATCHING_DNSKEY_RRSIG: 'keytag ns_ip_list',
    DS02_NO_MATCH_DS_DNSKEY: 'keytag ns_ip_list',
    DS02_NO_VALID_DNSKEY_FOR_ANY_DS: 'ns_ip_list',
    DS02_RRSIG_NOT_VALID_BY_DNSKEY: 'keytag ns_ip_list',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    // DNSSEC02 step 2: Undelegated DS replaces the parent's; an undelegated test without it ends here
    const given = undelegatedDs(ctx);
    if (given.length === 0 && ctx.zone.isUndelegated) return;
    // DNSSEC02 step 3
    const dsRecords = given.length > 0 ? given : (await parentDsRecords(ctx)).map((rr) => rr.data as DsData);
    if (dsRecords.length === 0) return;
    const servers = await childServersV1(ctx);
    const noDnskeyForDs = new Grouped<number>();
    const noMatchDsDnskey = new Grouped<number>();
    const notZoneSigning = new Grouped<number>();
    const notSep = new Grouped<number>();
    const noMatchingRrsig = new Grouped<number>();
    const algoNotSupported = new Grouped<string>();
    const rrsigNotValid = new Grouped<number>();
    const responding = new Set<string>();
    const hasMatch = new Set<string>();
    const hasRrsigMatch = new Set<string>();
    // DNSSEC02 step 6
    for (const address of usableAddresses(ctx, servers)) {
      const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
      if (!isGoodDnssecResponse(p)) continue;
      const keyRecords = answers(p, 'DNSKEY', child);
      if (keyRecords.length === 0) continue;
      responding.add(address);
      const keys = keyRecords.map(dnskeyInfo);
      const sigs = rrsigsCovering(p.answer, 'DNSKEY', child);
      const matching: DnskeyInfo[] = [];
      for (const ds of dsRecords) {
        const { keyTag: dsTag, digestType } = ds;
        const candidates = keys.filter((k) => k.tag === dsTag);
        if (candidates.length === 0) {
          noDnskeyForDs.add(dsTag, address);
          continue;
        }
        const key =
          candidates.find(
            (k) => dsMatchesDnskey(ds, child, k.rr.rawData ?? new Uint8Array(), k.tag) !== false,
          ) ?? candidates[0]!;
        if (
          SUPPORTED_DIGEST_TYPES.has(digestType) &&
          dsMatchesDnskey(ds, child, key.rr.rawData ?? new Uint8Array(), key.tag) === false
        ) {
          noMatchDsDnskey.add(dsTag, address);
        }
        if (!(key.flags & FLAG_ZONE)) {
          notZoneSigning.add(dsTag, address);
          continue;
        }
        if (!(key.flags & FLAG_SEP)) notSep.add(key.tag, address);
        if (!matching.includes(key)) matching.push(key);
        hasMatch.add(address);
      }
      // DNSSEC02 step 6.8
      for (const key of matching) {
        const own = sigs.filter((s) => rrsigFields(s).keyTag === key.tag);
        if (own.length === 0) {
          noMatchingRrsig.add(key.tag, address);
          continue;
        }
        if (own.every((s) => checkSignature(rrsigFields(s), keyRecords, [key]) === 'unsupported')) {
          algoNotSupported.add(`${key.tag}|${key.algorithm}`, address);
          continue;
        }
        const now = responseTime(p);
        const good = own.some(
          (s) =>
            checkSignature(rrsigFields(s), keyRecords, [key]) === 'valid' &&
            signatureValidity(rrsigFields(s), now) === 'valid',
        );
        if (good) hasRrsigMatch.add(address);
        else {
          // No RRSIG verifies (signature or validity time): none matches, and the ones there are not valid.
          noMatchingRrsig.add(key.tag, address);
          rrsigNotValid.add(key.tag, address);
        }
      }
    }
    emitByKeytag(ctx, 'DS02_NO_DNSKEY_FOR_DS', noDnskeyForDs); // DNSSEC02 step 7
    emitByKeytag(ctx, 'DS02_NO_MATCH_DS_DNSKEY', noMatchDsDnskey); // DNSSEC02 step 8
    emitByKeytag(ctx, 'DS02_DNSKEY_NOT_FOR_ZONE_SIGNING', notZoneSigning); // DNSSEC02 step 9
    emitByKeytag(ctx, 'DS02_DNSKEY_NOT_SEP', notSep); // DNSSEC02 step 10
    emitByKeytag(ctx, 'DS02_NO_MATCHING_DNSKEY_RRSIG', noMatchingRrsig); // DNSSEC02 step 11
    // DNSSEC02 step 12: DS02_ALGO_NOT_SUPPORTED_BY_ZM
    for (const args of algoNotSupportedArgs(algoNotSupported))
      ctx.emit('DS02_ALGO_NOT_SUPPORTED_BY_ZM', args);
    emitByKeytag(ctx, 'DS02_RRSIG_NOT_VALID_BY_DNSKEY', rrsigNotValid); // DNSSEC02 step 13
    // DNSSEC02 steps 14-16
    const noValid = [...responding].filter((a) => !hasMatch.has(a));
    if (noValid.length > 0) ctx.emit('DS02_NO_VALID_DNSKEY_FOR_ANY_DS', { ns_ip_list: ipList(noValid) });
    else {
      const notSigned = [...responding].filter((a) => !hasRrsigMatch.has(a));
      if (notSigned.length > 0)
        ctx.emit('DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS', { ns_ip_list: ipList(notSigned) });
    }
  },
});

/** DNSSEC02 step 3: the DS records of the parent servers, each once. */
async function parentDsRecords(ctx: World): Promise<RR[]> {
  const parents = await parentServersV1(ctx);
  const records: RR[] = [];
  for (const address of usableAddresses(ctx, parents)) {
    const p = await ask(ctx, parents, address, ctx.zone.name, 'DS', DNSSEC);
    if (!isGoodDnssecResponse(p)) continue;
    for (const rr of answers(p, 'DS', ctx.zone.name)) {
      if (
        !records.some(
          (r) => Buffer.compare(Buffer.from(r.rawData ?? []), Buffer.from(rr.rawData ?? [])) === 0,
        )
      )
        records.push(rr);
    }
  }
  return records;
}
