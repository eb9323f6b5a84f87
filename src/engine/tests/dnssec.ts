/**
 * DNSSEC module: DNSSEC01-11 and 13-18 (DNSSEC12 does not exist). Specifications:
 * zonemaster/zonemaster docs/public/specifications/tests/DNSSEC-TP/dnssecNN.md. The cryptographic primitives
 * live in ../dnssec/.
 */
import { digestAlgorithm, dnskeyAlgorithm, SUPPORTED_DIGEST_TYPES } from '../dnssec/algorithms.js';
import { dsMatchesDnskey } from '../dnssec/digest.js';
import { FLAG_SEP, FLAG_ZONE, keySize } from '../dnssec/keys.js';
import {
  answers,
  ask,
  checkSignature,
  childServers,
  dnskeyInfo,
  Grouped,
  ipList,
  isAuthNoError,
  isGoodDnssecResponse,
  nsList,
  parentServers,
  responseTime,
  rrsigFields,
  rrsigsCovering,
  signatureValidity,
  usableAddresses,
  type DnskeyInfo,
  type ServerNames,
} from '../dnssec/servers.js';
import { nsec3OwnerLabel } from '../dnssec/nsec3.js';
import { displayName } from '../recursor.js';
import type { RR } from '../dns/types.js';
import type { ModuleDefinition, TagSpec, TestCaseDefinition, TestContext } from './context.js';
import { tagsOf } from '../dnssec/tagspecs.js';

const DNSSEC = { dnssec: true } as const;

function testCase(
  id: string,
  run: (ctx: TestContext) => Promise<void>,
  tags: readonly TagSpec[] = tagsOf(id),
): TestCaseDefinition {
  const number = id.slice(-2);
  return { id, name: `DNSSEC${number}`, module: 'DNSSEC', specId: `DNSSEC${number}`, tags, run };
}

/** The RDATA fields of a DS record, from a parent's answer or from Undelegated DS. */
interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Uint8Array;
}

/** Undelegated DS (test-types/undelegated-test.md) as DS RDATA; empty unless the user gave DS records. */
function undelegatedDs(ctx: TestContext): DsData[] {
  return ctx.zone.undelegatedDs.map((d) => ({
    keyTag: d.keytag,
    algorithm: d.algorithm,
    digestType: d.digtype,
    digest: Uint8Array.from(Buffer.from(d.digest, 'hex')),
  }));
}

// ------------------------------------------------------------------------------------------------ DNSSEC01

export const dnssec01 = testCase('dnssec01', async (ctx) => {
  const child = ctx.zone.name;
  const given = undelegatedDs(ctx);
  // DNSSEC01 steps 2 and 4.3: empty for root and undelegated tests, and when Undelegated DS is given
  const parents = given.length > 0 ? new Map<string, string[]>() : await parentServers(ctx);
  const ignored = new Set<string>();
  const withoutDs = new Set<string>();
  const withDs = new Set<string>();
  const byClass = new Map<string, Grouped<string>>(); // tag -> "keytag|algo" -> addresses
  const algo2 = new Set<string>(); // "address|keytag"
  const nonAlgo2 = new Set<string>();
  const classify = (address: string, ds: readonly DsData[]) => {
    for (const { keyTag, digestType } of ds) {
      const status = digestAlgorithm(digestType).status;
      if (!byClass.has(status)) byClass.set(status, new Grouped());
      byClass.get(status)!.add(`${keyTag}|${digestType}`, address);
      (digestType === 2 ? algo2 : nonAlgo2).add(`${address}|${keyTag}`);
    }
  };
  // DNSSEC01 step 4: Undelegated DS, reported as from server "-"
  if (given.length > 0) {
    classify('-', given);
    withDs.add('-');
  }
  // DNSSEC01 step 5
  for (const address of usableAddresses(ctx, parents)) {
    const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
    if (!isGoodDnssecResponse(p)) {
      ignored.add(address);
      continue;
    }
    const ds = answers(p, 'DS', child);
    if (ds.length === 0) {
      withoutDs.add(address);
      continue;
    }
    withDs.add(address);
    classify(
      address,
      ds.map((rr) => rr.data as DsData),
    );
  }
  // DNSSEC01 step 8: DS01_DS_ALGO_DEPRECATED, _RESERVED, _UNASSIGNED, _PRIVATE, _NOT_DS, _OK
  for (const tag of [
    'DS01_DS_ALGO_DEPRECATED',
    'DS01_DS_ALGO_RESERVED',
    'DS01_DS_ALGO_UNASSIGNED',
    'DS01_DS_ALGO_PRIVATE',
    'DS01_DS_ALGO_NOT_DS',
    'DS01_DS_ALGO_OK',
  ]) {
    for (const [key, addresses] of byClass.get(tag)?.map ?? []) {
      const [keytag, num] = key.split('|').map(Number) as [number, number];
      const args: Record<string, string | number> = {
        keytag,
        ds_algo_num: num,
        ns_list: nsList(parents, addresses),
      };
      if (['DS01_DS_ALGO_DEPRECATED', 'DS01_DS_ALGO_NOT_DS', 'DS01_DS_ALGO_OK'].includes(tag))
        args.ds_algo_descr = digestAlgorithm(num).descr;
      ctx.emit(tag, args);
    }
  }
  // DNSSEC01 step 9: DS01_DS_ALGO_2_MISSING
  const missing = new Grouped<number>();
  for (const pair of nonAlgo2) {
    if (algo2.has(pair)) continue;
    const [address, keytag] = pair.split('|') as [string, string];
    missing.add(Number(keytag), address);
  }
  for (const [keytag, addresses] of missing.map)
    ctx.emit('DS01_DS_ALGO_2_MISSING', { keytag, ns_list: nsList(parents, addresses) });
  // DNSSEC01 step 10: DS01_NO_RESPONSE
  if (withoutDs.size === 0 && withDs.size === 0 && ignored.size > 0)
    ctx.emit('DS01_NO_RESPONSE', { ns_list: nsList(parents, ignored) });
  // DNSSEC01 step 11: DS01_ROOT_N_NO_UNDEL_DS
  if (child === '' && given.length === 0) ctx.emit('DS01_ROOT_N_NO_UNDEL_DS', {});
  // DNSSEC01 step 12: DS01_UNDEL_N_NO_UNDEL_DS
  if (child !== '' && ctx.zone.isUndelegated && given.length === 0) ctx.emit('DS01_UNDEL_N_NO_UNDEL_DS', {});
  // DNSSEC01 step 13: DS01_PARENT_ZONE_NO_DS / DS01_PARENT_SERVER_NO_DS
  if (withoutDs.size > 0)
    ctx.emit(withDs.size === 0 ? 'DS01_PARENT_ZONE_NO_DS' : 'DS01_PARENT_SERVER_NO_DS', {
      ns_list: nsList(parents, withoutDs),
    });
});

// ------------------------------------------------------------------------------------------------ DNSSEC02

/** DS records from the parent servers (DNSSEC02 step 3, DNSSEC16-18). */
async function parentDsRecords(ctx: TestContext): Promise<RR[]> {
  const parents = await parentServers(ctx);
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

export const dnssec02 = testCase('dnssec02', async (ctx) => {
  const child = ctx.zone.name;
  // DNSSEC02 step 2: Undelegated DS replaces the parent's; an undelegated test without it ends here
  const given = undelegatedDs(ctx);
  if (given.length === 0 && ctx.zone.isUndelegated) return;
  // DNSSEC02 step 3
  const dsRecords = given.length > 0 ? given : (await parentDsRecords(ctx)).map((rr) => rr.data as DsData);
  if (dsRecords.length === 0) return;
  const servers = await childServers(ctx);
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
  const emitByTag = (tag: string, group: Grouped<number>) => {
    for (const [keytag, addresses] of group.map) ctx.emit(tag, { keytag, ns_ip_list: ipList(addresses) });
  };
  emitByTag('DS02_NO_DNSKEY_FOR_DS', noDnskeyForDs); // DNSSEC02 step 7
  emitByTag('DS02_NO_MATCH_DS_DNSKEY', noMatchDsDnskey); // DNSSEC02 step 8
  emitByTag('DS02_DNSKEY_NOT_FOR_ZONE_SIGNING', notZoneSigning); // DNSSEC02 step 9
  emitByTag('DS02_DNSKEY_NOT_SEP', notSep); // DNSSEC02 step 10
  emitByTag('DS02_NO_MATCHING_DNSKEY_RRSIG', noMatchingRrsig); // DNSSEC02 step 11
  // DNSSEC02 step 12: DS02_ALGO_NOT_SUPPORTED_BY_ZM
  for (const [key, addresses] of algoNotSupported.map) {
    const [keytag, algo] = key.split('|').map(Number) as [number, number];
    ctx.emit('DS02_ALGO_NOT_SUPPORTED_BY_ZM', {
      keytag,
      algo_num: algo,
      algo_mnemo: dnskeyAlgorithm(algo).mnemo,
      ns_ip_list: ipList(addresses),
    });
  }
  emitByTag('DS02_RRSIG_NOT_VALID_BY_DNSKEY', rrsigNotValid); // DNSSEC02 step 13
  // DNSSEC02 steps 14-16
  const noValid = [...responding].filter((a) => !hasMatch.has(a));
  if (noValid.length > 0) ctx.emit('DS02_NO_VALID_DNSKEY_FOR_ANY_DS', { ns_ip_list: ipList(noValid) });
  else {
    const notSigned = [...responding].filter((a) => !hasRrsigMatch.has(a));
    if (notSigned.length > 0) ctx.emit('DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS', { ns_ip_list: ipList(notSigned) });
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC03

export const dnssec03 = testCase('dnssec03', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const withoutDnskey = new Set<string>();
  const withDnskey = new Set<string>();
  const withoutNsec3 = new Set<string>();
  const withNsec3 = new Set<string>();
  const multiple = new Set<string>();
  const hashAlgo = new Grouped<number>();
  const flags = new Grouped<number>();
  const iterations = new Grouped<number>();
  const saltLength = new Grouped<number>();
  const noResponse = new Set<string>();
  const errorResponse = new Set<string>();
  // DNSSEC03 step 6
  for (const address of usableAddresses(ctx, servers)) {
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!isAuthNoError(p)) continue;
    if (answers(p, 'DNSKEY', child).length === 0) {
      withoutDnskey.add(address);
      continue;
    }
    withDnskey.add(address);
    const q = await ask(ctx, servers, address, child, 'NSEC', DNSSEC);
    if (!q) {
      noResponse.add(address);
      continue;
    }
    if (!isAuthNoError(q)) {
      errorResponse.add(address);
      continue;
    }
    const nsec3 = q.authority.filter((rr) => rr.type === 'NSEC3');
    if (nsec3.length === 0) {
      withoutNsec3.add(address);
      continue;
    }
    if (nsec3.length > 1) multiple.add(address);
    withNsec3.add(address);
    const first = nsec3[0]!.data;
    hashAlgo.add(first.algorithm, address);
    flags.add(first.flags, address);
    iterations.add(first.iterations, address);
    saltLength.add(first.salt.length, address);
  }
  // DNSSEC03 steps 7-11
  if (withDnskey.size === 0 && withoutDnskey.size > 0)
    ctx.emit('DS03_NO_DNSSEC_SUPPORT', { ns_list: nsList(servers, withoutDnskey) });
  if (withDnskey.size > 0 && withoutDnskey.size > 0)
    ctx.emit('DS03_SERVER_NO_DNSSEC_SUPPORT', { ns_list: nsList(servers, withoutDnskey) });
  if (withNsec3.size === 0 && withoutNsec3.size > 0)
    ctx.emit('DS03_NO_NSEC3', { ns_list: nsList(servers, withoutNsec3) });
  if (withNsec3.size > 0 && withoutNsec3.size > 0)
    ctx.emit('DS03_SERVER_NO_NSEC3', { ns_list: nsList(servers, withoutNsec3) });
  if (multiple.size > 0) ctx.emit('DS03_ERR_MULT_NSEC3', { ns_list: nsList(servers, multiple) });
  // DNSSEC03 step 12
  if (hashAlgo.size > 1) ctx.emit('DS03_INCONSISTENT_HASH_ALGO', {});
  for (const [algo, addresses] of hashAlgo.map) {
    if (algo === 1) ctx.emit('DS03_LEGAL_HASH_ALGO', { ns_list: nsList(servers, addresses) });
    else ctx.emit('DS03_ILLEGAL_HASH_ALGO', { algo_num: algo, ns_list: nsList(servers, addresses) });
  }
  // DNSSEC03 step 13 (flag bit n counts from the most significant bit; bit 7 is Opt-Out)
  if (flags.size > 1) ctx.emit('DS03_INCONSISTENT_NSEC3_FLAGS', {});
  const isTld = child === '' || !child.includes('.');
  for (const [value, addresses] of flags.map) {
    for (let bit = 0; bit <= 6; bit++)
      if (value & (0x80 >> bit))
        ctx.emit('DS03_UNASSIGNED_FLAG_USED', { int: bit, ns_list: nsList(servers, addresses) });
    if (value & 1)
      ctx.emit(isTld ? 'DS03_NSEC3_OPT_OUT_ENABLED_TLD' : 'DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD', {
        ns_list: nsList(servers, addresses),
      });
    else ctx.emit('DS03_NSEC3_OPT_OUT_DISABLED', { ns_list: nsList(servers, addresses) });
  }
  // DNSSEC03 step 14
  if (iterations.size > 1) ctx.emit('DS03_INCONSISTENT_ITERATION', {});
  for (const [value, addresses] of iterations.map) {
    if (value === 0) ctx.emit('DS03_LEGAL_ITERATION_VALUE', { ns_list: nsList(servers, addresses) });
    else ctx.emit('DS03_ILLEGAL_ITERATION_VALUE', { int: value, ns_list: nsList(servers, addresses) });
  }
  // DNSSEC03 step 15
  if (saltLength.size > 1) ctx.emit('DS03_INCONSISTENT_SALT_LENGTH', {});
  for (const [value, addresses] of saltLength.map) {
    if (value === 0) ctx.emit('DS03_LEGAL_EMPTY_SALT', { ns_list: nsList(servers, addresses) });
    else ctx.emit('DS03_ILLEGAL_SALT_LENGTH', { int: value, ns_list: nsList(servers, addresses) });
  }
  // DNSSEC03 steps 16-17
  if (noResponse.size > 0) ctx.emit('DS03_NO_RESPONSE_NSEC_QUERY', { ns_list: nsList(servers, noResponse) });
  if (errorResponse.size > 0)
    ctx.emit('DS03_ERROR_RESPONSE_NSEC_QUERY', { ns_list: nsList(servers, errorResponse) });
});

// ------------------------------------------------------------------------------------------------ DNSSEC04

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time in the C ctime() form, UTC, as the reference shows RRSIG expirations: "Wed Nov 11 20:41:18 2026". */
export function ctimeUtc(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}`;
}

export const dnssec04 = testCase('dnssec04', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const addresses = usableAddresses(ctx, servers);
  // DNSSEC04 steps 4-5: the first server that answers
  const firstAnswer = async (qtype: string) => {
    for (const address of addresses) {
      const p = await ask(ctx, servers, address, child, qtype, DNSSEC);
      if (p) return p;
    }
    return undefined;
  };
  const dnskey = await firstAnswer('DNSKEY');
  if (!dnskey) return;
  const soa = await firstAnswer('SOA');
  if (!soa) return;
  const limits = ctx.profile.test_cases_vars.dnssec04;
  const now = Math.floor(responseTime(dnskey));
  for (const rr of [...dnskey.answer, ...soa.answer].filter((r) => r.type === 'RRSIG')) {
    const sig = rrsigFields(rr);
    const base = { keytag: sig.keyTag, types: sig.typeCovered };
    ctx.emit('RRSIG_EXPIRATION', { ...base, date: ctimeUtc(sig.expiration) });
    // DNSSEC04 steps 6-8
    const remaining = sig.expiration - now;
    let remainingTag: string | undefined;
    if (remaining < 0) remainingTag = 'RRSIG_EXPIRED';
    else if (remaining < limits.REMAINING_SHORT) remainingTag = 'REMAINING_SHORT';
    else if (remaining > limits.REMAINING_LONG) remainingTag = 'REMAINING_LONG';
    if (remainingTag === 'RRSIG_EXPIRED') ctx.emit('RRSIG_EXPIRED', { ...base, expiration: sig.expiration });
    else if (remainingTag) ctx.emit(remainingTag, { ...base, duration: remaining });
    // DNSSEC04 step 9
    const duration = sig.expiration - sig.inception;
    if (duration > limits.DURATION_LONG) ctx.emit('DURATION_LONG', { ...base, duration });
    else if (!remainingTag) ctx.emit('DURATION_OK', { ...base, duration });
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC05

export const dnssec05 = testCase('dnssec05', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const ignored = new Set<string>();
  const without = new Set<string>();
  const withKeys = new Set<string>();
  const byStatus = new Map<string, Grouped<string>>();
  // DNSSEC05 step 5
  for (const address of usableAddresses(ctx, servers)) {
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!isAuthNoError(p)) {
      ignored.add(address);
      continue;
    }
    const keys = answers(p, 'DNSKEY', child);
    if (keys.length === 0) {
      without.add(address);
      continue;
    }
    withKeys.add(address);
    for (const key of keys.map(dnskeyInfo)) {
      const status = dnskeyAlgorithm(key.algorithm).status;
      if (!byStatus.has(status)) byStatus.set(status, new Grouped());
      byStatus.get(status)!.add(`${key.tag}|${key.algorithm}`, address);
    }
  }
  // DNSSEC05 step 6
  const withNames = [
    'DS05_ALGO_DEPRECATED',
    'DS05_ALGO_NOT_RECOMMENDED',
    'DS05_ALGO_NOT_ZONE_SIGN',
    'DS05_ALGO_OK',
  ];
  for (const tag of [
    'DS05_ALGO_DEPRECATED',
    'DS05_ALGO_RESERVED',
    'DS05_ALGO_UNASSIGNED',
    'DS05_ALGO_NOT_RECOMMENDED',
    'DS05_ALGO_PRIVATE',
    'DS05_ALGO_NOT_ZONE_SIGN',
    'DS05_ALGO_OK',
  ]) {
    for (const [key, addresses] of byStatus.get(tag)?.map ?? []) {
      const [keytag, num] = key.split('|').map(Number) as [number, number];
      const args: Record<string, string | number> = {
        keytag,
        algo_num: num,
        ns_list: nsList(servers, addresses),
      };
      if (withNames.includes(tag))
        Object.assign(args, {
          algo_descr: dnskeyAlgorithm(num).descr,
          algo_mnemo: dnskeyAlgorithm(num).mnemo,
        });
      ctx.emit(tag, args);
    }
  }
  // DNSSEC05 steps 7-8
  if (without.size === 0 && withKeys.size === 0)
    ctx.emit('DS05_NO_RESPONSE', { ns_list: nsList(servers, ignored) });
  if (without.size > 0)
    ctx.emit(withKeys.size === 0 ? 'DS05_ZONE_NO_DNSSEC' : 'DS05_SERVER_NO_DNSSEC', {
      ns_list: nsList(servers, without),
    });
});

// ------------------------------------------------------------------------------------------------ DNSSEC07

export const dnssec07 = testCase('dnssec07', async (ctx) => {
  const child = ctx.zone.name;
  // DNSSEC07 step 4
  const servers = await childServers(ctx);
  const ignoredChild = new Set<string>();
  const noResponse = new Set<string>();
  const noAuth = new Set<string>();
  const errorRcode = new Grouped<string>();
  const noDnskey = new Set<string>();
  const signed = new Set<string>();
  const noDs = new Set<string>();
  const dsInResponse = new Set<string>();
  // DNSSEC07 step 6
  const addresses = usableAddresses(ctx, servers);
  for (const address of addresses) {
    const soa = await ask(ctx, servers, address, child, 'SOA');
    if (!isAuthNoError(soa) || soa.answer.every((rr) => rr.type !== 'SOA')) {
      ignoredChild.add(address);
      continue;
    }
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!p) noResponse.add(address);
    else if (!p.flags.aa) noAuth.add(address);
    else if (p.rcode !== 'NOERROR') errorRcode.add(p.rcode, address);
    else if (p.answer.some((rr) => rr.type === 'DNSKEY') && rrsigsCovering(p.answer, 'DNSKEY').length > 0)
      signed.add(address);
    else noDnskey.add(address);
  }
  // DNSSEC07 steps 7-9: Undelegated DS stands for a parent answer with DS (server "-"); nothing is looked
  // up for an unsigned zone
  const hasGivenDs = ctx.zone.undelegatedDs.length > 0;
  const parents = signed.size > 0 && !hasGivenDs ? await parentServers(ctx) : new Map<string, string[]>();
  if (signed.size > 0 && hasGivenDs) dsInResponse.add('-');
  // DNSSEC07 step 10
  for (const address of usableAddresses(ctx, parents)) {
    const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
    if (!isGoodDnssecResponse(p)) continue;
    if (answers(p, 'DS', child).length > 0 && rrsigsCovering(p.answer, 'DS').length > 0)
      dsInResponse.add(address);
    else noDs.add(address);
  }
  // DNSSEC07 step 12: DS07_NOT_SIGNED when no server gave a usable DNSKEY answer
  const unusable = new Set([...ignoredChild, ...noResponse, ...noAuth, ...errorRcode.addresses()]);
  const allUnusable = addresses.every((a) => unusable.has(a));
  if (allUnusable) ctx.emit('DS07_NOT_SIGNED', {});
  // DNSSEC07 steps 13-17
  if (noResponse.size > 0) ctx.emit('DS07_NO_RESPONSE_DNSKEY', { ns_list: nsList(servers, noResponse) });
  if (noAuth.size > 0) ctx.emit('DS07_NON_AUTH_RESPONSE_DNSKEY', { ns_list: nsList(servers, noAuth) });
  for (const [rcode, set] of errorRcode.map)
    ctx.emit('DS07_UNEXP_RCODE_RESP_DNSKEY', { rcode, ns_list: nsList(servers, set) });
  if (signed.size > 0) ctx.emit('DS07_SIGNED_ON_SERVER', { ns_list: nsList(servers, signed) });
  if (noDnskey.size > 0) ctx.emit('DS07_NOT_SIGNED_ON_SERVER', { ns_list: nsList(servers, noDnskey) });
  // DNSSEC07 steps 18-20
  if (signed.size > 0 && noDnskey.size > 0) ctx.emit('DS07_INCONSISTENT_SIGNED', {});
  if (signed.size > 0 && noDnskey.size === 0) ctx.emit('DS07_SIGNED', {});
  if (signed.size === 0 && noDnskey.size > 0 && !allUnusable) ctx.emit('DS07_NOT_SIGNED', {});
  // DNSSEC07 steps 21-23
  if (noDs.size > 0) ctx.emit('DS07_NO_DS_ON_PARENT_SERVER', { ns_list: nsList(parents, noDs) });
  if (dsInResponse.size > 0) ctx.emit('DS07_DS_ON_PARENT_SERVER', { ns_list: nsList(parents, dsInResponse) });
  if (noDs.size > 0 && dsInResponse.size > 0) ctx.emit('DS07_INCONSISTENT_DS', {});
  // DNSSEC07 step 24
  if (noDnskey.size === 0 && signed.size > 0) {
    if (noDs.size > 0 && dsInResponse.size === 0) ctx.emit('DS07_NO_DS_FOR_SIGNED_ZONE', {});
    if (noDs.size === 0 && dsInResponse.size > 0) ctx.emit('DS07_DS_FOR_SIGNED_ZONE', {});
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC08 / DNSSEC09

interface SignatureSets {
  notYetValid: Grouped<number>;
  expired: Grouped<number>;
  noMatchingDnskey: Grouped<number>;
  notValid: Grouped<number>;
  algoNotSupported: Grouped<string>;
}

function signatureSets(): SignatureSets {
  return {
    notYetValid: new Grouped(),
    expired: new Grouped(),
    noMatchingDnskey: new Grouped(),
    notValid: new Grouped(),
    algoNotSupported: new Grouped(),
  };
}

/** DNSSEC08 step 4.8 / DNSSEC09 step 5.8: classify each RRSIG of an RRset. */
function classifySignatures(
  sets: SignatureSets,
  address: string,
  sigs: RR[],
  rrset: RR[],
  keys: DnskeyInfo[],
  now: number,
) {
  for (const rr of sigs) {
    const sig = rrsigFields(rr);
    const validity = signatureValidity(sig, now);
    if (validity === 'not-yet-valid') sets.notYetValid.add(sig.keyTag, address);
    else if (validity === 'expired') sets.expired.add(sig.keyTag, address);
    else {
      const outcome = checkSignature(sig, rrset, keys);
      if (outcome === 'unsupported') sets.algoNotSupported.add(`${sig.keyTag}|${sig.algorithm}`, address);
      else if (outcome === 'no-dnskey') sets.noMatchingDnskey.add(sig.keyTag, address);
      else if (outcome === 'invalid') sets.notValid.add(sig.keyTag, address);
    }
  }
}

function emitSignatureSets(ctx: TestContext, prefix: 'DS08' | 'DS09', sets: SignatureSets) {
  const what = prefix === 'DS08' ? 'DNSKEY' : 'SOA';
  const emit = (tag: string, group: Grouped<number>) => {
    for (const [keytag, addresses] of group.map) ctx.emit(tag, { keytag, ns_ip_list: ipList(addresses) });
  };
  emit(`${prefix}_${what}_RRSIG_NOT_YET_VALID`, sets.notYetValid);
  emit(`${prefix}_${what}_RRSIG_EXPIRED`, sets.expired);
  emit(`${prefix}_NO_MATCHING_DNSKEY`, sets.noMatchingDnskey);
  emit(`${prefix}_RRSIG_NOT_VALID_BY_DNSKEY`, sets.notValid);
  for (const [key, addresses] of sets.algoNotSupported.map) {
    const [keytag, algo] = key.split('|').map(Number) as [number, number];
    ctx.emit(`${prefix}_ALGO_NOT_SUPPORTED_BY_ZM`, {
      keytag,
      algo_num: algo,
      algo_mnemo: dnskeyAlgorithm(algo).mnemo,
      ns_ip_list: ipList(addresses),
    });
  }
}

export const dnssec08 = testCase('dnssec08', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const withoutRrsig = new Set<string>();
  const sets = signatureSets();
  // DNSSEC08 step 4
  for (const address of usableAddresses(ctx, servers)) {
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!isAuthNoError(p)) continue;
    const keyRecords = answers(p, 'DNSKEY', child);
    if (keyRecords.length === 0) continue;
    const sigs = rrsigsCovering(p.answer, 'DNSKEY', child);
    if (sigs.length === 0) {
      withoutRrsig.add(address);
      continue;
    }
    classifySignatures(sets, address, sigs, keyRecords, keyRecords.map(dnskeyInfo), responseTime(p));
  }
  // DNSSEC08 steps 6-11
  if (withoutRrsig.size > 0) ctx.emit('DS08_MISSING_RRSIG_IN_RESPONSE', { ns_ip_list: ipList(withoutRrsig) });
  emitSignatureSets(ctx, 'DS08', sets);
});

export const dnssec09 = testCase('dnssec09', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const withoutRrsig = new Set<string>();
  const sets = signatureSets();
  // DNSSEC09 step 5
  for (const address of usableAddresses(ctx, servers)) {
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!isAuthNoError(p)) continue;
    const keyRecords = answers(p, 'DNSKEY', child);
    if (keyRecords.length === 0) continue;
    const soa = await ask(ctx, servers, address, child, 'SOA', DNSSEC);
    if (!isAuthNoError(soa)) continue;
    const soaRecords = answers(soa, 'SOA', child).slice(0, 1);
    if (soaRecords.length === 0) continue;
    const sigs = rrsigsCovering(soa.answer, 'SOA', child);
    if (sigs.length === 0) {
      withoutRrsig.add(address);
      continue;
    }
    classifySignatures(sets, address, sigs, soaRecords, keyRecords.map(dnskeyInfo), responseTime(soa));
  }
  // DNSSEC09 steps 6-11
  if (withoutRrsig.size > 0) ctx.emit('DS09_MISSING_RRSIG_IN_RESPONSE', { ns_ip_list: ipList(withoutRrsig) });
  emitSignatureSets(ctx, 'DS09', sets);
});

// ------------------------------------------------------------------------------------------------ DNSSEC10

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

export const dnssec10 = testCase('dnssec10', async (ctx) => {
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
    const byKey = (tag: string, group: Grouped<number>) => {
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
  for (const [key, set] of algoNotSupported.map) {
    const [keytag, algo] = key.split('|').map(Number) as [number, number];
    ctx.emit('DS10_ALGO_NOT_SUPPORTED_BY_ZM', {
      keytag,
      algo_num: algo,
      algo_mnemo: dnskeyAlgorithm(algo).mnemo,
      ns_ip_list: ipList(set),
    });
  }
  // DNSSEC10 steps 42-43
  if (withDnskey.size === 0 && withoutDnskey.size > 0) ctx.emit('DS10_ZONE_NO_DNSSEC', list(withoutDnskey));
  if (withDnskey.size > 0 && withoutDnskey.size > 0) ctx.emit('DS10_SERVER_NO_DNSSEC', list(withoutDnskey));
  // DNSSEC10 step 44
  const accounted = new Set([...ignored, ...withoutDnskey, ...nsecSide, ...nsec3Side]);
  const missing = all.filter((a) => !accounted.has(a));
  if (missing.length > 0) ctx.emit('DS10_EXPECTED_NSEC_NSEC3_MISSING', list(missing));
});

// ------------------------------------------------------------------------------------------------ DNSSEC11

export const dnssec11 = testCase('dnssec11', async (ctx) => {
  const child = ctx.zone.name;
  // DNSSEC11 step 2: an undelegated test without Undelegated DS ends here
  const hasGivenDs = ctx.zone.undelegatedDs.length > 0;
  if (!hasGivenDs && ctx.zone.isUndelegated) return;
  // DNSSEC11 step 3 (skipped when Undelegated DS is given: it stands for the parent's DS)
  const parents = hasGivenDs ? new Map<string, string[]>() : await parentServers(ctx);
  const undeterminedDs = new Set<string>();
  const noDs = new Set<string>();
  const hasDs = new Set<string>();
  for (const address of usableAddresses(ctx, parents)) {
    const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
    if (!isAuthNoError(p)) undeterminedDs.add(address);
    else if (answers(p, 'DS', child).length === 0) noDs.add(address);
    else hasDs.add(address);
  }
  if (undeterminedDs.size > 0 && noDs.size === 0 && hasDs.size === 0) {
    ctx.emit('DS11_UNDETERMINED_DS', {});
    return;
  }
  if (hasDs.size === 0 && !hasGivenDs) return;
  if (noDs.size > 0 && hasDs.size > 0) {
    ctx.emit('DS11_INCONSISTENT_DS', {});
    ctx.emit('DS11_PARENT_WITHOUT_DS', { ns_ip_list: ipList(noDs) });
    ctx.emit('DS11_PARENT_WITH_DS', { ns_ip_list: ipList(hasDs) });
  }
  // DNSSEC11 steps 4-7
  const servers = await childServers(ctx);
  const undetermined = new Set<string>();
  const noDnskey = new Set<string>();
  const hasDnskey = new Set<string>();
  for (const address of usableAddresses(ctx, servers)) {
    const soa = await ask(ctx, servers, address, child, 'SOA');
    if (!isAuthNoError(soa) || answers(soa, 'SOA', child).length === 0) continue;
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!isAuthNoError(p)) undetermined.add(address);
    else if (answers(p, 'DNSKEY', child).length === 0) noDnskey.add(address);
    else hasDnskey.add(address);
  }
  // DNSSEC11 steps 8-10
  if (undetermined.size > 0 && noDnskey.size === 0 && hasDnskey.size === 0)
    ctx.emit('DS11_UNDETERMINED_SIGNED_ZONE', {});
  else if (noDnskey.size > 0 && hasDnskey.size === 0) ctx.emit('DS11_DS_BUT_UNSIGNED_ZONE', {});
  else if (noDnskey.size > 0 && hasDnskey.size > 0) {
    ctx.emit('DS11_INCONSISTENT_SIGNED_ZONE', {});
    ctx.emit('DS11_NS_WITH_UNSIGNED_ZONE', { ns_ip_list: ipList(noDnskey) });
    ctx.emit('DS11_NS_WITH_SIGNED_ZONE', { ns_ip_list: ipList(hasDnskey) });
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC15

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

export const dnssec15 = testCase('dnssec15', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
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
});

// ------------------------------------------------------------------------------------------------ DNSSEC06

export const dnssec06 = testCase('dnssec06', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  // DNSSEC06 steps 1-4: every name server is asked for the DNSKEY RRset with its signatures
  for (const address of usableAddresses(ctx, servers)) {
    const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
    if (!p) continue;
    const keys = p.answer.filter((rr) => rr.type === 'DNSKEY').length;
    const sigs = p.answer.filter((rr) => rr.type === 'RRSIG').length;
    if (keys > 0 && sigs > 0) ctx.emit('EXTRA_PROCESSING_OK', { server: address, keys, sigs });
    else if (p.rcode === 'NOERROR') ctx.emit('EXTRA_PROCESSING_BROKEN', { server: address, keys, sigs });
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC13

export const dnssec13 = testCase('dnssec13', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const notSigned = { DNSKEY: new Grouped<number>(), SOA: new Grouped<number>(), NS: new Grouped<number>() };
  // DNSSEC13 step 6
  for (const address of usableAddresses(ctx, servers)) {
    const algorithms = new Set<number>();
    for (const qtype of ['DNSKEY', 'SOA', 'NS'] as const) {
      const p = await ask(ctx, servers, address, child, qtype, DNSSEC);
      if (!isAuthNoError(p)) break;
      const records = p.answer.filter((rr) => rr.type === qtype);
      const sigs = rrsigsCovering(p.answer, qtype);
      if (records.length === 0 || sigs.length === 0) break;
      if (qtype === 'DNSKEY') for (const rr of records) algorithms.add(rr.data.algorithm);
      for (const algorithm of algorithms)
        if (!sigs.some((s) => rrsigFields(s).algorithm === algorithm))
          notSigned[qtype].add(algorithm, address);
    }
  }
  // DNSSEC13 steps 7-9
  for (const qtype of ['DNSKEY', 'SOA', 'NS'] as const) {
    for (const [algo, addresses] of notSigned[qtype].map) {
      ctx.emit(`DS13_ALGO_NOT_SIGNED_${qtype}`, {
        algo_num: algo,
        algo_mnemo: dnskeyAlgorithm(algo).mnemo,
        ns_ip_list: ipList(addresses),
      });
    }
  }
});

// ------------------------------------------------------------------------------------------------ DNSSEC14

/** DNSSEC14 Key Size Table: RSA algorithms, minimum and maximum modulus sizes in bits; 2048 recommended. */
const RSA_KEY_SIZES: Record<number, { min: number; max: number }> = {
  5: { min: 512, max: 4096 },
  7: { min: 512, max: 4096 },
  8: { min: 512, max: 4096 },
  10: { min: 1024, max: 4096 },
};
const RSA_RECOMMENDED_SIZE = 2048;

export const dnssec14 = testCase('dnssec14', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const keys: DnskeyInfo[] = [];
  let problems = 0;
  // DNSSEC14 step 4, for every name server (name and address)
  for (const [address, names] of servers) {
    for (const name of names) {
      const ns = `${name}/${address}`;
      if (!ctx.zone.canSendTo(address)) {
        ctx.emit(address.includes(':') ? 'IPV6_DISABLED' : 'IPV4_DISABLED', { ns, rrtype: 'DNSKEY' });
        continue;
      }
      const result = await ctx.nameserver(name, address).query(child, 'DNSKEY', { ...DNSSEC, usevc: false });
      const p = result && !('broken' in result) ? result : undefined;
      if (!p) {
        ctx.emit('NO_RESPONSE', { ns });
        continue;
      }
      const found = p.answer.filter((rr) => rr.type === 'DNSKEY');
      if (found.length === 0) {
        ctx.emit('NO_RESPONSE_DNSKEY', { ns });
        problems++;
        continue;
      }
      keys.push(...found.map(dnskeyInfo));
    }
  }
  // DNSSEC14 step 5, once per key tag, size and algorithm
  const seen = new Set<string>();
  for (const key of keys) {
    const limits = RSA_KEY_SIZES[key.algorithm];
    if (!limits) continue;
    const size = keySize(key.algorithm, key.key);
    const id = `${key.tag}:${size}:${key.algorithm}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const base = {
      keytag: key.tag,
      algo_num: key.algorithm,
      algo_descr: dnskeyAlgorithm(key.algorithm).descr,
      keysize: size,
    };
    if (size < limits.min) ctx.emit('DNSKEY_TOO_SMALL_FOR_ALGO', { ...base, keysizemin: limits.min });
    else if (size < RSA_RECOMMENDED_SIZE)
      ctx.emit('DNSKEY_SMALLER_THAN_REC', { ...base, keysizerec: RSA_RECOMMENDED_SIZE });
    else if (size > limits.max) ctx.emit('DNSKEY_TOO_LARGE_FOR_ALGO', { ...base, keysizemax: limits.max });
    else continue;
    problems++;
  }
  // DNSSEC14 step 6
  if (keys.length > 0 && problems === 0) ctx.emit('KEY_SIZE_OK', {});
});

// ------------------------------------------------------------------------------------------------ DNSSEC16 / DNSSEC17

interface SignedRrset {
  records: RR[];
  sigs: RR[];
  time: number;
}

/** The RRset of `qtype` at the apex with its RRSIGs, when the server answers authoritatively with NOERROR. */
async function signedRrset(
  ctx: TestContext,
  servers: ServerNames,
  address: string,
  qtype: string,
): Promise<SignedRrset | undefined> {
  const p = await ask(ctx, servers, address, ctx.zone.name, qtype, DNSSEC);
  if (!isAuthNoError(p)) return undefined;
  return {
    records: answers(p, qtype, ctx.zone.name),
    sigs: rrsigsCovering(p.answer, qtype, ctx.zone.name),
    time: responseTime(p),
  };
}

/** Whether `rrset` carries a signature by `key` that verifies and is within its validity period. */
function signedBy(rrset: SignedRrset, key: DnskeyInfo): boolean {
  return rrset.sigs.some((s) => {
    const sig = rrsigFields(s);
    return (
      sig.keyTag === key.tag &&
      signatureValidity(sig, rrset.time) === 'valid' &&
      checkSignature(sig, rrset.records, [key]) === 'valid'
    );
  });
}

/** DNSSEC16 / DNSSEC17 step 7.7-7.8: signatures over the CDS or CDNSKEY RRset itself. */
function checkOwnSignatures(
  rrset: SignedRrset,
  keys: DnskeyInfo[],
  address: string,
  unsigned: Set<string>,
  unknown: Grouped<number>,
  invalid: Grouped<number>,
) {
  if (rrset.sigs.length === 0) {
    unsigned.add(address);
    return;
  }
  for (const s of rrset.sigs) {
    const sig = rrsigFields(s);
    const candidates = keys.filter((k) => k.tag === sig.keyTag);
    if (candidates.length === 0) unknown.add(sig.keyTag, address);
    else if (
      signatureValidity(sig, rrset.time) !== 'valid' ||
      checkSignature(sig, rrset.records, candidates) !== 'valid'
    )
      invalid.add(sig.keyTag, address);
  }
}

function emitByKeytag(ctx: TestContext, tag: string, group: Grouped<number>) {
  for (const [keytag, addresses] of group.map) ctx.emit(tag, { keytag, ns_ip_list: ipList(addresses) });
}

const isDeleteCds = (rr: RR) => rr.data.algorithm === 0;

export const dnssec16 = testCase('dnssec16', async (ctx) => {
  const child = ctx.zone.name;
  const servers = await childServers(ctx);
  const cdsSets = new Map<string, SignedRrset>();
  const dnskeySets = new Map<string, SignedRrset>();
  // DNSSEC16 step 5
  for (const address of usableAddresses(ctx, servers)) {
    const cds = await signedRrset(ctx, servers, address, 'CDS');
    if (!cds || cds.records.length === 0) continue;
    cdsSets.set(address, cds);
    const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
    if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey);
  }
  // DNSSEC16 step 6
  if (cdsSets.size === 0) return;
  const noDnskey = new Set<string>();
  const mixedDelete = new Set<string>();
  const deleteCds = new Set<string>();
  const noMatch = new Grouped<number>();
  const nonZone = new Grouped<number>();
  const nonSep = new Grouped<number>();
  const dnskeyNotSigned = new Grouped<number>();
  const cdsNotSignedByCds = new Grouped<number>();
  const unsigned = new Set<string>();
  const unknown = new Grouped<number>();
  const invalid = new Grouped<number>();
  // DNSSEC16 step 7
  for (const [address, cds] of cdsSets) {
    if (cds.records.some(isDeleteCds)) (cds.records.length > 1 ? mixedDelete : deleteCds).add(address);
    const dnskey = dnskeySets.get(address);
    if (!dnskey) {
      noDnskey.add(address);
      continue;
    }
    const keys = dnskey.records.map(dnskeyInfo);
    for (const record of cds.records.filter((rr) => !isDeleteCds(rr))) {
      const tag = record.data.keyTag;
      const key = keys.find(
        (k) =>
          k.tag === tag &&
          dsMatchesDnskey(record.data, child, k.rr.rawData ?? new Uint8Array(), k.tag) !== false,
      );
      if (!key) noMatch.add(tag, address);
      else if (!(key.flags & FLAG_ZONE)) nonZone.add(tag, address);
      else {
        if (!signedBy(dnskey, key)) dnskeyNotSigned.add(tag, address);
        if (!signedBy(cds, key)) cdsNotSignedByCds.add(tag, address);
        if (!(key.flags & FLAG_SEP)) nonSep.add(tag, address);
      }
    }
    checkOwnSignatures(cds, keys, address, unsigned, unknown, invalid);
  }
  // DNSSEC16 steps 8-18
  if (noDnskey.size > 0) ctx.emit('DS16_CDS_WITHOUT_DNSKEY', { ns_ip_list: ipList(noDnskey) });
  if (mixedDelete.size > 0) ctx.emit('DS16_MIXED_DELETE_CDS', { ns_ip_list: ipList(mixedDelete) });
  if (deleteCds.size > 0) ctx.emit('DS16_DELETE_CDS', { ns_ip_list: ipList(deleteCds) });
  emitByKeytag(ctx, 'DS16_CDS_MATCHES_NO_DNSKEY', noMatch);
  emitByKeytag(ctx, 'DS16_CDS_MATCHES_NON_ZONE_DNSKEY', nonZone);
  emitByKeytag(ctx, 'DS16_CDS_MATCHES_NON_SEP_DNSKEY', nonSep);
  emitByKeytag(ctx, 'DS16_DNSKEY_NOT_SIGNED_BY_CDS', dnskeyNotSigned);
  emitByKeytag(ctx, 'DS16_CDS_NOT_SIGNED_BY_CDS', cdsNotSignedByCds);
  emitByKeytag(ctx, 'DS16_CDS_INVALID_RRSIG', invalid);
  if (unsigned.size > 0) ctx.emit('DS16_CDS_UNSIGNED', { ns_ip_list: ipList(unsigned) });
  emitByKeytag(ctx, 'DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY', unknown);
});

const isDeleteCdnskey = (rr: RR) => rr.data.algorithm === 0;

export const dnssec17 = testCase('dnssec17', async (ctx) => {
  const servers = await childServers(ctx);
  const cdnskeySets = new Map<string, SignedRrset>();
  const dnskeySets = new Map<string, SignedRrset>();
  // DNSSEC17 step 5
  for (const address of usableAddresses(ctx, servers)) {
    const cdnskey = await signedRrset(ctx, servers, address, 'CDNSKEY');
    if (!cdnskey || cdnskey.records.length === 0) continue;
    cdnskeySets.set(address, cdnskey);
    const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
    if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey);
  }
  // DNSSEC17 step 6
  if (cdnskeySets.size === 0) return;
  const noDnskey = new Set<string>();
  const mixedDelete = new Set<string>();
  const deleteCdnskey = new Set<string>();
  const noMatch = new Grouped<number>();
  const nonZone = new Grouped<number>();
  const nonSep = new Grouped<number>();
  const dnskeyNotSigned = new Grouped<number>();
  const notSignedByCdnskey = new Grouped<number>();
  const unsigned = new Set<string>();
  const unknown = new Grouped<number>();
  const invalid = new Grouped<number>();
  // DNSSEC17 step 7
  for (const [address, cdnskey] of cdnskeySets) {
    if (cdnskey.records.some(isDeleteCdnskey))
      (cdnskey.records.length > 1 ? mixedDelete : deleteCdnskey).add(address);
    const dnskey = dnskeySets.get(address);
    if (!dnskey) {
      noDnskey.add(address);
      continue;
    }
    const keys = dnskey.records.map(dnskeyInfo);
    for (const record of cdnskey.records.filter((rr) => !isDeleteCdnskey(rr))) {
      const info = dnskeyInfo(record);
      if (!(info.flags & FLAG_ZONE)) {
        nonZone.add(info.tag, address);
        continue;
      }
      if (!(info.flags & FLAG_SEP)) nonSep.add(info.tag, address);
      const raw = Buffer.from(record.rawData ?? []);
      const key = keys.find((k) => Buffer.compare(Buffer.from(k.rr.rawData ?? []), raw) === 0);
      if (!key) {
        noMatch.add(info.tag, address);
        continue;
      }
      if (!signedBy(dnskey, key)) dnskeyNotSigned.add(info.tag, address);
      if (!signedBy(cdnskey, key)) notSignedByCdnskey.add(info.tag, address);
    }
    checkOwnSignatures(cdnskey, keys, address, unsigned, unknown, invalid);
  }
  // DNSSEC17 steps 8-18
  if (noDnskey.size > 0) ctx.emit('DS17_CDNSKEY_WITHOUT_DNSKEY', { ns_ip_list: ipList(noDnskey) });
  if (mixedDelete.size > 0) ctx.emit('DS17_MIXED_DELETE_CDNSKEY', { ns_ip_list: ipList(mixedDelete) });
  if (deleteCdnskey.size > 0) ctx.emit('DS17_DELETE_CDNSKEY', { ns_ip_list: ipList(deleteCdnskey) });
  emitByKeytag(ctx, 'DS17_CDNSKEY_MATCHES_NO_DNSKEY', noMatch);
  emitByKeytag(ctx, 'DS17_CDNSKEY_IS_NON_ZONE', nonZone);
  emitByKeytag(ctx, 'DS17_CDNSKEY_IS_NON_SEP', nonSep);
  emitByKeytag(ctx, 'DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY', dnskeyNotSigned);
  emitByKeytag(ctx, 'DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY', notSignedByCdnskey);
  emitByKeytag(ctx, 'DS17_CDNSKEY_INVALID_RRSIG', invalid);
  if (unsigned.size > 0) ctx.emit('DS17_CDNSKEY_UNSIGNED', { ns_ip_list: ipList(unsigned) });
  emitByKeytag(ctx, 'DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY', unknown);
});

// ------------------------------------------------------------------------------------------------ DNSSEC18

export const dnssec18 = testCase('dnssec18', async (ctx) => {
  const child = ctx.zone.name;
  // DNSSEC18 step 6: Undelegated DS (an undelegated test without it ends at step 8)
  const dsRecords: DsData[] = undelegatedDs(ctx);
  // DNSSEC18 step 7
  if (dsRecords.length === 0 && !ctx.zone.isUndelegated) {
    const parents = await parentServers(ctx);
    for (const address of usableAddresses(ctx, parents)) {
      const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
      if (isAuthNoError(p)) dsRecords.push(...answers(p, 'DS', child).map((rr) => rr.data as DsData));
    }
  }
  // DNSSEC18 step 8
  if (dsRecords.length === 0) return;
  // DNSSEC18 step 10
  const servers = await childServers(ctx);
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
});

// ------------------------------------------------------------------------------------------------ module

/** Reference order: DNSSEC07 and DNSSEC11 first; an unsigned zone (DS07_NOT_SIGNED) ends the module there. */
const ORDER = [
  dnssec07,
  dnssec11,
  dnssec01,
  dnssec02,
  dnssec03,
  dnssec04,
  dnssec05,
  dnssec06,
  dnssec08,
  dnssec09,
  dnssec10,
  dnssec13,
  dnssec14,
  dnssec15,
  dnssec16,
  dnssec17,
  dnssec18,
];

export const dnssecModule: ModuleDefinition = {
  name: 'DNSSEC',
  displayName: 'DNSSEC',
  version: 'v1.0.0',
  testCases: [
    dnssec01,
    dnssec02,
    dnssec03,
    dnssec04,
    dnssec05,
    dnssec06,
    dnssec07,
    dnssec08,
    dnssec09,
    dnssec10,
    dnssec11,
    dnssec13,
    dnssec14,
    dnssec15,
    dnssec16,
    dnssec17,
    dnssec18,
  ],
  async run(m) {
    let unsigned = false;
    for (const tc of ORDER) {
      if (m.ctx.signal.aborted) break;
      if (unsigned && tc !== dnssec11) continue;
      if (!m.isSelected(tc)) continue;
      const tags = await m.runCase(tc);
      if (tc === dnssec07 && tags.has('DS07_NOT_SIGNED')) unsigned = true;
    }
    return true;
  },
};
