/**
 * The reference engine's packet-cache key, reproduced exactly so recorded data from the
 * reference replays: base64(MD5(S)) without padding, S built from the query parameters with no separators.
 */
import { createHash } from 'node:crypto';
import type { QueryFlags } from './types.js';

export const EDNS_UDP_PAYLOAD_DEFAULT = 512;
export const EDNS_UDP_PAYLOAD_DNSSEC_DEFAULT = 1232;

const bit = (b: boolean | undefined) => (b ? '1' : '0');

/** EDNS option data as the reference writes it in the key: its Perl scalar, i.e. the bytes read as one
 * big-endian unsigned integer (option 137 with length 0 = 00 89 00 00 → "8978432"). */
export function ednsDataKey(data: Uint8Array | undefined): string {
  if (data === undefined || data.length === 0) return '';
  let value = 0n;
  for (const byte of data) value = (value << 8n) | BigInt(byte);
  return value.toString();
}

/** The DO bit the query is sent with: ednsDetails.do wins over dnssec. */
export function effectiveDnssec(flags: QueryFlags): boolean {
  if (flags.ednsDetails && flags.ednsDetails.do !== undefined) return flags.ednsDetails.do;
  return flags.dnssec ?? false;
}

/** The EDNS payload size of a query; 0 with no ednsDetails and no DNSSEC means "no EDNS". */
export function effectiveEdnsSize(flags: QueryFlags): number {
  const dnssec = effectiveDnssec(flags);
  if (flags.ednsDetails) {
    return (
      flags.ednsDetails.size ??
      flags.ednsSize ??
      (dnssec ? EDNS_UDP_PAYLOAD_DNSSEC_DEFAULT : EDNS_UDP_PAYLOAD_DEFAULT)
    );
  }
  return flags.ednsSize ?? (dnssec ? EDNS_UDP_PAYLOAD_DNSSEC_DEFAULT : 0);
}

/** The MD5 input string S. `name` is used as given; the root is written "." (our "" included). */
export function cacheKeyInput(name: string, type: string, flags: QueryFlags = {}): string {
  const d = flags.ednsDetails;
  let s =
    `NAME${name === '' ? '.' : name}TYPE${type.toUpperCase()}CLASS${(flags.class ?? 'IN').toUpperCase()}` +
    `DNSSEC${bit(effectiveDnssec(flags))}USEVC${bit(flags.usevc)}RECURSE${bit(flags.recurse)}`;
  if (d) {
    s += `EDNS_VERSION${d.version ?? 0}EDNS_Z${d.z ?? 0}EDNS_EXTENDED_RCODE${d.rcode ?? 0}EDNS_DATA${ednsDataKey(d.data)}`;
  }
  s += `EDNS_UDP_SIZE${effectiveEdnsSize(flags)}`;
  // Not a reference flag: only appended when set, so reference keys stay exact.
  if (flags.cd) s += 'CD1';
  return s;
}

/** A test asks the same few hundred questions again and again; an MD5 costs more than the lookup. */
const KNOWN_KEYS_MAX = 8192;
const knownKeys = new Map<string, string>();
/**
 * The keys of questions with the usual flags (no ednsDetails, class IN or CH) by type, then flags as one
 * number, then name: a known question costs three map lookups instead of building its key input (a test asks
 * a couple of hundred, and the input is a string of some hundred characters).
 */
const knownPlain = new Map<string, Map<number, Map<string, string>>>();
let knownPlainCount = 0;

function md5Key(input: string): string {
  let key = knownKeys.get(input);
  if (key === undefined) {
    key = createHash('md5').update(input, 'utf8').digest('base64').replace(/=+$/, '');
    if (knownKeys.size >= KNOWN_KEYS_MAX) knownKeys.clear();
    knownKeys.set(input, key);
  }
  return key;
}

/** Every flag the key input depends on as one number, or undefined when the flags need the whole input. */
function plainFlags(flags: QueryFlags): number | undefined {
  if (flags.ednsDetails) return undefined;
  const klass = flags.class === undefined || flags.class === 'IN' ? 0 : flags.class === 'CH' ? 1 : -1;
  const size = effectiveEdnsSize(flags);
  if (klass < 0 || !Number.isInteger(size) || size < 0 || size > 0xffff) return undefined;
  const bits =
    klass |
    (effectiveDnssec(flags) ? 2 : 0) |
    (flags.usevc ? 4 : 0) |
    (flags.recurse ? 8 : 0) |
    (flags.cd ? 16 : 0);
  return size * 32 + bits;
}

export function cacheKey(name: string, type: string, flags: QueryFlags = {}): string {
  const plain = plainFlags(flags);
  if (plain === undefined) return md5Key(cacheKeyInput(name, type, flags));
  let byFlags = knownPlain.get(type);
  let byName = byFlags?.get(plain);
  const known = byName?.get(name);
  if (known !== undefined) return known;
  const key = md5Key(cacheKeyInput(name, type, flags));
  if (knownPlainCount >= KNOWN_KEYS_MAX) {
    knownPlain.clear();
    knownPlainCount = 0;
    byFlags = byName = undefined;
  }
  if (!byFlags) knownPlain.set(type, (byFlags = new Map()));
  if (!byName) byFlags.set(plain, (byName = new Map()));
  byName.set(name, key);
  knownPlainCount += 1;
  return key;
}
