/** RRSIG verification with node:crypto (RFC 4034 §3.1.8.1; RFC 5702, RFC 6605, RFC 8080 signature formats). */
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { RR } from '../dns/types.js';
import { signedData, type RrsigFields } from './canonical.js';
import { publicKey } from './keys.js';
import { BoundedMemo } from './memo.js';

const DIGESTS: Record<number, string | null> = {
  5: 'sha1',
  7: 'sha1',
  8: 'sha256',
  10: 'sha512',
  13: 'sha256',
  14: 'sha384',
  15: null,
  16: null,
};

export type VerifyOutcome = 'valid' | 'invalid' | 'unsupported';

/** Verifies `sig` over `rrset` with the public key of a DNSKEY (algorithm number and key bytes). */
export function verifyRrsig(
  sig: RrsigFields,
  rrset: readonly RR[],
  key: { algorithm: number; key: Uint8Array },
): VerifyOutcome {
  if (!(sig.algorithm in DIGESTS)) return 'unsupported';
  if (sig.algorithm !== key.algorithm) return 'invalid';
  const pub = publicKey(key.algorithm, key.key);
  if (!pub) return 'invalid';
  const data = signedData(sig, rrset);
  const memoKey = `${key.algorithm}/${base64(key.key)}/${base64(sig.signature)}/${base64(data)}`;
  return verifications.get(memoKey, () => verifySignedData(sig.algorithm, data, pub, sig.signature));
}

/** Same signature, data and key: same outcome (the memo's keys hold the bytes themselves, not a digest). */
const verifications = new BoundedMemo<VerifyOutcome>(4096);
const base64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function verifySignedData(
  algorithm: number,
  data: Uint8Array,
  pub: KeyObject,
  signature: Uint8Array,
): VerifyOutcome {
  const ecdsa = algorithm === 13 || algorithm === 14;
  try {
    const ok = cryptoVerify(
      DIGESTS[algorithm]!,
      data,
      ecdsa ? { key: pub, dsaEncoding: 'ieee-p1363' } : pub,
      signature,
    );
    return ok ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** RFC 1982 serial comparison of 32-bit times: negative when a is before b. */
function serialCompare(a: number, b: number): number {
  const diff = (a - b) >>> 0;
  if (diff === 0) return 0;
  return diff < 0x80000000 ? 1 : -1;
}

export type ValidityStatus = 'valid' | 'expired' | 'not-yet-valid';

/** Signature validity window check against `now` (epoch seconds). */
export function signatureValidity(
  sig: { inception: number; expiration: number },
  now: number,
): ValidityStatus {
  const t = Math.floor(now) >>> 0;
  if (serialCompare(t, sig.expiration) > 0) return 'expired';
  if (serialCompare(t, sig.inception) < 0) return 'not-yet-valid';
  return 'valid';
}
