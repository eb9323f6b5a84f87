/**
 * DNSSEC for tests: keys and signatures made with node:crypto, NSEC / NSEC3 records, and a small authoritative
 * responder on loopback that serves signed zones (RRSIGs with answers and denials when DO is set). The
 * general test server (dns-server.ts) serves records only by exact type, so signed zones are served here.
 *
 *   const key = makeKey('example', 13);
 *   const records = signZone('example', [...lines('example', [...])], [key], { inception, expiration });
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import type { RR } from '../../src/engine/dns/types.js';
import { encodeName } from '../../src/engine/dns/wire.js';
import { typeCode } from '../../src/engine/dns/rrtypes.js';
import { parseMessage, type ParsedMessage } from '../../src/engine/dns/codec.js';
import { encodeRdata } from '../../src/engine/dns/encoder.js';
import { keyTag, nsec3OwnerLabel, signedData, type RrsigFields } from '../../src/engine/dnssec/index.js';
import { canonicalName, parseRecord } from './zones.js';

/** A record with its rdata in wire form. */
export interface WireRecord {
  name: string;
  type: string;
  ttl: number;
  rdata: Uint8Array;
}

const u16 = (n: number) => Uint8Array.of((n >> 8) & 255, n & 255);
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const cat = (parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts.map((p) => Buffer.from(p))));
const nameWire = (name: string) => encodeName(name === '' ? '.' : name);

/** Records from master-file-like lines (see zones.ts), rdata in wire form. */
export function lines(origin: string, text: string[], ttl = 3600): WireRecord[] {
  return text.map((line) => {
    const r = parseRecord(line, origin, ttl);
    return { name: r.name, type: r.type, ttl: r.ttl, rdata: encodeRdata(r.type, r.data) };
  });
}

export interface SigningKey {
  zone: string;
  algorithm: number;
  flags: number;
  tag: number;
  privateKey: KeyObject;
  /** the DNSKEY record */
  dnskey: WireRecord;
}

function publicKeyField(algorithm: number, publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const b = (s: string | undefined) => Buffer.from(s ?? '', 'base64url');
  if (algorithm === 8 || algorithm === 10 || algorithm === 5) {
    const e = b(jwk.e);
    return cat([Uint8Array.of(e.length), e, b(jwk.n)]);
  }
  if (algorithm === 13 || algorithm === 14) return cat([b(jwk.x), b(jwk.y)]);
  return b(jwk.x);
}

/** A new key pair for `zone` (8: RSA/SHA-256 with `bits`, 13: P-256, 15: Ed25519), as a DNSKEY with `flags`. */
export function makeKey(zone: string, algorithm: 8 | 13 | 15, flags = 257, bits = 1024): SigningKey {
  const pair =
    algorithm === 8
      ? generateKeyPairSync('rsa', { modulusLength: bits })
      : algorithm === 13
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  const rdata = cat([u16(flags), Uint8Array.of(3, algorithm), publicKeyField(algorithm, pair.publicKey)]);
  return {
    zone,
    algorithm,
    flags,
    tag: keyTag(rdata),
    privateKey: pair.privateKey,
    dnskey: { name: zone, type: 'DNSKEY', ttl: 3600, rdata },
  };
}

/** DS (or CDS) rdata for a key with SHA-1 (1), SHA-256 (2) or SHA-384 (4). */
export function dsRdata(key: SigningKey, digestType = 2, tag = key.tag): Uint8Array {
  const hash = { 1: 'sha1', 2: 'sha256', 4: 'sha384' }[digestType]!;
  const digest = createHash(hash).update(nameWire(key.zone)).update(key.dnskey.rdata).digest();
  return cat([u16(tag), Uint8Array.of(key.algorithm, digestType), digest]);
}

export interface Validity {
  inception: number;
  expiration: number;
}

/** Validity from now - `fromHours` to now + `toHours`. */
export function window(fromHours: number, toHours: number): Validity {
  const now = Math.floor(Date.now() / 1000);
  return { inception: now + fromHours * 3600, expiration: now + toHours * 3600 };
}

function toRR(r: WireRecord): RR {
  return { name: r.name, type: r.type, class: 'IN', ttl: r.ttl, data: undefined, rawData: r.rdata };
}

/** The RRSIG of one RRset by `key`. */
export function signRrset(rrset: WireRecord[], key: SigningKey, validity: Validity): WireRecord {
  const first = rrset[0]!;
  const labels = first.name === '' ? 0 : first.name.split('.').filter((l) => l !== '*').length;
  const fields: RrsigFields = {
    typeCovered: first.type,
    algorithm: key.algorithm,
    labels,
    originalTTL: first.ttl,
    expiration: validity.expiration,
    inception: validity.inception,
    keyTag: key.tag,
    signersName: key.zone,
    signature: new Uint8Array(),
  };
  const data = signedData(fields, rrset.map(toRR));
  const digest = key.algorithm === 15 ? null : 'sha256';
  const signature = sign(
    digest,
    data,
    key.algorithm === 13 ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey,
  );
  const rdata = cat([
    u16(typeCode(first.type)!),
    Uint8Array.of(key.algorithm, labels),
    u32(first.ttl),
    u32(validity.expiration),
    u32(validity.inception),
    u16(key.tag),
    nameWire(key.zone),
    signature,
  ]);
  return { name: first.name, type: 'RRSIG', ttl: first.ttl, rdata };
}

function typeBitmap(types: string[]): Uint8Array {
  const codes = [...new Set(types.map((t) => typeCode(t)!))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  for (const window of new Set(codes.map((c) => c >> 8))) {
    const inWindow = codes.filter((c) => c >> 8 === window).map((c) => c & 255);
    const bytes = new Uint8Array((Math.max(...inWindow) >> 3) + 1);
    for (const c of inWindow) bytes[c >> 3]! |= 0x80 >> (c & 7);
    parts.push(Uint8Array.of(window, bytes.length), bytes);
  }
  return cat(parts);
}

/** Authoritative owner names (not below a cut) with their types. */
function ownersOf(zone: string, records: WireRecord[]): Map<string, string[]> {
  const cuts = new Set(records.filter((r) => r.type === 'NS' && r.name !== zone).map((r) => r.name));
  const below = (n: string) => [...cuts].some((c) => n !== c && n.endsWith(`.${c}`));
  const owners = new Map<string, string[]>();
  for (const r of records) {
    if (below(r.name) || (cuts.has(r.name) && r.type !== 'NS' && r.type !== 'DS')) continue;
    owners.set(r.name, [...(owners.get(r.name) ?? []), r.type]);
  }
  return owners;
}

/** An NSEC chain over the zone (simple order: apex first, then names sorted as text). */
export function nsecChain(zone: string, records: WireRecord[]): WireRecord[] {
  const owners = ownersOf(zone, records);
  const names = [zone, ...[...owners.keys()].filter((n) => n !== zone).sort()];
  return names.map((name, i) => ({
    name,
    type: 'NSEC',
    ttl: 300,
    rdata: cat([
      nameWire(names[(i + 1) % names.length]!),
      typeBitmap([...owners.get(name)!, 'NSEC', 'RRSIG']),
    ]),
  }));
}

/** NSEC3 records (SHA-1, `flags`, `iterations`, `salt`) and the NSEC3PARAM for the zone. */
export function nsec3Chain(
  zone: string,
  records: WireRecord[],
  iterations = 0,
  salt = new Uint8Array(),
  flags = 0,
): WireRecord[] {
  const owners = ownersOf(zone, records);
  const hashed = [...owners.keys()]
    .map((name) => ({ name, label: nsec3OwnerLabel(name, salt, iterations) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const out: WireRecord[] = hashed.map((h, i) => {
    const next = Buffer.from(hashed[(i + 1) % hashed.length]!.label.toUpperCase(), 'utf8');
    const nextHash = base32hexDecode(next.toString());
    const types = [...owners.get(h.name)!, 'RRSIG', ...(h.name === zone ? ['NSEC3PARAM'] : [])];
    return {
      name: `${h.label}.${zone}`,
      type: 'NSEC3',
      ttl: 300,
      rdata: cat([
        Uint8Array.of(1, flags),
        u16(iterations),
        Uint8Array.of(salt.length),
        salt,
        Uint8Array.of(nextHash.length),
        nextHash,
        typeBitmap(types),
      ]),
    };
  });
  out.push({
    name: zone,
    type: 'NSEC3PARAM',
    ttl: 0,
    rdata: cat([Uint8Array.of(1, 0), u16(iterations), Uint8Array.of(salt.length), salt]),
  });
  return out;
}

function base32hexDecode(text: string): Uint8Array {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text.toUpperCase()) {
    buffer = (buffer << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/**
 * Signs every authoritative RRset: DNSKEY, CDS and CDNSKEY with every key, the rest with the keys whose SEP
 * bit is clear (or every key when all have it). Delegation NS and glue stay unsigned.
 */
export function signZone(
  zone: string,
  records: WireRecord[],
  keys: SigningKey[],
  validity: Validity,
): WireRecord[] {
  const all = [...records, ...keys.map((k) => k.dnskey)];
  const zsks = keys.filter((k) => !(k.flags & 1));
  const dataKeys = zsks.length > 0 ? zsks : keys;
  const owners = ownersOf(zone, all);
  const sigs: WireRecord[] = [];
  const sets = new Map<string, WireRecord[]>();
  for (const r of all) {
    if (!owners.get(r.name)?.includes(r.type)) continue;
    if (r.type === 'NS' && r.name !== zone) continue;
    const key = `${r.name}|${r.type}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  for (const rrset of sets.values()) {
    const type = rrset[0]!.type;
    for (const key of ['DNSKEY', 'CDS', 'CDNSKEY'].includes(type) ? keys : dataKeys)
      sigs.push(signRrset(rrset, key, validity));
  }
  return [...all, ...sigs];
}

// ------------------------------------------------------------------------------------------------ responder

export interface SignedZone {
  origin: string;
  records: WireRecord[];
}

export interface SignedServer {
  port: number;
  stop(): Promise<void>;
}

function encodeMessage(
  id: number,
  flags: number,
  question: Uint8Array,
  sections: WireRecord[][],
  opt?: { doBit: boolean },
): Buffer {
  const rr = (r: WireRecord) =>
    cat([nameWire(r.name), u16(typeCode(r.type)!), u16(1), u32(r.ttl), u16(r.rdata.length), r.rdata]);
  const additional = sections[2]!.map(rr);
  if (opt)
    additional.push(
      cat([Uint8Array.of(0), u16(41), u16(1232), Uint8Array.of(0, 0), u16(opt.doBit ? 0x8000 : 0), u16(0)]),
    );
  const header = cat([
    u16(id),
    u16(flags),
    u16(1),
    u16(sections[0]!.length),
    u16(sections[1]!.length),
    u16(additional.length),
  ]);
  return Buffer.from(
    cat([header, question, ...sections[0]!.map(rr), ...sections[1]!.map(rr), ...additional]),
  );
}

function answer(zones: SignedZone[], query: Buffer, udp: boolean): Buffer | undefined {
  let decoded: ParsedMessage;
  try {
    decoded = parseMessage(query);
  } catch {
    return undefined;
  }
  const q = decoded.question[0];
  if (!q) return undefined;
  const opt = decoded.edns;
  const limit = udp ? (opt ? Math.max(512, opt.udpSize) : 512) : 65535;
  const doBit = !!opt?.do;
  const qname = canonicalName(q.name);
  const qtype = q.type;
  const question = cat([nameWire(qname), u16(typeCode(qtype) ?? 0), u16(1)]);
  const reply = (rcode: number, aa: boolean, sections: WireRecord[][]) => {
    const flags = 0x8000 | (aa ? 0x0400 : 0) | rcode;
    const full = encodeMessage(decoded.id, flags, question, sections, opt ? { doBit } : undefined);
    return full.length <= limit
      ? full
      : encodeMessage(decoded.id, flags | 0x0200, question, [[], [], []], opt ? { doBit } : undefined);
  };
  const zone = zones
    .filter((z) => qname === z.origin || z.origin === '' || qname.endsWith(`.${z.origin}`))
    .sort((a, b) => b.origin.length - a.origin.length)[0];
  if (!zone) return reply(5, false, [[], [], []]);
  const at = (name: string, type: string) => zone.records.filter((r) => r.name === name && r.type === type);
  const sigsFor = (name: string, type: string) =>
    doBit
      ? zone.records.filter(
          (r) =>
            r.name === name && r.type === 'RRSIG' && ((r.rdata[0]! << 8) | r.rdata[1]!) === typeCode(type),
        )
      : [];
  // referral below a cut (the parent answers DS itself)
  const cut = zone.records.find(
    (r) =>
      r.type === 'NS' &&
      r.name !== zone.origin &&
      (qname === r.name || qname.endsWith(`.${r.name}`)) &&
      !(qtype === 'DS' && qname === r.name),
  );
  if (cut) {
    const ns = at(cut.name, 'NS');
    const glue = zone.records.filter(
      (r) =>
        (r.type === 'A' || r.type === 'AAAA') &&
        ns.some((n) => Buffer.from(n.rdata).equals(Buffer.from(nameWire(r.name)))),
    );
    return reply(0, false, [[], ns, glue]);
  }
  const found = at(qname, qtype);
  if (found.length > 0) return reply(0, true, [[...found, ...sigsFor(qname, qtype)], [], []]);
  const soa = [...at(zone.origin, 'SOA'), ...sigsFor(zone.origin, 'SOA')];
  if (zone.records.some((r) => r.name === qname)) {
    const denial: WireRecord[] = [];
    if (doBit) {
      denial.push(...at(qname, 'NSEC'), ...sigsFor(qname, 'NSEC'));
      const nsec3 = zone.records.filter((r) => r.type === 'NSEC3');
      if (nsec3.length > 0) {
        const p = at(zone.origin, 'NSEC3PARAM')[0]!.rdata;
        const salt = p.subarray(5, 5 + p[4]!);
        const owner = `${nsec3OwnerLabel(qname, salt, (p[2]! << 8) | p[3]!)}.${zone.origin}`;
        denial.push(...at(owner, 'NSEC3'), ...sigsFor(owner, 'NSEC3'));
      }
    }
    return reply(0, true, [[], [...soa, ...denial], []]);
  }
  return reply(3, true, [[], soa, []]);
}

/** Serves `zonesByAddress` over UDP and TCP on one free port. */
export async function startSignedServer(zonesByAddress: Record<string, SignedZone[]>): Promise<SignedServer> {
  const addresses = Object.keys(zonesByAddress);
  const udp: dgram.Socket[] = [];
  const tcp: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  let port = 0;
  for (let attempt = 0; attempt < 20 && udp.length < addresses.length; attempt++) {
    for (const s of udp.splice(0)) s.close();
    for (const s of tcp.splice(0)) s.close();
    port = 20000 + Math.floor(Math.random() * 30000);
    try {
      for (const address of addresses) {
        const zones = zonesByAddress[address]!;
        const socket = dgram.createSocket('udp4');
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, address, () => resolve());
        });
        socket.on('message', (msg, rinfo) => {
          const out = answer(zones, msg, true);
          if (out) socket.send(out, rinfo.port, rinfo.address);
        });
        udp.push(socket);
        const server = net.createServer((conn) => {
          sockets.add(conn);
          conn.on('close', () => sockets.delete(conn));
          let buffer = Buffer.alloc(0);
          conn.on('data', (chunk) => {
            buffer = Buffer.concat([buffer, chunk]);
            while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
              const msg = buffer.subarray(2, 2 + buffer.readUInt16BE(0));
              buffer = buffer.subarray(2 + msg.length);
              const out = answer(zones, msg, false);
              if (out) conn.write(Buffer.concat([Buffer.from(u16(out.length)), out]));
            }
          });
          conn.on('error', () => undefined);
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, address, () => resolve());
        });
        tcp.push(server);
      }
    } catch {
      for (const s of udp.splice(0)) s.close();
      for (const s of tcp.splice(0)) s.close();
    }
  }
  if (udp.length < addresses.length) throw new Error('no free port for the signed test server');
  return {
    port,
    async stop() {
      for (const s of sockets) s.destroy();
      await Promise.all([
        ...udp.map((s) => new Promise<void>((r) => s.close(() => r()))),
        ...tcp.map((s) => new Promise<void>((r) => s.close(() => r()))),
      ]);
    },
  };
}
