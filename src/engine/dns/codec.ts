/**
 * DNS message codec: query encoding and response decoding into the Packet of types.ts.
 * Decoding never throws: a message that cannot be parsed becomes a BrokenResponse.
 */
import type { BrokenResponse, EdnsInfo, Packet, Question, RR, Section } from './types.js';
import { Cursor, WireError, encodeName } from './wire.js';
import { decodeRdata, recordTypeOf } from './rdata.js';
import { classCode, className, opcodeName, rcodeName, typeCode } from './rrtypes.js';
import { isAtOrBelow } from './name.js';

export const OPT_TYPE = 41;
export const DO_BIT = 0x8000;

export interface QueryEdns {
  version: number;
  /** the OPT flags word without DO (reference "z") */
  z: number;
  do: boolean;
  /** upper 8 bits of the extended rcode, as sent in the OPT TTL */
  extendedRcode: number;
  udpSize: number;
  /** raw OPT rdata (already encoded options) */
  data?: Uint8Array;
}

export interface QuerySpec {
  id: number;
  /** presentation form; trailing dot optional; "" or "." = root. Case is sent as given. */
  name: string;
  type: string;
  class: string;
  rd: boolean;
  cd: boolean;
  ad?: boolean;
  edns?: QueryEdns;
}

/** Wire form of a query. Throws on a name or type that cannot be encoded. */
export function encodeQuery(spec: QuerySpec): Uint8Array {
  const qtype = typeCode(spec.type);
  if (qtype === undefined) throw new Error(`unknown query type ${spec.type}`);
  const qname = encodeName(spec.name);
  const optData = spec.edns?.data ?? new Uint8Array(0);
  const optLength = spec.edns ? 11 + optData.length : 0;
  const buf = Buffer.alloc(12 + qname.length + 4 + optLength);
  buf.writeUInt16BE(spec.id & 0xffff, 0);
  buf.writeUInt16BE((spec.rd ? 0x0100 : 0) | (spec.ad ? 0x0020 : 0) | (spec.cd ? 0x0010 : 0), 2);
  buf.writeUInt16BE(1, 4);
  buf.writeUInt16BE(spec.edns ? 1 : 0, 10);
  buf.set(qname, 12);
  let o = 12 + qname.length;
  buf.writeUInt16BE(qtype, o);
  buf.writeUInt16BE(classCode(spec.class), o + 2);
  o += 4;
  if (spec.edns) {
    const e = spec.edns;
    buf[o] = 0; // root owner
    buf.writeUInt16BE(OPT_TYPE, o + 1);
    buf.writeUInt16BE(e.udpSize & 0xffff, o + 3);
    buf[o + 5] = e.extendedRcode & 0xff;
    buf[o + 6] = e.version & 0xff;
    buf.writeUInt16BE((e.z & 0xffff & ~DO_BIT) | (e.do ? DO_BIT : 0), o + 7);
    buf.writeUInt16BE(optData.length, o + 9);
    buf.set(optData, o + 11);
  }
  return buf;
}

/** The encoded options of an OPT record ({code, data} list → rdata bytes). */
export function encodeEdnsOptions(options: { code: number; data: Uint8Array }[]): Uint8Array {
  const parts = options.map((opt) => {
    const b = Buffer.alloc(4 + opt.data.length);
    b.writeUInt16BE(opt.code, 0);
    b.writeUInt16BE(opt.data.length, 2);
    b.set(opt.data, 4);
    return b;
  });
  return Buffer.concat(parts);
}

function decodeEdnsOptions(data: Uint8Array): { code: number; data: Uint8Array }[] {
  const c = new Cursor(data);
  const out: { code: number; data: Uint8Array }[] = [];
  while (c.offset < data.length) {
    const code = c.u16();
    out.push({ code, data: c.bytes(c.u16()) });
  }
  return out;
}

export interface ResponseMeta {
  from: { address: string; port: number };
  querytime: number;
  tcp: boolean;
}

export interface ParsedMessage {
  id: number;
  flagsWord: number;
  rcode: number;
  question: Question[];
  answer: RR[];
  authority: RR[];
  additional: RR[];
  edns?: EdnsInfo;
}

/** Where the first OPT record of the additional section goes. */
interface OptSlot {
  edns?: EdnsInfo;
  /** upper 8 bits of the extended rcode */
  extended: number;
}

/** Reads `count` records into `sink`; an OPT record is an error unless `opt` is given. */
function parseRecords(c: Cursor, count: number, sink: RR[], opt?: OptSlot): void {
  for (let i = 0; i < count; i++) {
    const owner = c.name();
    let type: number, klass: number, ttl: number, length: number;
    const { buf, offset } = c;
    if (offset + 10 <= c.limit) {
      type = (buf[offset]! << 8) | buf[offset + 1]!;
      klass = (buf[offset + 2]! << 8) | buf[offset + 3]!;
      ttl =
        ((buf[offset + 4]! << 24) >>> 0) +
        (buf[offset + 5]! << 16) +
        (buf[offset + 6]! << 8) +
        buf[offset + 7]!;
      length = (buf[offset + 8]! << 8) | buf[offset + 9]!;
      c.offset = offset + 10;
    } else {
      // field by field, so that a truncated record fails with the message of the field it ends in
      type = c.u16();
      klass = c.u16();
      ttl = c.u32();
      length = c.u16();
    }
    if (type === OPT_TYPE) {
      const data = c.bytes(length);
      if (!opt) throw new WireError('OPT record outside the additional section');
      if (opt.edns) continue; // only the first OPT counts
      opt.extended = ttl >>> 24;
      opt.edns = {
        version: (ttl >>> 16) & 0xff,
        udpSize: klass,
        do: (ttl & DO_BIT) !== 0,
        z: ttl & 0x7fff,
        options: decodeEdnsOptions(data),
      };
      continue;
    }
    const recordType = recordTypeOf(type);
    const { data, rawData } = decodeRdata(recordType, c, length);
    const classText = klass === 1 ? 'IN' : className(klass);
    sink.push({ name: owner, type: recordType.name, class: classText, ttl, data, rawData });
  }
}

/**
 * Parses a DNS message; throws WireError when it is malformed. Question names are lower case unless
 * `keepCase` (a server echoing the question as sent).
 */
export function parseMessage(raw: Uint8Array, { keepCase = false } = {}): ParsedMessage {
  const c = new Cursor(raw);
  if (raw.length < 12) throw new WireError(`message shorter than a header (${raw.length} bytes)`);
  const id = c.u16();
  const flagsWord = c.u16();
  const counts = [c.u16(), c.u16(), c.u16(), c.u16()] as const;
  const question: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const name = keepCase ? c.nameText() : c.name();
    const type = recordTypeOf(c.u16()).name;
    question.push({ name, type, class: className(c.u16()) });
  }
  const answer: RR[] = [];
  const authority: RR[] = [];
  const additional: RR[] = [];
  const opt: OptSlot = { extended: 0 };
  parseRecords(c, counts[1], answer);
  parseRecords(c, counts[2], authority);
  parseRecords(c, counts[3], additional, opt);
  return {
    id,
    flagsWord,
    rcode: (opt.extended << 4) | (flagsWord & 0x0f),
    question,
    answer,
    authority,
    additional,
    edns: opt.edns,
  };
}

class DecodedPacket implements Packet {
  readonly id: number;
  readonly rcode: string;
  readonly opcode: string;
  readonly flags: Packet['flags'];
  readonly question: Question[];
  readonly answer: RR[];
  readonly authority: RR[];
  readonly additional: RR[];
  readonly edns?: EdnsInfo;
  readonly from: { address: string; port: number };
  readonly querytime: number;
  readonly tcp: boolean;

  constructor(
    readonly raw: Uint8Array,
    m: ParsedMessage,
    meta: ResponseMeta,
  ) {
    const f = m.flagsWord;
    this.id = m.id;
    this.rcode = rcodeName(m.rcode);
    this.opcode = opcodeName((f >> 11) & 0x0f);
    this.flags = {
      qr: (f & 0x8000) !== 0,
      aa: (f & 0x0400) !== 0,
      tc: (f & 0x0200) !== 0,
      rd: (f & 0x0100) !== 0,
      ra: (f & 0x0080) !== 0,
      ad: (f & 0x0020) !== 0,
      cd: (f & 0x0010) !== 0,
    };
    this.question = m.question;
    this.answer = m.answer;
    this.authority = m.authority;
    this.additional = m.additional;
    if (m.edns) this.edns = m.edns;
    this.from = meta.from;
    this.querytime = meta.querytime;
    this.tcp = meta.tcp;
  }

  records(type: string, section?: Section, name?: string): RR[] {
    const upper = type.toUpperCase();
    const pool = section ? this[section] : [...this.answer, ...this.authority, ...this.additional];
    const owner = name === undefined ? undefined : normalizeName(name);
    return pool.filter((rr) => rr.type === upper && (owner === undefined || rr.name === owner));
  }

  get isNoData(): boolean {
    if (this.rcode === 'NXDOMAIN') return true;
    if (this.rcode !== 'NOERROR') return false;
    const q = this.question[0];
    const hasAnswer = q
      ? this.answer.some((rr) => rr.type === q.type && rr.name === q.name)
      : this.answer.length > 0;
    return !hasAnswer && this.authority.some((rr) => rr.type === 'SOA');
  }

  get isReferral(): boolean {
    if (this.flags.aa || this.rcode !== 'NOERROR') return false;
    const q = this.question[0];
    if (!q || this.answer.some((rr) => rr.name === q.name && rr.type === q.type)) return false;
    return this.authority.some((rr) => rr.type === 'NS' && isAtOrBelow(q.name, rr.name));
  }
}

/** Lower case, no trailing dot, "" for the root. */
export function normalizeName(name: string): string {
  if (name === '.' || name === '') return '';
  const lower = name.toLowerCase();
  return lower.endsWith('.') && !lower.endsWith('\\.') ? lower.slice(0, -1) : lower;
}

export function brokenResponse(
  raw: Uint8Array,
  from: { address: string; port: number },
  error: string,
): BrokenResponse {
  return { broken: true, raw, from, error };
}

/** Decodes a response; a malformed message gives a BrokenResponse instead of an exception. */
export function decodeResponse(raw: Uint8Array, meta: ResponseMeta): Packet | BrokenResponse {
  try {
    return new DecodedPacket(raw, parseMessage(raw), meta);
  } catch (err) {
    return brokenResponse(raw, meta.from, err instanceof Error ? err.message : String(err));
  }
}

/** The message id of a wire message (undefined when shorter than 2 bytes). */
export function messageId(raw: Uint8Array): number | undefined {
  return raw.length >= 2 ? (raw[0]! << 8) | raw[1]! : undefined;
}
