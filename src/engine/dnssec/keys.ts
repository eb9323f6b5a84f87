/** DNSKEY rdata helpers: key tag (RFC 4034 appendix B), flags, key size and node:crypto public keys. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { BoundedMemo } from './memo.js';

/** DNSKEY flag bits (RFC 4034 §2.1.1, RFC 5011 §7). */
export const FLAG_ZONE = 0x0100;
export const FLAG_SEP = 0x0001;
export const FLAG_REVOKE = 0x0080;

/** Key tag of a DNSKEY from its rdata (flags, protocol, algorithm, public key). */
export function keyTag(rdata: Uint8Array): number {
  if (rdata.length >= 4 && rdata[3] === 1) {
    // RSA/MD5: the most significant 16 bits of the least significant 24 bits of the modulus
    if (rdata.length < 7) return 0;
    return (rdata[rdata.length - 3]! << 8) | rdata[rdata.length - 2]!;
  }
  let acc = 0;
  for (let i = 0; i < rdata.length; i++) acc += i & 1 ? rdata[i]! : rdata[i]! << 8;
  acc += (acc >> 16) & 0xffff;
  return acc & 0xffff;
}

/** DNSKEY rdata from its fields (for keys built in code, e.g. from CDNSKEY data). */
export function dnskeyRdata(flags: number, protocol: number, algorithm: number, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + key.length);
  out[0] = flags >> 8;
  out[1] = flags & 0xff;
  out[2] = protocol;
  out[3] = algorithm;
  out.set(key, 4);
  return out;
}

/** RSA public key parts (RFC 3110 §2). */
export function rsaParts(key: Uint8Array): { exponent: Uint8Array; modulus: Uint8Array } | undefined {
  if (key.length < 3) return undefined;
  let offset = 1;
  let expLength = key[0]!;
  if (expLength === 0) {
    expLength = (key[1]! << 8) | key[2]!;
    offset = 3;
  }
  if (expLength === 0 || offset + expLength >= key.length) return undefined;
  return { exponent: key.subarray(offset, offset + expLength), modulus: key.subarray(offset + expLength) };
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

/** Key size in bits as DNSSEC14 counts it: the RSA modulus length, else the public key length. */
export function keySize(algorithm: number, key: Uint8Array): number {
  if ([1, 5, 7, 8, 10].includes(algorithm)) return bitLength(rsaParts(key)?.modulus ?? new Uint8Array());
  return key.length * 8;
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

const publicKeys = new BoundedMemo<KeyObject | undefined>(1024);

/** A node:crypto public key for a DNSKEY, or undefined when the algorithm is unsupported or the key broken. */
export function publicKey(algorithm: number, key: Uint8Array): KeyObject | undefined {
  return publicKeys.get(`${algorithm}/${Buffer.from(key).toString('base64')}`, () =>
    parsePublicKey(algorithm, key),
  );
}

function parsePublicKey(algorithm: number, key: Uint8Array): KeyObject | undefined {
  try {
    switch (algorithm) {
      case 5:
      case 7:
      case 8:
      case 10: {
        const parts = rsaParts(key);
        if (!parts) return undefined;
        return createPublicKey({
          key: { kty: 'RSA', n: b64url(parts.modulus), e: b64url(parts.exponent) },
          format: 'jwk',
        });
      }
      case 13:
      case 14: {
        const size = algorithm === 13 ? 32 : 48;
        if (key.length !== 2 * size) return undefined;
        const crv = algorithm === 13 ? 'P-256' : 'P-384';
        return createPublicKey({
          key: { kty: 'EC', crv, x: b64url(key.subarray(0, size)), y: b64url(key.subarray(size)) },
          format: 'jwk',
        });
      }
      case 15:
      case 16: {
        const crv = algorithm === 15 ? 'Ed25519' : 'Ed448';
        if (key.length !== (algorithm === 15 ? 32 : 57)) return undefined;
        return createPublicKey({ key: { kty: 'OKP', crv, x: b64url(key) }, format: 'jwk' });
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
