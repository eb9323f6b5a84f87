/**
 * Rdata decoding into plain objects (one shape per type, see DECODERS; encoder.ts writes the same shapes).
 * Names in rdata are lower case without trailing dot. `rawData` is the rdata in uncompressed wire form: for the
 * RFC 1035 types whose names may be compressed, names are expanded (case kept); for all others it is the bytes
 * as received.
 */
import { Cursor, WireError, copyNameWire, nameEnd } from './wire.js';
import { typeName } from './rrtypes.js';
import { ipv4Text, ipv6Text } from './address-text.js';

export interface DecodedRdata {
  data: unknown;
  rawData: Uint8Array;
}

/**
 * What a decoder returns: one object for every record, read by the caller before the next decoding (a record
 * object per record is allocation enough).
 */
const decoded: DecodedRdata = { data: undefined, rawData: new Uint8Array(0) };

function result(data: unknown, rawData: Uint8Array): DecodedRdata {
  decoded.data = data;
  decoded.rawData = rawData;
  return decoded;
}

/** Reads the rdata from `start` (the cursor) to `end` (the cursor's limit). */
type Decoder = (c: Cursor, start: number, end: number) => DecodedRdata;

const NAME = 0;
/** The fields of a type whose names may be compressed: NAME, or the size of a number field. */
type Layout = readonly (typeof NAME | 2 | 4)[];

/**
 * The rdata as received when none of its names followed a pointer (it is its uncompressed form then), else a
 * copy with the names expanded.
 */
function uncompressed(c: Cursor, start: number, end: number, fields: Layout): Uint8Array {
  if (!c.namesCompressed) return c.view(start, end);
  const { buf } = c;
  const out = new Uint8Array(c.namesWireLength + fields.reduce<number>((n, size) => n + size, 0));
  let o = 0;
  let pos = start;
  for (const size of fields) {
    if (size === NAME) {
      o = copyNameWire(buf, pos, out, o);
      pos = nameEnd(buf, pos);
    } else {
      for (const fieldEnd = pos + size; pos < fieldEnd;) out[o++] = buf[pos++]!;
    }
  }
  return out;
}

const SINGLE_NAME: Layout = [NAME];

function singleName(c: Cursor, start: number, end: number): DecodedRdata {
  const data = c.name();
  return result(data, uncompressed(c, start, end, SINGLE_NAME));
}

const MX_LAYOUT: Layout = [2, NAME];

function mx(c: Cursor, start: number, end: number): DecodedRdata {
  const preference = c.u16();
  const exchange = c.name();
  return result({ preference, exchange }, uncompressed(c, start, end, MX_LAYOUT));
}

const SOA_LAYOUT: Layout = [NAME, NAME, 4, 4, 4, 4, 4];

function soa(c: Cursor, start: number, end: number): DecodedRdata {
  const mname = c.name();
  const rname = c.name();
  const serial = c.u32();
  const refresh = c.u32();
  const retry = c.u32();
  const expire = c.u32();
  const minimum = c.u32();
  const rawData = uncompressed(c, start, end, SOA_LAYOUT);
  return result({ mname, rname, serial, refresh, retry, expire, minimum }, rawData);
}

const RP_LAYOUT: Layout = [NAME, NAME];

function rp(c: Cursor, start: number, end: number): DecodedRdata {
  const mbox = c.name();
  const txt = c.name();
  return result({ mbox, txt }, uncompressed(c, start, end, RP_LAYOUT));
}

const SRV_LAYOUT: Layout = [2, 2, 2, NAME];

function srv(c: Cursor, start: number, end: number): DecodedRdata {
  const priority = c.u16();
  const weight = c.u16();
  const port = c.u16();
  const target = c.name();
  return result({ priority, weight, port, target }, uncompressed(c, start, end, SRV_LAYOUT));
}

const opaque =
  (build: (c: Cursor, end: number) => unknown): Decoder =>
  (c, start, end) =>
    result(build(c, end), c.view(start, end));

function rest(c: Cursor, end: number): Buffer {
  if (c.offset > end) throw new WireError('rdata shorter than its fields');
  return Buffer.from(c.bytes(end - c.offset));
}

function typeBitmap(c: Cursor, end: number): string[] {
  const types: string[] = [];
  const { buf } = c;
  while (c.offset < end) {
    const window = c.u8();
    const length = c.u8();
    if (length === 0 || length > 32) throw new WireError('bad type bitmap window length');
    c.need(length);
    const bits = c.offset;
    c.offset += length;
    for (let i = 0; i < length; i++)
      for (let j = 0; j < 8; j++)
        if (buf[bits + i]! & (0x80 >> j)) types.push(typeName(window * 256 + i * 8 + j));
  }
  return types;
}

// A and AAAA, a third of all records, get decoders of their own rather than opaque()'s shared closure
function ipv4(c: Cursor, start: number, end: number): DecodedRdata {
  if (end - start !== 4) throw new WireError('A rdata is not 4 bytes');
  c.offset = end;
  return result(ipv4Text(c.buf, start), c.view(start, end));
}

function ipv6(c: Cursor, start: number, end: number): DecodedRdata {
  if (end - start !== 16) throw new WireError('AAAA rdata is not 16 bytes');
  c.offset = end;
  return result(ipv6Text(c.buf, start), c.view(start, end));
}

function characterStrings(c: Cursor, end: number): Buffer[] {
  const out: Buffer[] = [];
  while (c.offset < end) out.push(Buffer.from(c.bytes(c.u8())));
  return out;
}

/** One <character-string> as text (UTF-8). */
function text(c: Cursor): string {
  return Buffer.from(c.bytes(c.u8())).toString('utf8');
}

const ds = opaque((c, end) => ({
  keyTag: c.u16(),
  algorithm: c.u8(),
  digestType: c.u8(),
  digest: rest(c, end),
}));
const dnskey = opaque((c, end) => ({
  flags: c.u16(),
  protocol: c.u8(),
  algorithm: c.u8(),
  key: rest(c, end),
}));

const DECODERS: Record<string, Decoder> = {
  A: ipv4,
  AAAA: ipv6,
  NS: singleName,
  CNAME: singleName,
  DNAME: opaque((c) => c.name()), // never compressed (RFC 6672)
  PTR: singleName,
  MX: mx,
  SOA: soa,
  RP: rp,
  SRV: srv,
  TXT: opaque(characterStrings),
  SPF: opaque(characterStrings),
  DS: ds,
  CDS: ds,
  DNSKEY: dnskey,
  CDNSKEY: dnskey,
  RRSIG: opaque((c, end) => ({
    typeCovered: typeName(c.u16()),
    algorithm: c.u8(),
    labels: c.u8(),
    originalTTL: c.u32(),
    expiration: c.u32(),
    inception: c.u32(),
    keyTag: c.u16(),
    signersName: c.name(),
    signature: rest(c, end),
  })),
  NSEC: opaque((c, end) => ({ nextDomain: c.name(), rrtypes: typeBitmap(c, end) })),
  NSEC3: opaque((c, end) => ({
    algorithm: c.u8(),
    flags: c.u8(),
    iterations: c.u16(),
    salt: Buffer.from(c.bytes(c.u8())),
    nextDomain: Buffer.from(c.bytes(c.u8())),
    rrtypes: typeBitmap(c, end),
  })),
  NSEC3PARAM: opaque((c) => ({
    algorithm: c.u8(),
    flags: c.u8(),
    iterations: c.u16(),
    salt: Buffer.from(c.bytes(c.u8())),
  })),
  HINFO: opaque((c) => ({ cpu: text(c), os: text(c) })),
  CAA: opaque((c, end) => {
    const flags = c.u8();
    const tag = text(c);
    return { flags, tag, value: rest(c, end).toString('utf8'), issuerCritical: (flags & 0x80) !== 0 };
  }),
  SSHFP: opaque((c, end) => ({
    algorithm: c.u8(),
    hash: c.u8(),
    fingerprint: rest(c, end).toString('hex').toUpperCase(),
  })),
  TLSA: opaque((c, end) => ({
    usage: c.u8(),
    selector: c.u8(),
    matchingType: c.u8(),
    certificate: rest(c, end),
  })),
  NAPTR: opaque((c) => ({
    order: c.u16(),
    preference: c.u16(),
    flags: text(c),
    services: text(c),
    regexp: text(c),
    replacement: c.name(),
  })),
};

/** A record type as the decoder needs it: its mnemonic (or TYPEnnn) and its rdata decoder, if any. */
export interface RecordType {
  name: string;
  decoder: Decoder | undefined;
}

function recordType(code: number): RecordType {
  const name = typeName(code);
  return { name, decoder: Object.hasOwn(DECODERS, name) ? DECODERS[name] : undefined };
}

/** The types of codes below this are looked up in an array: every record needs its type. */
const LISTED_TYPES = 1024;
const RECORD_TYPES: readonly RecordType[] = Array.from({ length: LISTED_TYPES }, (_, code) =>
  recordType(code),
);

export function recordTypeOf(code: number): RecordType {
  return code < LISTED_TYPES ? RECORD_TYPES[code]! : recordType(code);
}

/**
 * Decodes the rdata of `type` that starts at `c.offset` (just after the rdlength) and is `length` bytes long.
 * Leaves the cursor at the end of the rdata. The result is valid until the next call.
 */
export function decodeRdata({ name, decoder }: RecordType, c: Cursor, length: number): DecodedRdata {
  const start = c.offset;
  const end = start + length;
  c.need(length);
  let rdata: DecodedRdata;
  if (decoder) {
    const limit = c.limit;
    c.limit = end;
    c.namesCompressed = false;
    c.namesWireLength = 0;
    rdata = decoder(c, start, end);
    if (c.offset !== end) throw new WireError(`${name} rdata length mismatch`);
    c.limit = limit;
  } else {
    const raw = c.view(start, end);
    rdata = result(Buffer.from(raw), raw);
  }
  c.offset = end;
  return rdata;
}
