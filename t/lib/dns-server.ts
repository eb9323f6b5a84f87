/**
 * In-process authoritative DNS server for tests, on loopback addresses only (127.0.0.0/8 is all loopback on
 * Linux, so 127.0.0.2, 127.1.0.1... bind without setup; "::1" works too).
 *
 *   const srv = await startDnsServer({ addresses: ['127.0.0.2', '127.0.0.3'], zones: [zone('example', [...])] });
 *   ... query srv.port on those addresses ...
 *   await srv.stop();
 *
 * Answers authoritatively (AA, NXDOMAIN / NODATA with SOA, referrals with glue, CNAME chasing inside the zone,
 * DS from the parent side of a cut), over UDP and TCP, echoes EDNS (BADVERS for version > 0), truncates UDP
 * answers above the requester's size, serves AXFR over TCP (several messages) and CH TXT version.bind.
 * Per-address misbehaviour is set with `behaviour`.
 *
 * Local hierarchy for recursion tests: give each address its own zones with `zonesByAddress`, e.g. root "" on
 * 127.1.0.1, "test" on 127.1.0.2, "child.test" on 127.1.0.3, with delegations built by `delegationLines` and a
 * hints file from `writeHints` (both in t/lib/zones.ts); see `startLocalTree` below.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { packetTypeName } from '../../src/engine/dns/rrtypes.js';
import {
  apexLines,
  canonicalName,
  delegationLines,
  zone,
  type NsAddress,
  type ZoneData,
  type ZoneRecord,
} from './zones.js';

export interface ServerBehaviour {
  /** drop every query (UDP and TCP) */
  noAnswer?: boolean;
  /** drop the queries this returns true for */
  dropIf?: (q: { name: string; type: string; tcp: boolean; edns: boolean }) => boolean;
  /** answer every query with this rcode and no records, e.g. 'REFUSED', 'SERVFAIL' */
  rcode?: string;
  /** force the AA flag to this value */
  aa?: boolean;
  /** every UDP answer is empty with TC set (so the client must retry over TCP) */
  alwaysTc?: boolean;
  /** send these bytes (default: a 7-byte fragment) instead of a DNS message */
  broken?: boolean | Uint8Array;
  /** false: no TCP listener on this address (connection refused) */
  tcp?: boolean;
  /** FORMERR without OPT to any query carrying OPT */
  ednsFormerr?: boolean;
  /** reply with a different message id (id + 1) */
  wrongId?: boolean;
  /** CH TXT version.bind / version.server answer */
  version?: string;
  /** delay each answer this many milliseconds */
  delayMs?: number;
  /** AXFR over TCP never ends: the SOA, then messages of A records for as long as the client reads */
  endlessAxfr?: boolean;
  /** replaces the messages about to be sent (fuzzing: random, truncated, mutated answers) */
  rewrite?: (messages: Buffer[], query: Buffer, tcp: boolean) => Buffer[];
}

export interface DnsServerOptions {
  addresses: string[];
  /** 0 or absent: pick a free port, the same on every address */
  port?: number;
  /** zones served on every address without its own entry in zonesByAddress */
  zones?: ZoneData[];
  zonesByAddress?: Record<string, ZoneData[]>;
  behaviour?: Record<string, ServerBehaviour>;
  /** payload size advertised in answers to EDNS queries (default 1232) */
  ednsSize?: number;
}

export interface LoggedQuery {
  address: string;
  name: string;
  type: string;
  class: string;
  tcp: boolean;
  edns: boolean;
  do: boolean;
  rd: boolean;
  /** when it arrived (performance.now(), ms) */
  at: number;
}

export interface DnsServer {
  port: number;
  /** every query received, in order */
  log: LoggedQuery[];
  stop(): Promise<void>;
}

type Decoded = ReturnType<typeof dnsPacket.decode>;
type Answer = dnsPacket.Answer;

function toAnswer(r: ZoneRecord): Answer {
  return {
    name: r.name === '' ? '.' : r.name,
    type: packetTypeName(r.type) as any,
    class: r.class as any,
    ttl: r.ttl,
    data: r.data,
  } as Answer;
}

function isAtOrBelow(name: string, zoneName: string): boolean {
  return zoneName === '' || name === zoneName || name.endsWith(`.${zoneName}`);
}

function findZone(zones: ZoneData[], qname: string): ZoneData | undefined {
  let best: ZoneData | undefined;
  for (const z of zones)
    if (isAtOrBelow(qname, z.origin) && (!best || z.origin.length > best.origin.length)) best = z;
  return best;
}

interface Lookup {
  rcode: string;
  aa: boolean;
  answers: Answer[];
  authorities: Answer[];
  additionals: Answer[];
}

function recordsAt(z: ZoneData, name: string, type?: string): ZoneRecord[] {
  return z.records.filter((r) => r.name === name && (type === undefined || r.type === type));
}

function glueFor(z: ZoneData, nsNames: string[]): Answer[] {
  return z.records
    .filter((r) => (r.type === 'A' || r.type === 'AAAA') && nsNames.includes(r.name))
    .map(toAnswer);
}

/** The zone cut strictly below the origin that covers qname, if any (highest one wins). */
function findCut(z: ZoneData, qname: string): string | undefined {
  const labels = qname === '' ? [] : qname.split('.');
  const originDepth = z.origin === '' ? 0 : z.origin.split('.').length;
  for (let depth = originDepth + 1; depth <= labels.length; depth++) {
    const candidate = labels.slice(labels.length - depth).join('.');
    if (recordsAt(z, candidate, 'NS').length > 0) return candidate;
  }
  return undefined;
}

function lookup(z: ZoneData, qname: string, qtype: string): Lookup {
  const soa = recordsAt(z, z.origin, 'SOA').map(toAnswer);
  const cut = findCut(z, qname);
  if (cut !== undefined && !(qtype === 'DS' && qname === cut)) {
    const ns = recordsAt(z, cut, 'NS');
    return {
      rcode: 'NOERROR',
      aa: false,
      answers: [],
      authorities: ns.map(toAnswer),
      additionals: glueFor(
        z,
        ns.map((r) => r.data as string),
      ),
    };
  }
  const answers: Answer[] = [];
  let name = qname;
  for (let hops = 0; hops < 10; hops++) {
    const matching = qtype === 'ANY' ? recordsAt(z, name) : recordsAt(z, name, qtype);
    if (matching.length > 0) {
      answers.push(...matching.map(toAnswer));
      break;
    }
    const cname = recordsAt(z, name, 'CNAME');
    if (cname.length === 0 || qtype === 'CNAME') break;
    answers.push(toAnswer(cname[0]!));
    name = cname[0]!.data as string;
    if (!isAtOrBelow(name, z.origin) || findCut(z, name) !== undefined) break;
  }
  if (answers.length > 0) {
    const additionals =
      qtype === 'NS'
        ? glueFor(
            z,
            answers.filter((a) => a.type === 'NS').map((a) => (a as any).data),
          )
        : [];
    return { rcode: 'NOERROR', aa: true, answers, authorities: [], additionals };
  }
  const exists = z.records.some((r) => r.name === name || r.name.endsWith(`.${name}`) || name === '');
  return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', aa: true, answers, authorities: soa, additionals: [] };
}

const VERSION_NAMES = new Set(['version.bind', 'version.server']);

interface Responder {
  address: string;
  zones: ZoneData[];
  behaviour: ServerBehaviour;
  ednsSize: number;
  log: LoggedQuery[];
}

function optRecord(size: number, doBit: boolean, extendedRcode = 0): Answer {
  return {
    name: '.',
    type: 'OPT',
    udpPayloadSize: size,
    extendedRcode,
    ednsVersion: 0,
    flags: doBit ? dnsPacket.DNSSEC_OK : 0,
    options: [],
  } as any;
}

const RCODE_VALUES: Record<string, number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
};

/** Builds the response message(s) for one query; empty array = stay silent. */
function respond(r: Responder, query: Decoded, tcp: boolean): Buffer[] {
  const b = r.behaviour;
  const q = query.questions?.[0];
  const opt = query.additionals?.find((a) => a.type === 'OPT') as any;
  const qname = q ? canonicalName(q.name) : '';
  const rawType = q ? String(q.type) : '';
  const qtype = rawType.startsWith('UNKNOWN_') ? `TYPE${rawType.slice(8)}` : rawType;
  r.log.push({
    address: r.address,
    name: qname,
    type: qtype,
    class: q ? String(q.class) : '',
    tcp,
    edns: !!opt,
    do: !!opt?.flag_do,
    rd: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
    at: performance.now(),
  });
  if (b.noAnswer || (q && b.dropIf?.({ name: qname, type: qtype, tcp, edns: !!opt }))) return [];
  // A header fragment carrying the query's id, so the client takes it as the answer and must call it broken.
  if (b.broken)
    return [
      Buffer.from(
        b.broken === true
          ? [(query.id ?? 0) >> 8, (query.id ?? 0) & 0xff, 0x81, 0x80, 0x00, 0x01, 0x00]
          : b.broken,
      ),
    ];

  const id = b.wrongId ? ((query.id ?? 0) + 1) & 0xffff : (query.id ?? 0);
  const rdFlag = (query.flags ?? 0) & (dnsPacket.RECURSION_DESIRED | dnsPacket.CHECKING_DISABLED);
  const base = { type: 'response' as const, id, questions: query.questions ?? [] };
  const make = (
    rcode: string,
    aa: boolean,
    tc: boolean,
    answers: Answer[],
    authorities: Answer[],
    additionals: Answer[],
    withOpt = true,
    extRcode = 0,
  ) => {
    const flags =
      rdFlag |
      (aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
      (tc ? dnsPacket.TRUNCATED_RESPONSE : 0) |
      (RCODE_VALUES[rcode] ?? 0);
    const adds =
      opt && withOpt ? [...additionals, optRecord(r.ednsSize, !!opt.flag_do, extRcode)] : additionals;
    return dnsPacket.encode({ ...base, flags, answers, authorities, additionals: adds } as any);
  };

  if (opt && b.ednsFormerr) return [make('FORMERR', false, false, [], [], [], false)];
  if (opt && (opt.ednsVersion ?? 0) > 0) return [make('NOERROR', false, false, [], [], [], true, 1)]; // BADVERS = 16
  if (b.rcode) return [make(b.rcode, b.aa ?? false, false, [], [], [])];
  if (!q) return [make('FORMERR', false, false, [], [], [])];
  if (!tcp && b.alwaysTc) return [make('NOERROR', b.aa ?? true, true, [], [], [])];

  if (q.class === 'CH') {
    if (b.version !== undefined && qtype === 'TXT' && VERSION_NAMES.has(qname)) {
      const txt = { name: q.name, type: 'TXT', class: 'CH', ttl: 0, data: [Buffer.from(b.version)] } as any;
      return [make('NOERROR', true, false, [txt], [], [])];
    }
    return [make('REFUSED', false, false, [], [], [])];
  }

  const z = findZone(r.zones, qname);
  if (!z) return [make('REFUSED', false, false, [], [], [])];

  if (qtype === 'AXFR') {
    if (!tcp || z.allowAxfr === false || qname !== z.origin)
      return [make('REFUSED', false, false, [], [], [])];
    return axfrMessages(z, (answers) => make('NOERROR', true, false, answers, [], []));
  }

  const result = lookup(z, qname, qtype);
  const aa = b.aa ?? result.aa;
  const full = make(result.rcode, aa, false, result.answers, result.authorities, result.additionals);
  const limit = opt ? Math.max(512, opt.udpPayloadSize ?? 512) : 512;
  if (!tcp && full.length > limit) return [make(result.rcode, aa, true, [], [], [])];
  return [full];
}

function axfrMessages(z: ZoneData, make: (answers: Answer[]) => Buffer): Buffer[] {
  const soa = recordsAt(z, z.origin, 'SOA').map(toAnswer);
  const rest = z.records.filter((rr) => !(rr.type === 'SOA' && rr.name === z.origin)).map(toAnswer);
  const all = [...soa, ...rest, ...soa];
  const messages: Buffer[] = [];
  const perMessage = 20; // small on purpose, so transfers of test zones span several messages
  for (let i = 0; i < all.length; i += perMessage) messages.push(make(all.slice(i, i + perMessage)));
  return messages;
}

function decodeQuery(buf: Buffer): Decoded | undefined {
  try {
    return dnsPacket.decode(buf);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

interface Listeners {
  udp: dgram.Socket[];
  tcp: net.Server[];
  sockets: Set<net.Socket>;
}

function bindUdp(address: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: address.includes(':') ? 'udp6' : 'udp4' });
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function listenTcp(address: string, port: number, onSocket: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer(onSocket);
    server.once('error', reject);
    server.listen({ port, host: address, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function serveUdp(socket: dgram.Socket, responder: Responder): void {
  socket.on('message', async (msg, rinfo) => {
    const query = decodeQuery(msg);
    if (!query) return;
    const out = rewritten(responder, respond(responder, query, false), msg, false);
    if (responder.behaviour.delayMs) await sleep(responder.behaviour.delayMs);
    for (const m of out) socket.send(m, rinfo.port, rinfo.address, () => undefined);
  });
  socket.on('error', () => undefined);
}

function serveTcpConnection(conn: net.Socket, responder: Responder): void {
  let pending = Buffer.alloc(0);
  conn.on('error', () => undefined);
  conn.on('data', async (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const len = pending.readUInt16BE(0);
      const msg = pending.subarray(2, 2 + len);
      pending = pending.subarray(2 + len);
      const query = decodeQuery(msg);
      if (!query) continue;
      if (responder.behaviour.endlessAxfr && String(query.questions?.[0]?.type) === 'AXFR') {
        void sendEndlessAxfr(conn, query);
        continue;
      }
      const out = rewritten(responder, respond(responder, query, true), msg, true);
      if (responder.behaviour.delayMs) await sleep(responder.behaviour.delayMs);
      for (const m of out) if (!conn.destroyed) conn.write(tcpFrame(m));
    }
  });
}

function tcpFrame(m: Buffer): Buffer {
  const frame = Buffer.alloc(2 + Math.min(m.length, 0xffff));
  frame.writeUInt16BE(frame.length - 2, 0);
  m.copy(frame, 2, 0, frame.length - 2);
  return frame;
}

function rewritten(r: Responder, out: Buffer[], query: Buffer, tcp: boolean): Buffer[] {
  return r.behaviour.rewrite ? r.behaviour.rewrite(out, query, tcp) : out;
}

/** SOA, then 100 A records a message, forever; waits for the client to read (the bound is the client's). */
async function sendEndlessAxfr(conn: net.Socket, query: Decoded): Promise<void> {
  const q = query.questions![0]!;
  const message = (answers: Answer[]) =>
    dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [q],
      answers,
    } as any);
  const soa = {
    name: q.name,
    type: 'SOA',
    class: 'IN',
    ttl: 3600,
    data: {
      mname: `ns1.${q.name}`,
      rname: `hostmaster.${q.name}`,
      serial: 1,
      refresh: 3600,
      retry: 600,
      expire: 86400,
      minimum: 300,
    },
  } as Answer;
  let frame = tcpFrame(message([soa]));
  for (let n = 0; !conn.destroyed; n++) {
    if (!conn.write(frame)) await new Promise((res) => (conn.once('drain', res), conn.once('close', res)));
    const answers = Array.from({ length: 100 }, (_, i) => ({
      name: `h${n}-${i}.${q.name}`,
      type: 'A',
      class: 'IN',
      ttl: 300,
      data: `127.0.${i}.${n % 256}`,
    })) as Answer[];
    frame = tcpFrame(message(answers));
  }
}

async function bindAll(
  opts: DnsServerOptions,
  port: number,
  log: LoggedQuery[],
): Promise<{ port: number; listeners: Listeners }> {
  const listeners: Listeners = { udp: [], tcp: [], sockets: new Set() };
  try {
    for (const address of opts.addresses) {
      const responder: Responder = {
        address,
        zones: opts.zonesByAddress?.[address] ?? opts.zones ?? [],
        behaviour: opts.behaviour?.[address] ?? {},
        ednsSize: opts.ednsSize ?? 1232,
        log,
      };
      const udp = await bindUdp(address, port);
      listeners.udp.push(udp);
      if (port === 0) port = udp.address().port;
      serveUdp(udp, responder);
      if (responder.behaviour.tcp !== false) {
        const tcp = await listenTcp(address, port, (conn) => {
          listeners.sockets.add(conn);
          conn.on('close', () => listeners.sockets.delete(conn));
          serveTcpConnection(conn, responder);
        });
        listeners.tcp.push(tcp);
      }
    }
    return { port, listeners };
  } catch (err) {
    await closeAll(listeners);
    throw err;
  }
}

async function closeAll(l: Listeners): Promise<void> {
  for (const s of l.sockets) s.destroy();
  await Promise.all([
    ...l.udp.map((s) => new Promise<void>((res) => s.close(() => res()))),
    ...l.tcp.map((s) => new Promise<void>((res) => s.close(() => res()))),
  ]);
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const log: LoggedQuery[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const { port, listeners } = await bindAll(opts, opts.port ?? 0, log);
      return { port, log, stop: () => closeAll(listeners) };
    } catch (err) {
      lastError = err;
      if (opts.port || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw lastError;
}

export interface LocalTreeZone {
  /** zone name, "" = root */
  origin: string;
  /** its name servers; the addresses are where the zone is served */
  servers: NsAddress[];
  /** extra record lines (relative to origin) */
  lines?: string[];
}

export interface LocalTree {
  server: DnsServer;
  port: number;
  /** the root servers, for writeHints / fake root addresses */
  rootServers: NsAddress[];
  stop(): Promise<void>;
}

/**
 * A local DNS tree: each zone gets an SOA and NS (from its servers) plus its lines, and is served only on its
 * servers' addresses; delegations (NS + glue) are added to the parent automatically (parent = the longest
 * other origin that is a suffix). The first zone must be the root "".
 *
 *   startLocalTree([
 *     { origin: '', servers: [{ name: 'ns.root-servers.test', address: '127.1.0.1' }] },
 *     { origin: 'test', servers: [{ name: 'ns1.test', address: '127.1.0.2' }] },
 *     { origin: 'child.test', servers: [{ name: 'ns1.child.test', address: '127.1.0.3' }], lines: ['www A 127.0.0.9'] },
 *   ])
 */
export async function startLocalTree(
  zones: LocalTreeZone[],
  behaviour?: Record<string, ServerBehaviour>,
  /** Default: a free high port. 53 (as root) serves processes that cannot be told another port. */
  port?: number,
): Promise<LocalTree> {
  const linesByOrigin = new Map<string, string[]>();
  for (const z of zones)
    linesByOrigin.set(canonicalName(z.origin), [...apexLines(z.origin, z.servers), ...(z.lines ?? [])]);
  for (const z of zones) {
    const origin = canonicalName(z.origin);
    if (origin === '') continue;
    const parent = zones
      .map((p) => canonicalName(p.origin))
      .filter((p) => p !== origin && isAtOrBelow(origin, p))
      .sort((a, b) => b.length - a.length)[0];
    if (parent !== undefined) linesByOrigin.get(parent)!.push(...delegationLines(origin, z.servers));
  }
  const zonesByAddress: Record<string, ZoneData[]> = {};
  for (const z of zones) {
    const data = zone(z.origin === '' ? '.' : z.origin, linesByOrigin.get(canonicalName(z.origin))!);
    for (const s of z.servers) (zonesByAddress[s.address] ??= []).push(data);
  }
  const server = await startDnsServer({
    addresses: Object.keys(zonesByAddress),
    zonesByAddress,
    behaviour,
    ...(port === undefined ? {} : { port }),
  });
  const root = zones.find((z) => canonicalName(z.origin) === '');
  return { server, port: server.port, rootServers: root?.servers ?? [], stop: () => server.stop() };
}
