/**
 * Rdata decoding into plain objects (one shape per type, see DECODERS; encoder.ts writes the same shapes).
 * Names in rdata are lower case without trailing dot. `rawData` is the rdata in uncompressed wire form: for the
 * RFC 1035 types whose names may be compressed, names are expanded (case kept); for all others it is the bytes
 * as received.
 */
import { Cursor, WireError, concatBytes, nameToKey, nameToWire, type WireName } from './wire.js';
import { typeName } from './rrtypes.js';
import { addressFromBytes } from './address.js';

export interface DecodedRdata {
  data: unknown;
  rawData: Uint8Array;
}

type Decoder = (c: Cursor, end: number, raw: Uint8Array) => DecodedRdata;

/** Decoder for rdata made of names and fixed-size fields, e.g. ['u16', 'name'] for MX. */
function layout(
  fields: ('name' | 'u16' | 'u32')[],
  build: (values: (string | number)[]) => unknown,
): Decoder {
  return (c, _end, raw) => {
    const values: (string | number)[] = [];
    const parts: Uint8Array[] = [];
    let compressed = false;
    for (const f of fields) {
      const start = c.offset;
      if (f === 'name') {
        const n: WireName = c.name();
        values.push(nameToKey(n));
        parts.push(nameToWire(n));
        compressed ||= n.compressed;
      } else {
        values.push(f === 'u16' ? c.u16() : c.u32());
        parts.push(c.buf.subarray(start, c.offset));
      }
    }
    // without compression pointers the rdata as received is already the uncompressed form
    return { data: build(values), rawData: compressed ? concatBytes(parts) : raw };
  };
}

const opaque =
  (build: (c: Cursor, end: number) => unknown): Decoder =>
  (c, end, raw) => ({ data: build(c, end), rawData: raw });

function rest(c: Cursor, end: number): Buffer {
  if (c.offset > end) throw new WireError('rdata shorter than its fields');
  return Buffer.from(c.bytes(end - c.offset));
}

function typeBitmap(c: Cursor, end: number): string[] {
  const types: string[] = [];
  while (c.offset < end) {
    const window = c.u8();
    const length = c.u8();
    if (length === 0 || length > 32) throw new WireError('bad type bitmap window length');
    const bits = c.bytes(length);
    for (let i = 0; i < bits.length; i++)
      for (let j = 0; j < 8; j++) if (bits[i]! & (0x80 >> j)) types.push(typeName(window * 256 + i * 8 + j));
  }
  return types;
}

function ipv4(c: Cursor, end: number): string {
  if (end - c.offset !== 4) throw new WireError('A rdata is not 4 bytes');
  const b = c.bytes(4);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

function ipv6(c: Cursor, end: number): string {
  if (end - c.offset !== 16) throw new WireError('AAAA rdata is not 16 bytes');
  return addressFromBytes(c.bytes(16));
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

const single = (v: (string | number)[]) => v[0];

const DECODERS: Record<string, Decoder> = {
  A: opaque(ipv4),
  AAAA: opaque(ipv6),
  NS: layout(['name'], single),
  CNAME: layout(['name'], single),
  DNAME: opaque((c) => nameToKey(c.name())), // never compressed (RFC 6672)
  PTR: layout(['name'], single),
  MX: layout(['u16', 'name'], ([preference, exchange]) => ({ preference, exchange })),
  SOA: layout(
    ['name', 'name', 'u32', 'u32', 'u32', 'u32', 'u32'],
    ([mname, rname, serial, refresh, retry, expire, minimum]) => ({
      mname,
      rname,
      serial,
      refresh,
      retry,
      expire,
      minimum,
    }),
  ),
  RP: layout(['name', 'name'], ([mbox, txt]) => ({ mbox, txt })),
  SRV: layout(['u16', 'u16', 'u16', 'name'], ([priority, weight, port, target]) => ({
    priority,
    weight,
    port,
    target,
  })),
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
    signersName: nameToKey(c.name()),
    signature: rest(c, end),
  })),
  NSEC: opaque((c, end) => ({ nextDomain: nameToKey(c.name()), rrtypes: typeBitmap(c, end) })),
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
    replacement: nameToKey(c.name()),
  })),
};

/**
 * Decodes the rdata of `type` that starts at `c.offset` (just after the rdlength) and is `length` bytes long.
 * Leaves the cursor at the end of the rdata.
 */
export function decodeRdata(type: string, c: Cursor, length: number): DecodedRdata {
  const start = c.offset;
  const end = start + length;
  c.need(length);
  const raw = c.buf.subarray(start, end);
  const decoder = DECODERS[type];
  let result: DecodedRdata;
  if (decoder) {
    const limit = c.limit;
    c.limit = end;
    result = decoder(c, end, raw);
    if (c.offset !== end) throw new WireError(`${type} rdata length mismatch`);
    c.limit = limit;
  } else {
    result = { data: Buffer.from(raw), rawData: raw };
  }
  c.offset = end;
  return result;
}
