/**
 * DNSSEC16 (CDS) and DNSSEC17 (CDNSKEY) take the same steps on their record type: collect the RRsets (step 5),
 * check each against the DNSKEY RRset of the same server (step 7) and report (steps 8-18). Only step 7.6, which
 * DNSKEY a record points at, differs; each test case passes its own.
 */
import { type SignedRrset, signedRrset } from './cds-signatures.js';
import type { RR } from '../../dns/types.js';
import {
  checkSignature,
  childServersV1,
  dnskeyInfo,
  Grouped,
  ipList,
  rrsigFields,
  signatureValidity,
  usableAddresses,
  type DnskeyInfo,
} from '../../dnssec/servers.js';
import type { TagDeclarations, TestContext, World } from '../test-case.js';
import type { Args } from '../../types.js';

/** What step 7 finds: the addresses of the servers concerned, by key tag where the message names one. */
export interface CdsFindings {
  withoutDnskey: Set<string>;
  mixedDelete: Set<string>;
  deleteOnly: Set<string>;
  noMatch: Grouped<number>;
  nonZone: Grouped<number>;
  nonSep: Grouped<number>;
  dnskeyNotSigned: Grouped<number>;
  notSignedBySelf: Grouped<number>;
  invalid: Grouped<number>;
  unsigned: Set<string>;
  unknown: Grouped<number>;
}

/**
 * Step 7.6 for one record: notes in `found` what is wrong with the DNSKEY it points at, and returns that key
 * when the DNSKEY and the record's own RRsets are to be checked for a signature by it.
 */
export type PointedKey = (
  record: RR,
  keys: DnskeyInfo[],
  found: CdsFindings,
  address: string,
) => DnskeyInfo | undefined;

const isDelete = (rr: RR) => rr.data.algorithm === 0;

/**
 * Step 7.6: whether `rrset` is signed by the key with this key tag, i.e. carries an RRSIG naming it. Whether that signature verifies is step 7.8's finding (the INVALID_RRSIG tags), not this one's.
 */
function signedBy(rrset: SignedRrset, key: DnskeyInfo): boolean {
  return rrset.sigs.some((s) => rrsigFields(s).keyTag === key.tag);
}

/** Steps 7.7-7.8: signatures over the CDS or CDNSKEY RRset itself. */
function checkOwnSignatures(rrset: SignedRrset, keys: DnskeyInfo[], found: CdsFindings, address: string) {
  if (rrset.sigs.length === 0) {
    found.unsigned.add(address);
    return;
  }
  for (const s of rrset.sigs) {
    const sig = rrsigFields(s);
    const candidates = keys.filter((k) => k.tag === sig.keyTag);
    if (candidates.length === 0) found.unknown.add(sig.keyTag, address);
    else if (
      signatureValidity(sig, rrset.time) !== 'valid' ||
      checkSignature(sig, rrset.records, candidates) !== 'valid'
    )
      found.invalid.add(sig.keyTag, address);
  }
}

/** Steps 5-7 for `rrtype`; undefined when no server has such records (step 6: nothing to report). */
async function cdsFindings(
  ctx: World,
  rrtype: 'CDS' | 'CDNSKEY',
  pointedKey: PointedKey,
): Promise<CdsFindings | undefined> {
  const servers = await childServersV1(ctx);
  const rrsets = new Map<string, SignedRrset>();
  const dnskeySets = new Map<string, SignedRrset>();
  // step 5
  for (const address of usableAddresses(ctx, servers)) {
    const rrset = await signedRrset(ctx, servers, address, rrtype);
    if (!rrset || rrset.records.length === 0) continue;
    rrsets.set(address, rrset);
    const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
    if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey);
  }
  // step 6
  if (rrsets.size === 0) return undefined;
  const found: CdsFindings = {
    withoutDnskey: new Set(),
    mixedDelete: new Set(),
    deleteOnly: new Set(),
    noMatch: new Grouped(),
    nonZone: new Grouped(),
    nonSep: new Grouped(),
    dnskeyNotSigned: new Grouped(),
    notSignedBySelf: new Grouped(),
    invalid: new Grouped(),
    unsigned: new Set(),
    unknown: new Grouped(),
  };
  // step 7
  for (const [address, rrset] of rrsets) {
    if (rrset.records.some(isDelete))
      (rrset.records.length > 1 ? found.mixedDelete : found.deleteOnly).add(address);
    const dnskey = dnskeySets.get(address);
    if (!dnskey) {
      found.withoutDnskey.add(address);
      continue;
    }
    const keys = dnskey.records.map(dnskeyInfo);
    for (const record of rrset.records.filter((rr) => !isDelete(rr))) {
      const key = pointedKey(record, keys, found, address);
      if (key && !signedBy(dnskey, key)) found.dnskeyNotSigned.add(key.tag, address);
      if (key && !signedBy(rrset, key)) found.notSignedBySelf.add(key.tag, address);
    }
    checkOwnSignatures(rrset, keys, found, address);
  }
  return found;
}

/** Steps 8-18 report the findings in this order. */
const REPORT_ORDER: readonly (keyof CdsFindings)[] = [
  'withoutDnskey',
  'mixedDelete',
  'deleteOnly',
  'noMatch',
  'nonZone',
  'nonSep',
  'dnskeyNotSigned',
  'notSignedBySelf',
  'invalid',
  'unsigned',
  'unknown',
];

/** Steps 8-18: a message for each finding with servers (one per key tag where it has them), tagged as `tags` say. */
function emitCdsFindings<Tags extends TagDeclarations>(
  ctx: TestContext<Tags>,
  found: CdsFindings,
  tags: { readonly [Finding in keyof CdsFindings]: keyof Tags & string },
): void {
  // Every tag in `tags` is one the test case declares, with these arguments.
  const emit = ctx.emit as unknown as (tag: string, args: Args) => void;
  for (const finding of REPORT_ORDER) {
    const servers = found[finding];
    if (!(servers instanceof Grouped)) {
      if (servers.size > 0) emit(tags[finding], { ns_ip_list: ipList(servers) });
    } else
      for (const [keytag, addresses] of servers.map)
        emit(tags[finding], { keytag, ns_ip_list: ipList(addresses) });
  }
}

/**
 * Steps 5-18 on the CDS or CDNSKEY RRsets, with the test case's step 7.6 and the tag it reports each finding
 * with.
 */
export async function checkCdsRrsets<Tags extends TagDeclarations>(
  ctx: TestContext<Tags>,
  rrtype: 'CDS' | 'CDNSKEY',
  pointedKey: PointedKey,
  tags: { readonly [Finding in keyof CdsFindings]: keyof Tags & string },
): Promise<void> {
  const found = await cdsFindings(ctx, rrtype, pointedKey);
  if (found) emitCdsFindings(ctx, found, tags);
}
