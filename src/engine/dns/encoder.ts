/**
 * Message and rdata encoding for answers the engine makes up (fake delegations) and for the test servers:
 * rdata in the shapes rdata.ts decodes into, names uncompressed and sent as given (case kept). Queries have
 * their own path (codec.ts encodeQuery). Everything is written into one growing buffer.
 */
import { addressToBytes } from './address.js';
import { classCode, typeCode } from './rrtypes.js';
import { encodeName } from './wire.js';
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

class Writer {
  buf = new Uint8Array(512);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
  u8(n: number): void {
    this.room(1);
    this.buf[this.length++] = n & 0xff;
  }
  u16(n: number): void {
    this.room(2);
    this.buf[this.length++] = (n >> 8) & 0xff;
    this.buf[this.length++] = n & 0xff;
  }
  u32(n: number): void {
    this.u16(n >>> 16);
    this.u16(n & 0xffff);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  name(n: string): void {
    this.bytes(encodeName(n));
  }
  /** One <character-string>: a length byte, then at most 255 bytes. */
  characterString(s: unknown): void {
    const b = asBytes(s);
    if (b.length > 255) throw new Error('character-string longer than 255 bytes');
    this.u8(b.length);
    this.bytes(b);
  }
  /** Writes a 16-bit length, then what `body` writes, and sets the length to the size of that. */
  withLength(body: () => void): void {
    const at = this.length;
    this.u16(0);
    body();
    const size = this.length - at - 2;
    if (size > 0xffff) throw new Error('rdata longer than 65535 bytes');
    this.buf[at] = size >> 8;
    this.buf[at + 1] = size & 0xff;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function asBytes(b: unknown): Uint8Array {
  if (b instanceof Uint8Array) return b;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  throw new Error('expected bytes');
}

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
  const w = new Writer();
  for (const [number, bits] of [...windows].sort(([a], [b]) => a - b)) {
    let length = 32;
    while (length > 0 && bits[length - 1] === 0) length--;
    w.u8(number);
    w.u8(length);
    w.bytes(bits.subarray(0, length));
  }
  return w.result();
}

type Encoder = (w: Writer, d: any) => void;

const ds: Encoder = (w, d) => {
  w.u16(d.keyTag);
  w.u8(d.algorithm);
  w.u8(d.digestType);
  w.bytes(asBytes(d.digest));
};
const dnskey: Encoder = (w, d) => {
  w.u16(d.flags);
  w.u8(d.protocol ?? 3);
  w.u8(d.algorithm);
  w.bytes(asBytes(d.key));
};
const texts: Encoder = (w, d) => {
  for (const s of Array.isArray(d) ? d : [d]) w.characterString(s);
};
const address: Encoder = (w, d) => w.bytes(addressToBytes(d));
const name: Encoder = (w, d) => w.name(d);

const ENCODERS: Record<string, Encoder> = {
  A: address,
  AAAA: address,
  NS: name,
  CNAME: name,
  DNAME: name,
  PTR: name,
  MX: (w, d) => {
    w.u16(d.preference);
    w.name(d.exchange);
  },
  SOA: (w, d) => {
    w.name(d.mname);
    w.name(d.rname);
    for (const n of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(n);
  },
  RP: (w, d) => {
    w.name(d.mbox);
    w.name(d.txt);
  },
  SRV: (w, d) => {
    w.u16(d.priority);
    w.u16(d.weight);
    w.u16(d.port);
    w.name(d.target);
  },
  TXT: texts,
  SPF: texts,
  DS: ds,
  CDS: ds,
  DNSKEY: dnskey,
  CDNSKEY: dnskey,
  RRSIG: (w, d) => {
    w.u16(typeNumber(d.typeCovered));
    w.u8(d.algorithm);
    w.u8(d.labels);
    w.u32(d.originalTTL);
    w.u32(d.expiration);
    w.u32(d.inception);
    w.u16(d.keyTag);
    w.name(d.signersName);
    w.bytes(asBytes(d.signature));
  },
  NSEC: (w, d) => {
    w.name(d.nextDomain);
    w.bytes(encodeTypeBitmap(d.rrtypes));
  },
  NSEC3: (w, d) => {
    w.u8(d.algorithm);
    w.u8(d.flags);
    w.u16(d.iterations);
    w.characterString(d.salt);
    w.characterString(d.nextDomain);
    w.bytes(encodeTypeBitmap(d.rrtypes));
  },
  NSEC3PARAM: (w, d) => {
    w.u8(d.algorithm);
    w.u8(d.flags);
    w.u16(d.iterations);
    w.characterString(d.salt);
  },
  HINFO: (w, d) => {
    w.characterString(d.cpu);
    w.characterString(d.os);
  },
  CAA: (w, d) => {
    w.u8((d.flags ?? 0) | (d.issuerCritical ? 0x80 : 0));
    w.characterString(d.tag);
    w.bytes(asBytes(d.value));
  },
  SSHFP: (w, d) => {
    w.u8(d.algorithm);
    w.u8(d.hash);
    w.bytes(Buffer.from(d.fingerprint, 'hex'));
  },
  TLSA: (w, d) => {
    w.u8(d.usage);
    w.u8(d.selector);
    w.u8(d.matchingType);
    w.bytes(asBytes(d.certificate));
  },
  NAPTR: (w, d) => {
    w.u16(d.order);
    w.u16(d.preference);
    w.characterString(d.flags);
    w.characterString(d.services);
    w.characterString(d.regexp);
    w.name(d.replacement);
  },
};

function writeRdata(w: Writer, type: string, data: unknown): void {
  if (data instanceof Uint8Array) return w.bytes(data);
  const encoder = ENCODERS[type] ?? ENCODERS[type.toUpperCase()];
  if (!encoder) throw new Error(`no rdata encoder for ${type}: give the rdata as bytes`);
  encoder(w, data);
}

/** Rdata of `type` from its decoded shape; bytes are taken as the rdata itself (any type). */
export function encodeRdata(type: string, data: unknown): Uint8Array {
  const w = new Writer();
  writeRdata(w, type, data);
  return w.result();
}

function writeRecord(w: Writer, rr: RecordSpec): void {
  w.name(rr.name);
  w.u16(typeNumber(rr.type));
  w.u16(classCode(rr.class ?? 'IN'));
  w.u32(rr.ttl ?? 0);
  w.withLength(() => writeRdata(w, rr.type, rr.data));
}

function writeOpt(w: Writer, edns: NonNullable<MessageSpec['edns']>, extendedRcode: number): void {
  w.u8(0);
  w.u16(OPT_TYPE);
  w.u16(edns.udpSize);
  w.u8(extendedRcode);
  w.u8(edns.version ?? 0);
  w.u16(((edns.z ?? 0) & ~DO_BIT & 0xffff) | (edns.do ? DO_BIT : 0));
  w.withLength(() => w.bytes(encodeEdnsOptions(edns.options ?? [])));
}

/** Wire form of a whole message. Throws on anything that cannot be encoded. */
export function encodeMessage(m: MessageSpec): Uint8Array {
  const rcode = m.rcode ?? 0;
  if (rcode > 0x0f && !m.edns) throw new Error(`rcode ${rcode} needs an OPT record`);
  const answer = m.answer ?? [];
  const authority = m.authority ?? [];
  const additional = m.additional ?? [];
  const w = new Writer();
  w.u16(m.id);
  w.u16(
    (m.qr === false ? 0 : 0x8000) |
      (((m.opcode ?? 0) & 0x0f) << 11) |
      (m.aa ? 0x0400 : 0) |
      (m.tc ? 0x0200 : 0) |
      (m.rd ? 0x0100 : 0) |
      (m.ra ? 0x0080 : 0) |
      (m.ad ? 0x0020 : 0) |
      (m.cd ? 0x0010 : 0) |
      (rcode & 0x0f),
  );
  for (const count of [
    m.question.length,
    answer.length,
    authority.length,
    additional.length + (m.edns ? 1 : 0),
  ])
    w.u16(count);
  for (const q of m.question) {
    w.name(q.name);
    w.u16(typeNumber(q.type));
    w.u16(classCode(q.class ?? 'IN'));
  }
  for (const rr of answer) writeRecord(w, rr);
  for (const rr of authority) writeRecord(w, rr);
  for (const rr of additional) writeRecord(w, rr);
  if (m.edns) writeOpt(w, m.edns, rcode >> 4);
  return w.result();
}
