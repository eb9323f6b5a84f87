/** DS digests (RFC 4034 §5.1.4, RFC 4509, RFC 6605): digest over owner name (canonical) | DNSKEY rdata. */
import { createHash } from 'node:crypto';
import { concatBytes } from '../dns/wire.js';
import { canonicalNameWire } from './names.js';

const HASHES: Record<number, string> = { 1: 'sha1', 2: 'sha256', 4: 'sha384' };

/** The DS digest of a DNSKEY, or undefined for a digest type not supported (GOST 3, SM3, unknown). */
export function dsDigest(owner: string, dnskeyRdata: Uint8Array, digestType: number): Uint8Array | undefined {
  const hash = HASHES[digestType];
  if (!hash) return undefined;
  return createHash(hash)
    .update(concatBytes([canonicalNameWire(owner), dnskeyRdata]))
    .digest();
}

/** Whether a DS (key tag, algorithm, digest type, digest) matches a DNSKEY; undefined when not computable. */
export function dsMatchesDnskey(
  ds: { keyTag: number; algorithm: number; digestType: number; digest: Uint8Array },
  owner: string,
  dnskeyRdata: Uint8Array,
  dnskeyTag: number,
): boolean | undefined {
  if (ds.keyTag !== dnskeyTag || ds.algorithm !== dnskeyRdata[3]) return false;
  const digest = dsDigest(owner, dnskeyRdata, ds.digestType);
  if (!digest) return undefined;
  return Buffer.compare(Buffer.from(digest), Buffer.from(ds.digest)) === 0;
}
