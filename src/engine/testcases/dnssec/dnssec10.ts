/**
 * DNSSEC10: Denial of existence (NSEC or NSEC3) is valid.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { algoNotSupportedArgs } from './by-keytag.js';
import { displayName } from '../../dns/name.js';
import {
  answers,
  ask,
  checkSignature,
  childServers,
  type DnskeyInfo,
  dnskeyInfo,
  DNSSEC,
  Grouped,
  isAuthNoError,
  nsList,
  responseTime,
  rrsigFields,
  rrsigsCovering,
  signatureValidity,
  usableAddresses,
} from '../../dnssec/servers.js';
import { nsec3OwnerLabel } from '../../dnssec/nsec3.js';
import type { RR } from '../../dns/types.js';
import { testCase } from '../test-case.js';

interface NsecSignatureSets {
  noDnskey: Grouped<number>;
  expired: Grouped<number>;
  notYetValid: Grouped<number>;
  verifyError: Grouped<number>;
  verified: Set<string>;
}

function nsecSignatureSets(): NsecSignatureSets {
  return {
    noDnskey: new Grouped(),
    expired: new Grouped(),
    notYetValid: new Grouped(),
    verifyError: new Grouped(),
    verified: new Set(),
  };
}

/** DNSSEC10 steps 6.5.3.6 / 6.6.3.6: each RRSIG of the NSEC or NSEC3 record. */
function checkNsecSignatures(
  sets: NsecSignatureSets,
  algoNotSupported: Grouped<string>,
  address: string,
  sigs: RR[],
  record: RR,
  keys: DnskeyInfo[],
  now: number,
) {
  for (const rr of sigs) {
    const sig = rrsigFields(rr);
    if (!keys.some((k) => k.tag === sig.keyTag)) {
      sets.noDnskey.add(sig.keyTag, address);
      continue;
    }
    const validity = signatureValidity(sig, now);
    if (validity === 'expired') sets.expired.add(sig.keyTag, address);
    else if (validity === 'not-yet-valid') sets.notYetValid.add(sig.keyTag, address);
    else {
      const outcome = checkSignature(sig, [record], keys);
      if (outcome === 'unsupported') algoNotSupported.add(`${sig.keyTag}|${sig.algorithm}`, address);
      else if (outcome === 'valid') sets.verified.add(address);
      else sets.verifyError.add(sig.keyTag, address);
    }
  }
}

export const dnssec10 = testCase({
  id: 'dnssec10',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec10.md',
  tags: {
    DS10_ALGO_NOT_SUPPORTED_BY_ZM: 'keytag algo_num algo_mnemo ns_ip_list',
    DS10_ERR_MULT_NSEC: 'ns_list',
    DS10_ERR_MULT_NSEC3: 'ns_list',
    DS10_ERR_MULT_NSEC3PARAM: 'ns_list',
    DS10_EXPECTED_NSEC_NSEC3_MISSING: 'ns_list',
    DS10_HAS_NSEC: 'ns_list',
    DS10_HAS_NSEC3: 'ns_list',
    DS10_INCONSISTENT_NSEC: 'ns_list',
    DS10_INCONSISTENT_NSEC3: 'ns_list',
    DS10_INCONSISTENT_NSEC_NSEC3: 'ns_list_nsec ns_list_nsec3',
    DS10_MIXED_NSEC_NSEC3: 'ns_list',
    DS10_NSEC3PARAM_GIVES_ERR_ANSWER: 'ns_list',
    DS10_NSEC3PARAM_MISMATCHES_APEX: 'ns_list',
    DS10_NSEC3PARAM_QUERY_RESPONSE_ERR: 'ns_list',
    DS10_NSEC3_ERR_TYPE_LIST: 'ns_list',
    DS10_NSEC3_MISMATCHES_APEX: 'ns_list',
    DS10_NSEC3_MISSING_SIGNATURE: 'ns_list',
    DS10_NSEC3_NODATA_MISSING_SOA: 'ns_list',
    DS10_NSEC3_NODATA_WRONG_SOA: 'domain ns_list',
    DS10_NSEC3_NO_VERIFIED_SIGNATURE: 'ns_list',
    DS10_NSEC3_RRSIG_EXPIRED: 'keytag ns_list',
    DS10_NSEC3_RRSIG_NOT_YET_VALID: 'keytag ns_list',
    DS10_NSEC3_RRSIG_NO_DNSKEY: 'keytag ns_list',
    DS10_NSEC3_RRSIG_VERIFY_ERROR: 'keytag ns_list',
    DS10_NSEC_ERR_TYPE_LIST: 'ns_list',
    DS10_NSEC_GIVES_ERR_ANSWER: 'ns_list',
    DS10_NSEC_MISMATCHES_APEX: 'ns_list',
    DS10_NSEC_MISSING_SIGNATURE: 'ns_list',
    DS10_NSEC_NODATA_MISSING_SOA: 'ns_list',
    DS10_NSEC_NODATA_WRONG_SOA: 'domain ns_list',
    DS10_NSEC_NO_VERIFIED_SIGNATURE: 'ns_list',
    DS10_NSEC_QUERY_RESPONSE_ERR: 'ns_list',
    DS10_NSEC_RRSIG_EXPIRED: 'keytag ns_list',
    DS10_NSEC_RRSIG_NOT_YET_VALID: 'keytag ns_list',
    DS10_NSEC_RRSIG_NO_DNSKEY: 'keytag ns_list',
    DS10_NSEC_RRSIG_VERIFY_ERROR: 'keytag ns_list',
    DS10_SERVER_NO_DNSSEC: 'ns_list',
    DS10_ZONE_NO_DNSSEC: 'ns_list',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const servers = await childServers(ctx);
    const all = usableAddresses(ctx, servers);
    const algoNotSupported = new Grouped<string>();
    const multNsec = new Set<string>();
    const multNsec3 = new Set<string>();
    const multNsec3param = new Set<string>();
    const ignored = new Set<string>();
    const nsecInAnswer = new Set<string>();
    const nsecTypeList = new Set<string>();
    const nsecMismatch = new Set<string>();
    const nsecMissingSig = new Set<string>();
    const nsecWrongSoa = new Grouped<string>();
    const nsecMissingSoa = new Set<string>();
    const nsecErrAnswer = new Set<string>();
    const nsecGivesNsec3Nodata = new Set<string>();
    const nsecSigs = nsecSignatureSets();
    const nsecQueryErr = new Set<string>();
    const nsec3TypeList = new Set<string>();
    const nsec3Mismatch = new Set<string>();
    const nsec3MissingSig = new Set<string>();
    const nsec3WrongSoa = new Grouped<string>();
    const nsec3MissingSoa = new Set<string>();
    const nsec3Sigs = nsecSignatureSets();
    const nsec3paramInAnswer = new Set<string>();
    const nsec3paramMismatch = new Set<string>();
    const nsec3paramErrAnswer = new Set<string>();
    const nsec3paramGivesNsecNodata = new Set<string>();
    const nsec3paramQueryErr = new Set<string>();
    const withoutDnskey = new Set<string>();
    const withDnskey = new Set<string>();
    const hasTypes = (types: string[], required: string[], forbidden: string[]) =>
      required.every((t) => types.includes(t)) && !forbidden.some((t) => types.includes(t));

    // DNSSEC10 step 6
    for (const address of all) {
      const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
      if (!isAuthNoError(p)) {
        ignored.add(address);
        continue;
      }
      const keyRecords = answers(p, 'DNSKEY', child);
      if (keyRecords.length === 0) {
        withoutDnskey.add(address);
        continue;
      }
      withDnskey.add(address);
      const keys = keyRecords.map(dnskeyInfo);

      // DNSSEC10 step 6.5: NSEC query
      const n = await ask(ctx, servers, address, child, 'NSEC', DNSSEC);
      if (!isAuthNoError(n)) nsecQueryErr.add(address);
      else if (n.answer.length > 0) {
        const nsec = n.answer.filter((rr) => rr.type === 'NSEC');
        if (nsec.length > 0) {
          nsecInAnswer.add(address);
          if (nsec.length > 1) multNsec.add(address);
          else if (nsec[0]!.name !== child) nsecMismatch.add(address);
        } else nsecErrAnswer.add(address);
      } else if (n.authority.some((rr) => rr.type === 'NSEC3')) {
        nsecGivesNsec3Nodata.add(address);
        const soa = n.authority.filter((rr) => rr.type === 'SOA');
        if (soa.length === 0) nsec3MissingSoa.add(address);
        else if (soa[0]!.name !== child) nsec3WrongSoa.add(soa[0]!.name, address);
        const nsec3 = n.authority.filter((rr) => rr.type === 'NSEC3');
        if (nsec3.length > 1) multNsec3.add(address);
        else {
          const record = nsec3[0]!;
          const { salt, iterations, rrtypes } = record.data;
          const expectedOwner = `${nsec3OwnerLabel(child, salt, iterations)}${child === '' ? '' : `.${child}`}`;
          if (record.name !== expectedOwner) nsec3Mismatch.add(address);
          else if (!hasTypes(rrtypes, ['SOA', 'NS', 'DNSKEY', 'NSEC3PARAM', 'RRSIG'], ['NSEC', 'NSEC3']))
            nsec3TypeList.add(address);
          const sigs = rrsigsCovering(n.authority, 'NSEC3', record.name);
          if (sigs.length === 0) nsec3MissingSig.add(address);
          else checkNsecSignatures(nsec3Sigs, algoNotSupported, address, sigs, record, keys, responseTime(n));
        }
      }

      // DNSSEC10 step 6.6: NSEC3PARAM query
      const q = await ask(ctx, servers, address, child, 'NSEC3PARAM', DNSSEC);
      if (!isAuthNoError(q)) nsec3paramQueryErr.add(address);
      else if (q.answer.length > 0) {
        const params = q.answer.filter((rr) => rr.type === 'NSEC3PARAM');
        if (params.length > 0) {
          nsec3paramInAnswer.add(address);
          if (params.length > 1) multNsec3param.add(address);
          else if (params[0]!.name !== child) nsec3paramMismatch.add(address);
        } else nsec3paramErrAnswer.add(address);
      } else if (q.authority.some((rr) => rr.type === 'NSEC')) {
        nsec3paramGivesNsecNodata.add(address);
        const soa = q.authority.filter((rr) => rr.type === 'SOA');
        if (soa.length === 0) nsecMissingSoa.add(address);
        else if (soa[0]!.name !== child) nsecWrongSoa.add(soa[0]!.name, address);
        const nsec = q.authority.filter((rr) => rr.type === 'NSEC');
        if (nsec.length > 1) multNsec.add(address);
        else {
          const record = nsec[0]!;
          if (record.name !== child) nsecMismatch.add(address);
          else if (
            !hasTypes(record.data.rrtypes, ['SOA', 'NS', 'DNSKEY', 'NSEC', 'RRSIG'], ['NSEC3PARAM', 'NSEC3'])
          )
            nsecTypeList.add(address);
          const sigs = rrsigsCovering(q.authority, 'NSEC', record.name);
          if (sigs.length === 0) nsecMissingSig.add(address);
          else checkNsecSignatures(nsecSigs, algoNotSupported, address, sigs, record, keys, responseTime(q));
        }
      }
    }

    const list = (set: Iterable<string>) => ({ ns_list: nsList(servers, set) });
    // DNSSEC10 steps 7-9
    if (multNsec.size > 0) ctx.emit('DS10_ERR_MULT_NSEC', list(multNsec));
    if (multNsec3.size > 0) ctx.emit('DS10_ERR_MULT_NSEC3', list(multNsec3));
    if (multNsec3param.size > 0) ctx.emit('DS10_ERR_MULT_NSEC3PARAM', list(multNsec3param));
    const nsecSide = new Set([...nsecInAnswer, ...nsec3paramGivesNsecNodata]);
    const nsec3Side = new Set([...nsec3paramInAnswer, ...nsecGivesNsec3Nodata]);
    const symmetricDifference = (a: Set<string>, b: Set<string>) =>
      [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));
    // DNSSEC10 step 10
    const inconsistentNsec = symmetricDifference(nsecInAnswer, nsec3paramGivesNsecNodata).filter(
      (a) => !nsec3Side.has(a),
    );
    if (inconsistentNsec.length > 0) ctx.emit('DS10_INCONSISTENT_NSEC', list(inconsistentNsec));
    // DNSSEC10 step 11
    const inconsistentNsec3 = symmetricDifference(nsec3paramInAnswer, nsecGivesNsec3Nodata).filter(
      (a) => !nsecSide.has(a),
    );
    if (inconsistentNsec3.length > 0) ctx.emit('DS10_INCONSISTENT_NSEC3', list(inconsistentNsec3));
    // DNSSEC10 step 12
    const mixed = [...nsec3Side].filter((a) => nsecSide.has(a));
    if (mixed.length > 0) ctx.emit('DS10_MIXED_NSEC_NSEC3', list(mixed));
    // DNSSEC10 steps 13-14
    if (nsecSide.size > 0 && nsec3Side.size === 0) ctx.emit('DS10_HAS_NSEC', list(nsecSide));
    if (nsec3Side.size > 0 && nsecSide.size === 0) ctx.emit('DS10_HAS_NSEC3', list(nsec3Side));
    // DNSSEC10 step 15
    const onlyNsec3 = [...nsec3Side].filter((a) => !nsecSide.has(a));
    const onlyNsec = [...nsecSide].filter((a) => !nsec3Side.has(a));
    if (onlyNsec3.length > 0 && onlyNsec.length > 0) {
      ctx.emit('DS10_INCONSISTENT_NSEC_NSEC3', {
        ns_list_nsec: nsList(servers, onlyNsec),
        ns_list_nsec3: nsList(servers, onlyNsec3),
      });
    }
    // DNSSEC10 steps 16-28
    if (nsecTypeList.size > 0) ctx.emit('DS10_NSEC_ERR_TYPE_LIST', list(nsecTypeList));
    if (nsecMismatch.size > 0) ctx.emit('DS10_NSEC_MISMATCHES_APEX', list(nsecMismatch));
    for (const [domain, set] of nsecWrongSoa.map)
      ctx.emit('DS10_NSEC_NODATA_WRONG_SOA', { domain: displayName(domain), ...list(set) });
    if (nsecMissingSoa.size > 0) ctx.emit('DS10_NSEC_NODATA_MISSING_SOA', list(nsecMissingSoa));
    if (nsecErrAnswer.size > 0) ctx.emit('DS10_NSEC_GIVES_ERR_ANSWER', list(nsecErrAnswer));
    if (nsecQueryErr.size > 0) ctx.emit('DS10_NSEC_QUERY_RESPONSE_ERR', list(nsecQueryErr));
    if (nsec3TypeList.size > 0) ctx.emit('DS10_NSEC3_ERR_TYPE_LIST', list(nsec3TypeList));
    if (nsec3Mismatch.size > 0) ctx.emit('DS10_NSEC3_MISMATCHES_APEX', list(nsec3Mismatch));
    for (const [domain, set] of nsec3WrongSoa.map)
      ctx.emit('DS10_NSEC3_NODATA_WRONG_SOA', { domain: displayName(domain), ...list(set) });
    if (nsec3MissingSoa.size > 0) ctx.emit('DS10_NSEC3_NODATA_MISSING_SOA', list(nsec3MissingSoa));
    if (nsec3paramErrAnswer.size > 0) ctx.emit('DS10_NSEC3PARAM_GIVES_ERR_ANSWER', list(nsec3paramErrAnswer));
    if (nsec3paramMismatch.size > 0) ctx.emit('DS10_NSEC3PARAM_MISMATCHES_APEX', list(nsec3paramMismatch));
    if (nsec3paramQueryErr.size > 0) ctx.emit('DS10_NSEC3PARAM_QUERY_RESPONSE_ERR', list(nsec3paramQueryErr));
    // DNSSEC10 steps 29-30
    if (nsecMissingSig.size > 0) ctx.emit('DS10_NSEC_MISSING_SIGNATURE', list(nsecMissingSig));
    if (nsec3MissingSig.size > 0) ctx.emit('DS10_NSEC3_MISSING_SIGNATURE', list(nsec3MissingSig));
    // DNSSEC10 steps 31-40
    for (const [kind, sets] of [
      ['NSEC', nsecSigs],
      ['NSEC3', nsec3Sigs],
    ] as const) {
      const byKey = (
        tag: `DS10_${typeof kind}_RRSIG_${'NO_DNSKEY' | 'EXPIRED' | 'NOT_YET_VALID' | 'VERIFY_ERROR'}`,
        group: Grouped<number>,
      ) => {
        for (const [keytag, set] of group.map) ctx.emit(tag, { keytag, ...list(set) });
      };
      byKey(`DS10_${kind}_RRSIG_NO_DNSKEY`, sets.noDnskey);
      byKey(`DS10_${kind}_RRSIG_EXPIRED`, sets.expired);
      byKey(`DS10_${kind}_RRSIG_NOT_YET_VALID`, sets.notYetValid);
      byKey(`DS10_${kind}_RRSIG_VERIFY_ERROR`, sets.verifyError);
      const failing = new Set([
        ...sets.noDnskey.addresses(),
        ...sets.expired.addresses(),
        ...sets.notYetValid.addresses(),
        ...sets.verifyError.addresses(),
      ]);
      const unverified = [...failing].filter((a) => !sets.verified.has(a));
      if (unverified.length > 0) ctx.emit(`DS10_${kind}_NO_VERIFIED_SIGNATURE`, list(unverified));
    }
    // DNSSEC10 step 41
    for (const args of algoNotSupportedArgs(algoNotSupported))
      ctx.emit('DS10_ALGO_NOT_SUPPORTED_BY_ZM', args);
    // DNSSEC10 steps 42-43
    if (withDnskey.size === 0 && withoutDnskey.size > 0) ctx.emit('DS10_ZONE_NO_DNSSEC', list(withoutDnskey));
    if (withDnskey.size > 0 && withoutDnskey.size > 0) ctx.emit('DS10_SERVER_NO_DNSSEC', list(withoutDnskey));
    // DNSSEC10 step 44
    const accounted = new Set([...ignored, ...withoutDnskey, ...nsecSide, ...nsec3Side]);
    const missing = all.filter((a) => !accounted.has(a));
    if (missing.length > 0) ctx.emit('DS10_EXPECTED_NSEC_NSEC3_MISSING', list(missing));
  },
});
