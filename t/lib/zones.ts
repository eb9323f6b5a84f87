/**
 * Test zone data: records written as master-file-like text, parsed into the rdata shapes of the engine's
 * codec (src/engine/dns/rdata.ts decodes them, encoder.ts encodes them). Used by the in-process test DNS server (t/lib/dns-server.ts).
 *
 *   zone('example', ['@ 3600 SOA ns1 admin 1 7200 3600 1209600 300', '@ NS ns1', 'ns1 A 127.0.0.1'])
 *
 * Owner "@" is the origin; names without a trailing dot are relative to the origin. TTL and class are optional.
 * Generic syntax `TYPE65534 \# 3 010203` gives an opaque record.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRdata } from '../../src/engine/dns/encoder.js';
import { typeCode } from '../../src/engine/dns/rrtypes.js';

export interface ZoneRecord {
  /** lower case, no trailing dot, "" = root */
  name: string;
  type: string;
  class: string;
  ttl: number;
  /** rdata in the codec's shape; a Buffer of rdata bytes for CDS, CDNSKEY, NSEC3PARAM and TYPEnnn */
  data: any;
}

export interface ZoneData {
  /** lower case, no trailing dot, "" = root */
  origin: string;
  records: ZoneRecord[];
  /** answer AXFR over TCP (default true) */
  allowAxfr?: boolean;
}

export interface ZoneOptions {
  defaultTtl?: number;
  allowAxfr?: boolean;
}

export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  if (lower === '.' || lower === '') return '';
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  if (name.endsWith('.')) return canonicalName(name);
  const lower = name.toLowerCase();
  return origin === '' ? lower : `${lower}.${origin}`;
}

/** Splits on white space, keeping "quoted strings" as one token (without the quotes). */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) tokens.push(m[1] !== undefined ? m[1] : m[2]!);
  return tokens;
}

const CLASSES = new Set(['IN', 'CH', 'HS']);

function isTypeToken(token: string): boolean {
  return typeCode(token) !== undefined;
}

type RdataParser = (args: string[], origin: string) => any;

const hex = (s: string) => Buffer.from(s, 'hex');
const rel = (origin: string) => (n: string) => absolute(n, origin);

function dsObject(args: string[]) {
  return {
    keyTag: Number(args[0]),
    algorithm: Number(args[1]),
    digestType: Number(args[2]),
    digest: hex(args.slice(3).join('')),
  };
}
function dnskeyObject(args: string[]) {
  return {
    flags: Number(args[0]),
    algorithm: Number(args[2]),
    key: Buffer.from(args.slice(3).join(''), 'base64'),
  };
}
function rdataBytes(type: string, data: any): Buffer {
  return Buffer.from(encodeRdata(type, data));
}

const RDATA_PARSERS: Record<string, RdataParser> = {
  A: (a) => a[0],
  AAAA: (a) => a[0],
  NS: (a, o) => rel(o)(a[0]!),
  CNAME: (a, o) => rel(o)(a[0]!),
  DNAME: (a, o) => rel(o)(a[0]!),
  PTR: (a, o) => rel(o)(a[0]!),
  MX: (a, o) => ({ preference: Number(a[0]), exchange: rel(o)(a[1]!) }),
  SRV: (a, o) => ({
    priority: Number(a[0]),
    weight: Number(a[1]),
    port: Number(a[2]),
    target: rel(o)(a[3]!),
  }),
  SOA: (a, o) => ({
    mname: rel(o)(a[0]!),
    rname: rel(o)(a[1]!),
    serial: Number(a[2]),
    refresh: Number(a[3]),
    retry: Number(a[4]),
    expire: Number(a[5]),
    minimum: Number(a[6]),
  }),
  TXT: (a) => a.map((s) => Buffer.from(s)),
  DS: dsObject,
  DNSKEY: dnskeyObject,
  CDS: (a) => rdataBytes('DS', dsObject(a)),
  CDNSKEY: (a) => rdataBytes('DNSKEY', dnskeyObject(a)),
  NSEC3PARAM: (a) => {
    const salt = a[3] === '-' ? Buffer.alloc(0) : hex(a[3]!);
    return Buffer.concat([
      Buffer.from([Number(a[0]), Number(a[1]), Number(a[2]) >> 8, Number(a[2]) & 255, salt.length]),
      salt,
    ]);
  },
};

/** Parses one record line relative to `origin`. */
export function parseRecord(line: string, origin: string, defaultTtl = 3600): ZoneRecord {
  const tokens = tokenize(line.trim());
  const owner = absolute(tokens.shift()!, canonicalName(origin));
  let ttl = defaultTtl;
  let klass = 'IN';
  while (tokens.length > 0) {
    const t = tokens[0]!;
    if (/^\d+$/.test(t)) ttl = Number(tokens.shift());
    else if (CLASSES.has(t.toUpperCase())) klass = tokens.shift()!.toUpperCase();
    else break;
  }
  const typeToken = tokens.shift();
  if (!typeToken || !isTypeToken(typeToken)) throw new Error(`bad record line: ${line}`);
  const type = typeToken.toUpperCase();
  if (tokens[0] === '\\#') {
    return { name: owner, type, class: klass, ttl, data: hex(tokens.slice(2).join('')) };
  }
  const parser = RDATA_PARSERS[type];
  if (!parser) throw new Error(`no rdata parser for ${type} (use \\# syntax): ${line}`);
  return { name: owner, type, class: klass, ttl, data: parser(tokens, canonicalName(origin)) };
}

export function zone(origin: string, lines: string[], options: ZoneOptions = {}): ZoneData {
  const canonicalOrigin = canonicalName(origin);
  return {
    origin: canonicalOrigin,
    records: lines.map((l) => parseRecord(l, canonicalOrigin, options.defaultTtl)),
    allowAxfr: options.allowAxfr ?? true,
  };
}

export interface NsAddress {
  /** name server host name (absolute, trailing dot optional) */
  name: string;
  address: string;
}

/** Record lines delegating `child` from its parent: NS records plus A/AAAA glue (absolute names). */
export function delegationLines(child: string, servers: NsAddress[]): string[] {
  const owner = `${canonicalName(child)}.`;
  const lines: string[] = [];
  for (const s of servers) lines.push(`${owner} NS ${canonicalName(s.name)}.`);
  for (const s of servers)
    lines.push(`${canonicalName(s.name)}. ${s.address.includes(':') ? 'AAAA' : 'A'} ${s.address}`);
  return lines;
}

/** Apex lines for a zone: SOA (serial 1) and NS records for the given servers, with address records for
 * in-zone server names. */
export function apexLines(origin: string, servers: NsAddress[], serial = 1): string[] {
  const o = canonicalName(origin);
  const primary = `${canonicalName(servers[0]!.name)}.`;
  const lines = [`@ SOA ${primary} hostmaster${o === '' ? '' : '.' + o}. ${serial} 21600 3600 1209600 300`];
  for (const s of servers) lines.push(`@ NS ${canonicalName(s.name)}.`);
  for (const s of servers) {
    const n = canonicalName(s.name);
    if (o === '' || n === o || n.endsWith(`.${o}`))
      lines.push(`${n}. ${s.address.includes(':') ? 'AAAA' : 'A'} ${s.address}`);
  }
  return lines;
}

/** Writes a root hints file in the named.root format; returns its path. */
export function writeHints(dir: string, servers: NsAddress[], fileName = 'named.root'): string {
  const lines = ['; local root hints for tests'];
  for (const s of servers)
    lines.push(`.                        3600000      NS    ${canonicalName(s.name).toUpperCase()}.`);
  for (const s of servers) {
    const type = s.address.includes(':') ? 'AAAA' : 'A';
    lines.push(`${canonicalName(s.name).toUpperCase()}.      3600000      ${type}     ${s.address}`);
  }
  const path = join(dir, fileName);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
