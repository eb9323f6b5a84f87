/**
 * Type, class, rcode and opcode mnemonics <-> numbers. dns-packet's tables, with "TYPEnnn" / "CLASSnnn"
 * (RFC 3597) for anything they do not name.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packetTypes = require('dns-packet/types.js') as {
  toString(n: number): string;
  toType(s: string): number;
};
const packetRcodes = require('dns-packet/rcodes.js') as { toString(n: number): string };

export function typeName(code: number): string {
  const name = packetTypes.toString(code);
  return name.startsWith('UNKNOWN_') ? `TYPE${code}` : name;
}

/** Type code of a mnemonic or "TYPEnnn"; undefined when neither. */
export function typeCode(name: string): number | undefined {
  const upper = name.toUpperCase();
  const generic = /^TYPE(\d{1,5})$/.exec(upper);
  if (generic) return Number(generic[1]) <= 0xffff ? Number(generic[1]) : undefined;
  const code = packetTypes.toType(upper);
  return code === 0 ? undefined : code;
}

/** dns-packet's spelling of a type (it understands "UNKNOWN_nnn", not "TYPEnnn"). */
export function packetTypeName(name: string): string {
  const code = typeCode(name);
  if (code === undefined) throw new Error(`unknown RR type ${name}`);
  const known = packetTypes.toString(code);
  return known;
}

const CLASS_NAMES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };

export function className(code: number): string {
  return CLASS_NAMES[code] ?? `CLASS${code}`;
}

export function classCode(name: string): number {
  const upper = name.toUpperCase();
  for (const [code, n] of Object.entries(CLASS_NAMES)) if (n === upper) return Number(code);
  const generic = /^CLASS(\d{1,5})$/.exec(upper);
  if (generic) return Number(generic[1]);
  throw new Error(`unknown class ${name}`);
}

const EXTENDED_RCODES: Record<number, string> = {
  16: 'BADVERS',
  17: 'BADKEY',
  18: 'BADTIME',
  19: 'BADMODE',
  20: 'BADNAME',
  21: 'BADALG',
  22: 'BADTRUNC',
  23: 'BADCOOKIE',
};

/** Mnemonic of a (possibly extended, 12-bit) rcode. */
export function rcodeName(code: number): string {
  if (code < 16) {
    const name = packetRcodes.toString(code);
    return name.startsWith('RCODE_') ? `RCODE${code}` : name;
  }
  return EXTENDED_RCODES[code] ?? `RCODE${code}`;
}

const OPCODE_NAMES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO'];

export function opcodeName(code: number): string {
  return OPCODE_NAMES[code] ?? `OPCODE${code}`;
}
