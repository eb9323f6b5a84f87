/** NSEC3 owner hashing (RFC 5155 §5) and base32hex (RFC 4648 §7). */
import { createHash } from 'node:crypto';
import { canonicalNameWire } from './names.js';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function base32hex(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/** The NSEC3 hash (algorithm 1, SHA-1) of a name with `iterations` extra iterations and `salt`. */
export function nsec3Hash(name: string, salt: Uint8Array, iterations: number): Uint8Array {
  let digest = createHash('sha1').update(canonicalNameWire(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) digest = createHash('sha1').update(digest).update(salt).digest();
  return digest;
}

/** The owner label of an NSEC3 record for `name` (lower-case base32hex). */
export function nsec3OwnerLabel(name: string, salt: Uint8Array, iterations: number): string {
  return base32hex(nsec3Hash(name, salt, iterations));
}
