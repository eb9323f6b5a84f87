/** Canonical (RFC 4034 §6.2) wire names. */
import { encodeName } from '../dns/wire.js';

/** Wire form of a name, lower case (ASCII letters only), uncompressed. */
export function canonicalNameWire(name: string): Uint8Array {
  return lowerCaseWire(encodeName(name === '' ? '.' : name));
}

/** Copies wire bytes with the ASCII upper-case letters of every label lowered. */
export function lowerCaseWire(wire: Uint8Array): Uint8Array {
  const out = Uint8Array.from(wire);
  for (let i = 0; i < out.length; i++) if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i] = out[i]! + 0x20;
  return out;
}

/** Number of labels of a name, not counting the root nor a leading "*" (RRSIG Labels field, RFC 4034 §3.1.3). */
export function labelCount(name: string): number {
  if (name === '' || name === '.') return 0;
  const labels = name.replace(/\.$/, '').split(/(?<!\\)\./);
  return labels[0] === '*' ? labels.length - 1 : labels.length;
}
