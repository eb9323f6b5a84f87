/** DNSSEC15-18: the CDS / CDNSKEY RRsets with their signatures, and the checks on them. */
import {
  answers,
  ask,
  checkSignature,
  DNSSEC,
  Grouped,
  isAuthNoError,
  responseTime,
  rrsigFields,
  rrsigsCovering,
  signatureValidity,
  type DnskeyInfo,
  type ServerNames,
} from '../../dnssec/servers.js';
import type { RR } from '../../dns/types.js';
import type { World } from '../test-case.js';

export interface SignedRrset {
  records: RR[];
  sigs: RR[];
  time: number;
}

/** The RRset of `qtype` at the apex with its RRSIGs, when the server answers authoritatively with NOERROR. */
export async function signedRrset(
  ctx: World,
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

/**
 * DNSSEC16 / DNSSEC17 step 7.6: whether `rrset` is signed by the key with this key tag, i.e. carries an RRSIG
 * naming it. Whether that signature verifies is step 7.8's finding (the INVALID_RRSIG tags), not this one's.
 */
export function signedBy(rrset: SignedRrset, key: DnskeyInfo): boolean {
  return rrset.sigs.some((s) => rrsigFields(s).keyTag === key.tag);
}

/** DNSSEC16 / DNSSEC17 step 7.7-7.8: signatures over the CDS or CDNSKEY RRset itself. */
export function checkOwnSignatures(
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

export const isDeleteCds = (rr: RR) => rr.data.algorithm === 0;

export const isDeleteCdnskey = (rr: RR) => rr.data.algorithm === 0;
