/**
 * Message and rdata encoding for answers the engine makes up (fake delegations) and for the test servers:
 * rdata in the shapes rdata.ts decodes into, names uncompressed and sent as given (case kept). Queries have
 * their own faster path (codec.ts encodeQuery).
 */
import { addressToBytes } from './address.js';
import { classCode, typeCode } from './rrtypes.js';
import { concatBytes, encodeName } from './wire.js';
import { DO_BIT, OPT_TYPE, encodeEdnsOptions } from './codec.js';

/** A record to encode: `data` in the decoded shape of its type, or the rdata bytes themselves. */
export interface RecordSpec {
  name: string;
  type: string;
  class?: string;
  ttl?: number;
  data: unknown;
}

export interface MessageSpec {
  id: number;
  /** header flags as booleans; qr defaults to true (a response) */
  qr?: boolean;
  opcode?: number;
  aa?: boolean;
  tc?: boolean;
  rd?: boolean;
  ra?: boolean;
  ad?: boolean;
  cd?: boolean;
  /** 12-bit rcode: the upper 8 bits go into the OPT record (and need `edns`) */
  rcode?: number;
  question: { name: string; type: string; class?: string }[];
  answer?: RecordSpec[];
  authority?: RecordSpec[];
  additional?: RecordSpec[];
  /** an OPT record, appended to the additional section */
  edns?: {
    udpSize: number;
    version?: number;
    do?: boolean;
    z?: number;
    options?: { code: number; data: Uint8Array }[];
  };
}

const u8 = (n: number) => Uint8Array.of(n & 0xff);
const u16 = (n: number) => Uint8Array.of((n >> 8) & 0xff, n & 0xff);
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const bytes = (b: unknown): Uint8Array => {
  if (b instanceof Uint8Array) return b;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  throw new Error('expected bytes');
};
/** One <character-string>: a length byte, then at most 255 bytes. */
const characterString = (s: unknown): Uint8Array => {
  const b = bytes(s);
  if (b.length > 255) throw new Error('character-string longer than 255 bytes');
  return concatBytes([u8(b.length), b]);
};

function typeNumber(type: string): number {
  const code = typeCode(type);
  if (code === undefined) throw new Error(`unknown RR type ${type}`);
  return code;
}

/** NSEC / NSEC3 type bitmap (RFC 4034 4.1.2) of type mnemonics. */
export function encodeTypeBitmap(types: readonly string[]): Uint8Array {
  const windows = new Map<number, Uint8Array>();
  for (const t of types) {
    const code = typeNumber(t);
    const window = windows.get(code >> 8) ?? new Uint8Array(32);
    window[(code & 0xff) >> 3]! |= 0x80 >> (code & 7);
    windows.set(code >> 8, window);
  }
  const parts: Uint8Array[] = [];
  for (const [number, bits] of [...windows].sort(([a], [b]) => a - b)) {
    let length = 32;
    while (length > 0 && bits[length - 1] === 0) length--;
    parts.push(u8(number), u8(length), bits.subarray(0, length));
  }
  return concatBytes(parts);
}

type Encoder = (d: any) => Uint8Array[];

const name = (n: string) => encodeName(n);
const ds: Encoder = (d) => [u16(d.keyTag), u8(d.algorithm), u8(d.digestType), bytes(d.digest)];
const dnskey: Encoder = (d) => [u16(d.flags), u8(d.protocol ?? 3), u8(d.algorithm), bytes(d.key)];
const texts: Encoder = (d) => (Array.isArray(d) ? d : [d]).map(characterString);

const ENCODERS: Record<string, Encoder> = {
  A: (d) => [addressToBytes(d)],
  AAAA: (d) => [addressToBytes(d)],
  NS: (d) => [name(d)],
  CNAME: (d) => [name(d)],
  DNAME: (d) => [name(d)],
  PTR: (d) => [name(d)],
  MX: (d) => [u16(d.preference), name(d.exchange)],
  SOA: (d) => [
    name(d.mname),
    name(d.rname),
    u32(d.serial),
    u32(d.refresh),
    u32(d.retry),
    u32(d.expire),
    u32(d.minimum),
  ],
  RP: (d) => [name(d.mbox), name(d.txt)],
  SRV: (d) => [u16(d.priority), u16(d.weight), u16(d.port), name(d.target)],
  TXT: texts,
  SPF: texts,
  DS: ds,
  CDS: ds,
  DNSKEY: dnskey,
  CDNSKEY: dnskey,
  RRSIG: (d) => [
    u16(typeNumber(d.typeCovered)),
    u8(d.algorithm),
    u8(d.labels),
    u32(d.originalTTL),
    u32(d.expiration),
    u32(d.inception),
    u16(d.keyTag),
    name(d.signersName),
    bytes(d.signature),
  ],
  NSEC: (d) => [name(d.nextDomain), encodeTypeBitmap(d.rrtypes)],
  NSEC3: (d) => [
    u8(d.algorithm),
    u8(d.flags),
    u16(d.iterations),
    characterString(d.salt),
    characterString(d.nextDomain),
    encodeTypeBitmap(d.rrtypes),
  ],
  NSEC3PARAM: (d) => [u8(d.algorithm), u8(d.flags), u16(d.iterations), characterString(d.salt)],
  HINFO: (d) => [characterString(d.cpu), characterString(d.os)],
  CAA: (d) => [u8((d.flags ?? 0) | (d.issuerCritical ? 0x80 : 0)), characterString(d.tag), bytes(d.value)],
  SSHFP: (d) => [u8(d.algorithm), u8(d.hash), Buffer.from(d.fingerprint, 'hex')],
  TLSA: (d) => [u8(d.usage), u8(d.selector), u8(d.matchingType), bytes(d.certificate)],
  NAPTR: (d) => [
    u16(d.order),
    u16(d.preference),
    characterString(d.flags),
    characterString(d.services),
    characterString(d.regexp),
    name(d.replacement),
  ],
};

/** Rdata of `type` from its decoded shape; bytes are taken as the rdata itself (any type). */
export function encodeRdata(type: string, data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  const encoder = ENCODERS[type.toUpperCase()];
  if (!encoder) throw new Error(`no rdata encoder for ${type}: give the rdata as bytes`);
  return concatBytes(encoder(data));
}

function record(rr: RecordSpec): Uint8Array {
  const rdata = encodeRdata(rr.type, rr.data);
  if (rdata.length > 0xffff) throw new Error('rdata longer than 65535 bytes');
  return concatBytes([
    encodeName(rr.name),
    u16(typeNumber(rr.type)),
    u16(classCode(rr.class ?? 'IN')),
    u32(rr.ttl ?? 0),
    u16(rdata.length),
    rdata,
  ]);
}

function optRecord(edns: NonNullable<MessageSpec['edns']>, extendedRcode: number): Uint8Array {
  const options = encodeEdnsOptions(edns.options ?? []);
  const flags = ((edns.z ?? 0) & ~DO_BIT & 0xffff) | (edns.do ? DO_BIT : 0);
  return concatBytes([
    u8(0),
    u16(OPT_TYPE),
    u16(edns.udpSize),
    u8(extendedRcode),
    u8(edns.version ?? 0),
    u16(flags),
    u16(options.length),
    options,
  ]);
}

/** Wire form of a whole message. Throws on anything that cannot be encoded. */
export function encodeMessage(m: MessageSpec): Uint8Array {
  const rcode = m.rcode ?? 0;
  if (rcode > 0x0f && !m.edns) throw new Error(`rcode ${rcode} needs an OPT record`);
  const flags =
    (m.qr === false ? 0 : 0x8000) |
    (((m.opcode ?? 0) & 0x0f) << 11) |
    (m.aa ? 0x0400 : 0) |
    (m.tc ? 0x0200 : 0) |
    (m.rd ? 0x0100 : 0) |
    (m.ra ? 0x0080 : 0) |
    (m.ad ? 0x0020 : 0) |
    (m.cd ? 0x0010 : 0) |
    (rcode & 0x0f);
  const answer = (m.answer ?? []).map(record);
  const authority = (m.authority ?? []).map(record);
  const additional = (m.additional ?? []).map(record);
  if (m.edns) additional.push(optRecord(m.edns, rcode >> 4));
  const question = m.question.map((q) =>
    concatBytes([encodeName(q.name), u16(typeNumber(q.type)), u16(classCode(q.class ?? 'IN'))]),
  );
  return concatBytes([
    u16(m.id),
    u16(flags),
    u16(question.length),
    u16(answer.length),
    u16(authority.length),
    u16(additional.length),
    ...question,
    ...answer,
    ...authority,
    ...additional,
  ]);
}
