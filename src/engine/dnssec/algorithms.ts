/**
 * DNSSEC algorithm tables: DNSKEY algorithms (IANA "DNS Security Algorithm Numbers", classified as in
 * specification DNSSEC05) and DS digest algorithms (IANA "Delegation Signer (DS) Resource Record Digest
 * Algorithms", classified as in specification DNSSEC01).
 */

export interface DnskeyAlgorithm {
  num: number;
  descr: string;
  mnemo: string;
  /** DNSSEC05 classification: the DS05_* message tag */
  status:
    | 'DS05_ALGO_DEPRECATED'
    | 'DS05_ALGO_RESERVED'
    | 'DS05_ALGO_UNASSIGNED'
    | 'DS05_ALGO_NOT_RECOMMENDED'
    | 'DS05_ALGO_PRIVATE'
    | 'DS05_ALGO_NOT_ZONE_SIGN'
    | 'DS05_ALGO_OK';
}

const NAMED_DNSKEY: Record<number, Omit<DnskeyAlgorithm, 'num'>> = {
  0: { descr: 'Delete DS', mnemo: 'DELETE', status: 'DS05_ALGO_NOT_ZONE_SIGN' },
  1: { descr: 'RSA/MD5', mnemo: 'RSAMD5', status: 'DS05_ALGO_DEPRECATED' },
  2: { descr: 'Diffie-Hellman', mnemo: 'DH', status: 'DS05_ALGO_NOT_ZONE_SIGN' },
  3: { descr: 'DSA/SHA1', mnemo: 'DSA', status: 'DS05_ALGO_DEPRECATED' },
  5: { descr: 'RSA/SHA-1', mnemo: 'RSASHA1', status: 'DS05_ALGO_DEPRECATED' },
  6: { descr: 'DSA-NSEC3-SHA1', mnemo: 'DSA-NSEC3-SHA1', status: 'DS05_ALGO_DEPRECATED' },
  7: { descr: 'RSASHA1-NSEC3-SHA1', mnemo: 'RSASHA1-NSEC3-SHA1', status: 'DS05_ALGO_DEPRECATED' },
  8: { descr: 'RSA/SHA-256', mnemo: 'RSASHA256', status: 'DS05_ALGO_OK' },
  10: { descr: 'RSA/SHA-512', mnemo: 'RSASHA512', status: 'DS05_ALGO_NOT_RECOMMENDED' },
  12: { descr: 'GOST R 34.10-2001', mnemo: 'ECC-GOST', status: 'DS05_ALGO_DEPRECATED' },
  13: { descr: 'ECDSA Curve P-256 with SHA-256', mnemo: 'ECDSAP256SHA256', status: 'DS05_ALGO_OK' },
  14: { descr: 'ECDSA Curve P-384 with SHA-384', mnemo: 'ECDSAP384SHA384', status: 'DS05_ALGO_OK' },
  15: { descr: 'Ed25519', mnemo: 'ED25519', status: 'DS05_ALGO_OK' },
  16: { descr: 'Ed448', mnemo: 'ED448', status: 'DS05_ALGO_OK' },
  17: { descr: 'SM2 signing algo w SM3 hash algo', mnemo: 'SM2SM3', status: 'DS05_ALGO_OK' },
  23: { descr: 'GOST R 34.10-2012', mnemo: 'ECC-GOST12', status: 'DS05_ALGO_OK' },
  252: { descr: 'Reserved for Indirect Keys', mnemo: 'INDIRECT', status: 'DS05_ALGO_NOT_ZONE_SIGN' },
  253: { descr: 'private algorithm', mnemo: 'PRIVATEDNS', status: 'DS05_ALGO_PRIVATE' },
  254: { descr: 'private algorithm OID', mnemo: 'PRIVATEOID', status: 'DS05_ALGO_PRIVATE' },
};

export function dnskeyAlgorithm(num: number): DnskeyAlgorithm {
  const named = NAMED_DNSKEY[num];
  if (named) return { num, ...named };
  if ((num >= 18 && num <= 22) || (num >= 24 && num <= 122)) {
    return { num, descr: 'Unassigned', mnemo: 'UNASSIGNED', status: 'DS05_ALGO_UNASSIGNED' };
  }
  return { num, descr: 'Reserved', mnemo: 'RESERVED', status: 'DS05_ALGO_RESERVED' };
}

export interface DigestAlgorithm {
  num: number;
  descr: string;
  /** DNSSEC01 classification: the DS01_* message tag */
  status:
    | 'DS01_DS_ALGO_NOT_DS'
    | 'DS01_DS_ALGO_DEPRECATED'
    | 'DS01_DS_ALGO_OK'
    | 'DS01_DS_ALGO_UNASSIGNED'
    | 'DS01_DS_ALGO_RESERVED'
    | 'DS01_DS_ALGO_PRIVATE';
}

const NAMED_DIGEST: Record<number, Omit<DigestAlgorithm, 'num'>> = {
  0: { descr: 'Reserved', status: 'DS01_DS_ALGO_NOT_DS' },
  1: { descr: 'SHA-1', status: 'DS01_DS_ALGO_DEPRECATED' },
  2: { descr: 'SHA-256', status: 'DS01_DS_ALGO_OK' },
  3: { descr: 'GOST R 34.11-94', status: 'DS01_DS_ALGO_DEPRECATED' },
  4: { descr: 'SHA-384', status: 'DS01_DS_ALGO_OK' },
  5: { descr: 'GOST R 34.11-2012', status: 'DS01_DS_ALGO_OK' },
  6: { descr: 'SM3', status: 'DS01_DS_ALGO_OK' },
};

export function digestAlgorithm(num: number): DigestAlgorithm {
  const named = NAMED_DIGEST[num];
  if (named) return { num, ...named };
  if (num >= 128 && num <= 252) return { num, descr: 'Reserved', status: 'DS01_DS_ALGO_RESERVED' };
  if (num === 253 || num === 254)
    return { num, descr: 'Reserved for Private Use', status: 'DS01_DS_ALGO_PRIVATE' };
  return { num, descr: 'Unassigned', status: 'DS01_DS_ALGO_UNASSIGNED' };
}

/** DNSKEY algorithms whose signatures this implementation verifies (node:crypto). */
export const SUPPORTED_SIGNATURE_ALGORITHMS: ReadonlySet<number> = new Set([5, 7, 8, 10, 13, 14, 15, 16]);

/** DS digest types this implementation computes (GOST is not available in node:crypto). */
export const SUPPORTED_DIGEST_TYPES: ReadonlySet<number> = new Set([1, 2, 4]);
