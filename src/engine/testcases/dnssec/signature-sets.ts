/**
 * DNSSEC08 (DNSKEY) and DNSSEC09 (SOA): the RRSIGs of an RRset sorted into not yet valid, expired, no
 * matching DNSKEY, not valid and unsupported algorithm, and the messages for each set.
 */
import { algoNotSupportedArgs } from './by-keytag.js';
import {
  answers,
  ask,
  checkSignature,
  childServersV1,
  dnskeyInfo,
  DNSSEC,
  Grouped,
  ipList,
  isAuthNoError,
  rrsigFields,
  signatureValidity,
  usableAddresses,
  type DnskeyInfo,
} from '../../dnssec/servers.js';
import type { Packet, RR } from '../../dns/types.js';
import type { Args } from '../../types.js';
import type { TestContext } from '../test-case.js';

const BY_KEYTAG = 'keytag ns_ip_list';
const BY_ALGORITHM = 'keytag algo_num algo_mnemo ns_ip_list';

export const DS08_SIGNATURE_TAGS = {
  DS08_DNSKEY_RRSIG_NOT_YET_VALID: BY_KEYTAG,
  DS08_DNSKEY_RRSIG_EXPIRED: BY_KEYTAG,
  DS08_NO_MATCHING_DNSKEY: BY_KEYTAG,
  DS08_RRSIG_NOT_VALID_BY_DNSKEY: BY_KEYTAG,
  DS08_ALGO_NOT_SUPPORTED_BY_ZM: BY_ALGORITHM,
} as const;

export const DS09_SIGNATURE_TAGS = {
  DS09_SOA_RRSIG_NOT_YET_VALID: BY_KEYTAG,
  DS09_SOA_RRSIG_EXPIRED: BY_KEYTAG,
  DS09_NO_MATCHING_DNSKEY: BY_KEYTAG,
  DS09_RRSIG_NOT_VALID_BY_DNSKEY: BY_KEYTAG,
  DS09_ALGO_NOT_SUPPORTED_BY_ZM: BY_ALGORITHM,
} as const;

type SignatureContext = {
  DS08: TestContext<typeof DS08_SIGNATURE_TAGS & { DS08_MISSING_RRSIG_IN_RESPONSE: 'ns_ip_list' }>;
  DS09: TestContext<typeof DS09_SIGNATURE_TAGS & { DS09_MISSING_RRSIG_IN_RESPONSE: 'ns_ip_list' }>;
};

/** An apex RRset with the RRSIGs covering it and the time of the response that carried them. */
export interface SignedApexRrset {
  records: RR[];
  sigs: RR[];
  time: number;
}

/**
 * DNSSEC08 step 4 / DNSSEC09 step 5 and the messages of the later steps: every name server (Method 4 and
 * Method 5) that answers the DNSKEY query authoritatively with keys has the RRset `signed` gives checked: no
 * RRSIG at all, or each RRSIG classified against those keys.
 */
export async function checkApexSignatures<Prefix extends 'DS08' | 'DS09'>(
  ctx: SignatureContext[Prefix],
  prefix: Prefix,
  signed: (
    dnskey: Packet,
    keys: RR[],
    query: (qtype: string) => Promise<Packet | undefined>,
  ) => Promise<SignedApexRrset | undefined>,
): Promise<void> {
  const child = ctx.zone.name;
  const servers = await childServersV1(ctx);
  const withoutRrsig = new Set<string>();
  const sets = signatureSets();
  for (const address of usableAddresses(ctx, servers)) {
    const query = (qtype: string) => ask(ctx, servers, address, child, qtype, DNSSEC);
    const p = await query('DNSKEY');
    if (!isAuthNoError(p)) continue;
    const keys = answers(p, 'DNSKEY', child);
    if (keys.length === 0) continue;
    const rrset = await signed(p, keys, query);
    if (!rrset) continue;
    if (rrset.sigs.length === 0) {
      withoutRrsig.add(address);
      continue;
    }
    classifySignatures(sets, address, rrset.sigs, rrset.records, keys.map(dnskeyInfo), rrset.time);
  }
  if (withoutRrsig.size > 0) {
    const emitTag = ctx.emit as unknown as (tag: string, args: Args) => void;
    emitTag(`${prefix}_MISSING_RRSIG_IN_RESPONSE`, { ns_ip_list: ipList(withoutRrsig) });
  }
  emitSignatureSets(ctx, prefix, sets);
}

export interface SignatureSets {
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

function emitSignatureSets<Prefix extends 'DS08' | 'DS09'>(
  ctx: SignatureContext[Prefix],
  prefix: Prefix,
  sets: SignatureSets,
) {
  const what = prefix === 'DS08' ? 'DNSKEY' : 'SOA';
  // Every tag built here is in the prefix's table above, which the test case declares.
  const emitTag = ctx.emit as unknown as (tag: string, args: Args) => void;
  const emit = (tag: string, group: Grouped<number>) => {
    for (const [keytag, addresses] of group.map) emitTag(tag, { keytag, ns_ip_list: ipList(addresses) });
  };
  emit(`${prefix}_${what}_RRSIG_NOT_YET_VALID`, sets.notYetValid);
  emit(`${prefix}_${what}_RRSIG_EXPIRED`, sets.expired);
  emit(`${prefix}_NO_MATCHING_DNSKEY`, sets.noMatchingDnskey);
  emit(`${prefix}_RRSIG_NOT_VALID_BY_DNSKEY`, sets.notValid);
  for (const args of algoNotSupportedArgs(sets.algoNotSupported))
    emitTag(`${prefix}_ALGO_NOT_SUPPORTED_BY_ZM`, args);
}
