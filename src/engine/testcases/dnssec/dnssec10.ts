/**
 * DNSSEC10: Denial of existence (NSEC or NSEC3) is valid.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { algoNotSupportedArgs, emitNsLists } from './by-keytag.js';
import { displayName } from '../../dns/name.js';
import {
  apexRecords,
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
  serversByAnswer,
  signatureValidity,
  usableAddresses,
} from '../../dnssec/servers.js';
import { nsec3OwnerLabel } from '../../dnssec/nsec3.js';
import type { Packet, RR } from '../../dns/types.js';
import { testCase } from '../test-case.js';

/** What the NSEC query (step 6.5) or the NSEC3PARAM query (step 6.6) finds, by server address. */
interface QueryFindings {
  queryErr: Set<string>;
  /** the queried type in the answer section */
  inAnswer: Set<string>;
  mult: Set<string>;
  mismatch: Set<string>;
  /** an answer without the queried type */
  errAnswer: Set<string>;
  /** NODATA proved with the other mechanism: NSEC3 for the NSEC query, NSEC for the NSEC3PARAM query */
  givesNodata: Set<string>;
}

/** What the NODATA responses proving with NSEC, or with NSEC3, show, by server address. */
interface ProofFindings {
  mult: Set<string>;
  mismatch: Set<string>;
  typeList: Set<string>;
  missingSoa: Set<string>;
  wrongSoa: Grouped<string>;
  missingSig: Set<string>;
  // the RRSIGs of the NSEC or NSEC3 record (steps 6.5.3.6 / 6.6.3.6)
  noDnskey: Grouped<number>;
  expired: Grouped<number>;
  notYetValid: Grouped<number>;
  verifyError: Grouped<number>;
  verified: Set<string>;
}

function queryFindings(): QueryFindings {
  return {
    queryErr: new Set(),
    inAnswer: new Set(),
    mult: new Set(),
    mismatch: new Set(),
    errAnswer: new Set(),
    givesNodata: new Set(),
  };
}

function proofFindings(): ProofFindings {
  return {
    mult: new Set(),
    mismatch: new Set(),
    typeList: new Set(),
    missingSoa: new Set(),
    wrongSoa: new Grouped(),
    missingSig: new Set(),
    noDnskey: new Grouped(),
    expired: new Grouped(),
    notYetValid: new Grouped(),
    verifyError: new Grouped(),
    verified: new Set(),
  };
}

/** A NODATA proof's record: where it must stand and which types its bitmap must and must not list. */
interface Proof {
  type: 'NSEC' | 'NSEC3';
  owner(record: RR, zone: string): string;
  required: string[];
  forbidden: string[];
}

/** Step 6.5.3: the NSEC3 record of the NSEC query's NODATA response. */
const NSEC3_PROOF: Proof = {
  type: 'NSEC3',
  owner: (record, zone) =>
    `${nsec3OwnerLabel(zone, record.data.salt, record.data.iterations)}${zone === '' ? '' : `.${zone}`}`,
  required: ['SOA', 'NS', 'DNSKEY', 'NSEC3PARAM', 'RRSIG'],
  forbidden: ['NSEC', 'NSEC3'],
};

/** Step 6.6.3: the NSEC record of the NSEC3PARAM query's NODATA response. */
const NSEC_PROOF: Proof = {
  type: 'NSEC',
  owner: (_record, zone) => zone,
  required: ['SOA', 'NS', 'DNSKEY', 'NSEC', 'RRSIG'],
  forbidden: ['NSEC3PARAM', 'NSEC3'],
};

/** One server of step 6 with its DNSKEY RRset. */
interface KeyedServer {
  address: string;
  zone: string;
  keys: DnskeyInfo[];
  algoNotSupported: Grouped<string>;
}

/** Steps 6.5 / 6.6: one server's response to the NSEC or NSEC3PARAM query. */
function checkQuery(
  p: Packet | undefined,
  qtype: 'NSEC' | 'NSEC3PARAM',
  found: QueryFindings,
  nodata: { proof: Proof; found: ProofFindings },
  server: KeyedServer,
) {
  const { address, zone } = server;
  if (!isAuthNoError(p)) found.queryErr.add(address);
  else if (p.answer.length > 0) {
    const records = p.answer.filter((rr) => rr.type === qtype);
    if (records.length === 0) found.errAnswer.add(address);
    else {
      found.inAnswer.add(address);
      if (records.length > 1) found.mult.add(address);
      else if (records[0]!.name !== zone) found.mismatch.add(address);
    }
  } else if (p.authority.some((rr) => rr.type === nodata.proof.type)) {
    found.givesNodata.add(address);
    checkProof(p, nodata.proof, nodata.found, server);
  }
}

/** Steps 6.5.3 / 6.6.3: the SOA and the NSEC3 or NSEC record of a NODATA response, and that record's RRSIGs. */
function checkProof(p: Packet, proof: Proof, found: ProofFindings, server: KeyedServer) {
  const { address, zone } = server;
  const soa = p.authority.filter((rr) => rr.type === 'SOA');
  if (soa.length === 0) found.missingSoa.add(address);
  else if (soa[0]!.name !== zone) found.wrongSoa.add(soa[0]!.name, address);
  const records = p.authority.filter((rr) => rr.type === proof.type);
  if (records.length > 1) {
    found.mult.add(address);
    return;
  }
  const record = records[0]!;
  const types: string[] = record.data.rrtypes;
  if (record.name !== proof.owner(record, zone)) found.mismatch.add(address);
  else if (!proof.required.every((t) => types.includes(t)) || proof.forbidden.some((t) => types.includes(t)))
    found.typeList.add(address);
  const sigs = rrsigsCovering(p.authority, proof.type, record.name);
  if (sigs.length === 0) found.missingSig.add(address);
  else checkSignatures(found, server, sigs, record, responseTime(p));
}

/** Steps 6.5.3.6 / 6.6.3.6: each RRSIG of the NSEC or NSEC3 record. */
function checkSignatures(found: ProofFindings, server: KeyedServer, sigs: RR[], record: RR, now: number) {
  const { address, keys } = server;
  for (const rr of sigs) {
    const sig = rrsigFields(rr);
    if (!keys.some((k) => k.tag === sig.keyTag)) {
      found.noDnskey.add(sig.keyTag, address);
      continue;
    }
    const validity = signatureValidity(sig, now);
    if (validity === 'expired') found.expired.add(sig.keyTag, address);
    else if (validity === 'not-yet-valid') found.notYetValid.add(sig.keyTag, address);
    else {
      const outcome = checkSignature(sig, [record], keys);
      if (outcome === 'unsupported') server.algoNotSupported.add(`${sig.keyTag}|${sig.algorithm}`, address);
      else if (outcome === 'valid') found.verified.add(address);
      else found.verifyError.add(sig.keyTag, address);
    }
  }
}

const symmetricDifference = (a: Set<string>, b: Set<string>) =>
  [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));

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
    const servers = await childServers(ctx);
    const algoNotSupported = new Grouped<string>();
    const dnskey = serversByAnswer();
    const nsec = proofFindings();
    const nsec3 = proofFindings();
    // An answer to the NSEC query with several NSEC records, or one not at the apex, is reported as a proof's.
    const nsecQuery: QueryFindings = { ...queryFindings(), mult: nsec.mult, mismatch: nsec.mismatch };
    const nsec3paramQuery = queryFindings();

    // DNSSEC10 step 6
    for (const address of usableAddresses(ctx, servers)) {
      const keyRecords = await apexRecords(ctx, servers, address, 'DNSKEY', isAuthNoError, dnskey);
      if (keyRecords.length === 0) continue;
      const server = { address, zone: ctx.zone.name, keys: keyRecords.map(dnskeyInfo), algoNotSupported };
      // DNSSEC10 step 6.5: NSEC query
      const n = await ask(ctx, servers, address, ctx.zone.name, 'NSEC', DNSSEC);
      checkQuery(n, 'NSEC', nsecQuery, { proof: NSEC3_PROOF, found: nsec3 }, server);
      // DNSSEC10 step 6.6: NSEC3PARAM query
      const q = await ask(ctx, servers, address, ctx.zone.name, 'NSEC3PARAM', DNSSEC);
      checkQuery(q, 'NSEC3PARAM', nsec3paramQuery, { proof: NSEC_PROOF, found: nsec }, server);
    }

    const nsecSide = new Set([...nsecQuery.inAnswer, ...nsec3paramQuery.givesNodata]);
    const nsec3Side = new Set([...nsec3paramQuery.inAnswer, ...nsecQuery.givesNodata]);
    const onlyNsec = [...nsecSide].filter((a) => !nsec3Side.has(a));
    const onlyNsec3 = [...nsec3Side].filter((a) => !nsecSide.has(a));
    emitNsLists(ctx, servers, {
      // DNSSEC10 steps 7-9
      DS10_ERR_MULT_NSEC: nsec.mult,
      DS10_ERR_MULT_NSEC3: nsec3.mult,
      DS10_ERR_MULT_NSEC3PARAM: nsec3paramQuery.mult,
      // DNSSEC10 steps 10-11
      DS10_INCONSISTENT_NSEC: symmetricDifference(nsecQuery.inAnswer, nsec3paramQuery.givesNodata).filter(
        (a) => !nsec3Side.has(a),
      ),
      DS10_INCONSISTENT_NSEC3: symmetricDifference(nsec3paramQuery.inAnswer, nsecQuery.givesNodata).filter(
        (a) => !nsecSide.has(a),
      ),
      // DNSSEC10 steps 12-14
      DS10_MIXED_NSEC_NSEC3: [...nsec3Side].filter((a) => nsecSide.has(a)),
      DS10_HAS_NSEC: nsec3Side.size === 0 ? nsecSide : [],
      DS10_HAS_NSEC3: nsecSide.size === 0 ? nsec3Side : [],
    });
    // DNSSEC10 step 15
    if (onlyNsec3.length > 0 && onlyNsec.length > 0) {
      ctx.emit('DS10_INCONSISTENT_NSEC_NSEC3', {
        ns_list_nsec: nsList(servers, onlyNsec),
        ns_list_nsec3: nsList(servers, onlyNsec3),
      });
    }
    const wrongSoa = (
      tag: 'DS10_NSEC_NODATA_WRONG_SOA' | 'DS10_NSEC3_NODATA_WRONG_SOA',
      found: Grouped<string>,
    ) => {
      for (const [domain, set] of found.map)
        ctx.emit(tag, { domain: displayName(domain), ns_list: nsList(servers, set) });
    };
    // DNSSEC10 steps 16-28
    emitNsLists(ctx, servers, {
      DS10_NSEC_ERR_TYPE_LIST: nsec.typeList,
      DS10_NSEC_MISMATCHES_APEX: nsec.mismatch,
    });
    wrongSoa('DS10_NSEC_NODATA_WRONG_SOA', nsec.wrongSoa);
    emitNsLists(ctx, servers, {
      DS10_NSEC_NODATA_MISSING_SOA: nsec.missingSoa,
      DS10_NSEC_GIVES_ERR_ANSWER: nsecQuery.errAnswer,
      DS10_NSEC_QUERY_RESPONSE_ERR: nsecQuery.queryErr,
      DS10_NSEC3_ERR_TYPE_LIST: nsec3.typeList,
      DS10_NSEC3_MISMATCHES_APEX: nsec3.mismatch,
    });
    wrongSoa('DS10_NSEC3_NODATA_WRONG_SOA', nsec3.wrongSoa);
    emitNsLists(ctx, servers, {
      DS10_NSEC3_NODATA_MISSING_SOA: nsec3.missingSoa,
      DS10_NSEC3PARAM_GIVES_ERR_ANSWER: nsec3paramQuery.errAnswer,
      DS10_NSEC3PARAM_MISMATCHES_APEX: nsec3paramQuery.mismatch,
      DS10_NSEC3PARAM_QUERY_RESPONSE_ERR: nsec3paramQuery.queryErr,
      // DNSSEC10 steps 29-30
      DS10_NSEC_MISSING_SIGNATURE: nsec.missingSig,
      DS10_NSEC3_MISSING_SIGNATURE: nsec3.missingSig,
    });
    // DNSSEC10 steps 31-40
    for (const [kind, found] of [
      ['NSEC', nsec],
      ['NSEC3', nsec3],
    ] as const) {
      const byKey = (
        tag: `DS10_${typeof kind}_RRSIG_${'NO_DNSKEY' | 'EXPIRED' | 'NOT_YET_VALID' | 'VERIFY_ERROR'}`,
        group: Grouped<number>,
      ) => {
        for (const [keytag, set] of group.map) ctx.emit(tag, { keytag, ns_list: nsList(servers, set) });
      };
      byKey(`DS10_${kind}_RRSIG_NO_DNSKEY`, found.noDnskey);
      byKey(`DS10_${kind}_RRSIG_EXPIRED`, found.expired);
      byKey(`DS10_${kind}_RRSIG_NOT_YET_VALID`, found.notYetValid);
      byKey(`DS10_${kind}_RRSIG_VERIFY_ERROR`, found.verifyError);
      const failing = new Set([
        ...found.noDnskey.addresses(),
        ...found.expired.addresses(),
        ...found.notYetValid.addresses(),
        ...found.verifyError.addresses(),
      ]);
      const unverified = [...failing].filter((a) => !found.verified.has(a));
      if (unverified.length > 0)
        ctx.emit(`DS10_${kind}_NO_VERIFIED_SIGNATURE`, { ns_list: nsList(servers, unverified) });
    }
    // DNSSEC10 step 41
    for (const args of algoNotSupportedArgs(algoNotSupported))
      ctx.emit('DS10_ALGO_NOT_SUPPORTED_BY_ZM', args);
    const accounted = new Set([...dnskey.ignored, ...dnskey.without, ...nsecSide, ...nsec3Side]);
    emitNsLists(ctx, servers, {
      // DNSSEC10 steps 42-43
      DS10_ZONE_NO_DNSSEC: dnskey.with.size === 0 ? dnskey.without : [],
      DS10_SERVER_NO_DNSSEC: dnskey.with.size > 0 ? dnskey.without : [],
      // DNSSEC10 step 44
      DS10_EXPECTED_NSEC_NSEC3_MISSING: usableAddresses(ctx, servers).filter((a) => !accounted.has(a)),
    });
  },
});
