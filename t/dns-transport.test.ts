import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import {
  createDnsContext,
  createNameserver,
  isPacket,
  type DnsContextOptions,
  type Packet,
} from '../src/engine/dns/index.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { zone } from './lib/zones.js';

const bigTxt = Array.from({ length: 12 }, (_, i) => `big TXT "${'x'.repeat(60)}${i}"`);
const example = zone('example', [
  '@ SOA ns1 hostmaster 7 3600 600 86400 300',
  '@ NS ns1',
  'ns1 A 127.0.0.1',
  'www A 127.0.0.80',
  ...bigTxt,
]);

let server: DnsServer;
// 127.50.0.x: one address per behaviour
const A = {
  ok: '127.50.0.1',
  silent: '127.50.0.2',
  tc: '127.50.0.3',
  broken: '127.50.0.4',
  noTcp: '127.50.0.5',
  wrongId: '127.50.0.6',
  refused: '127.50.0.7',
  slow: '127.50.0.8',
};

beforeAll(async () => {
  server = await startDnsServer({
    addresses: Object.values(A),
    zones: [example],
    behaviour: {
      [A.silent]: { noAnswer: true },
      [A.tc]: { alwaysTc: true },
      [A.broken]: { broken: true },
      [A.noTcp]: { tcp: false, alwaysTc: true },
      [A.wrongId]: { wrongId: true },
      [A.refused]: { rcode: 'REFUSED' },
      [A.slow]: { delayMs: 300 },
    },
  });
});
afterAll(() => server.stop());

function ns(address: string, opts: DnsContextOptions = {}) {
  const ctx = createDnsContext({
    port: server.port,
    resolver: { timeout: 1, retry: 1, retrans: 1 },
    ...opts,
  });
  return createNameserver('ns.test', address, ctx);
}

describe('transport', () => {
  it('queries over UDP and decodes the answer', async () => {
    const r = await ns(A.ok).query('www.example', 'A');
    expect(isPacket(r)).toBe(true);
    const p = r as Packet;
    expect(p.flags.aa).toBe(true);
    expect(p.answer[0]!.data).toBe('127.0.0.80');
    expect(p.tcp).toBe(false);
    expect(p.from.address).toBe(A.ok);
  });

  it('uses TCP when usevc is set', async () => {
    const p = (await ns(A.ok).query('www.example', 'A', { usevc: true })) as Packet;
    expect(p.tcp).toBe(true);
    expect(p.answer).toHaveLength(1);
  });

  it('falls back to TCP when TC is set, and not when fallback is off', async () => {
    const p = (await ns(A.tc).query('www.example', 'A')) as Packet;
    expect(p.tcp).toBe(true);
    expect(p.flags.tc).toBe(false);
    const q = (await ns(A.tc).query('www.example', 'A', { fallback: false })) as Packet;
    expect(q.tcp).toBe(false);
    expect(q.flags.tc).toBe(true);
  });

  it('truncates large answers over UDP unless EDNS allows them', async () => {
    const p = (await ns(A.ok).query('big.example', 'TXT', { fallback: false })) as Packet;
    expect(p.flags.tc).toBe(true);
    const q = (await ns(A.ok).query('big.example', 'TXT', { ednsSize: 4096 })) as Packet;
    expect(q.flags.tc).toBe(false);
    expect(q.answer).toHaveLength(12);
    expect(q.edns?.udpSize).toBe(1232);
  });

  it('gives undefined after the timeout when nothing answers, retrying `retry` times', async () => {
    const start = Date.now();
    const n = ns(A.silent, { resolver: { timeout: 0.3, retry: 2, retrans: 0.2 } });
    expect(await n.query('www.example', 'A')).toBeUndefined();
    const elapsed = Date.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(2000);
    expect(server.log.filter((q) => q.address === A.silent && q.name === 'www.example')).toHaveLength(2);
  });

  it('reports an unreachable port at once (ICMP port unreachable)', async () => {
    // a bound-then-closed port on an address where nothing listens
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((res) => probe.bind(0, '127.50.1.1', () => res()));
    const port = probe.address().port;
    await new Promise<void>((res) => probe.close(() => res()));
    const ctx = createDnsContext({ port, resolver: { timeout: 5, retry: 2, retrans: 3 } });
    const start = Date.now();
    expect(await createNameserver('x', '127.50.1.1', ctx).query('www.example', 'A')).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('returns undefined when TCP is closed', async () => {
    const start = Date.now();
    expect(await ns(A.noTcp).query('www.example', 'A', { usevc: true })).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(900);
  });

  it('keeps the truncated UDP answer when the TCP fallback fails', async () => {
    const p = (await ns(A.noTcp).query('www.example', 'A')) as Packet;
    expect(p.flags.tc).toBe(true);
    expect(p.tcp).toBe(false);
  });

  it('ignores answers with another message id', async () => {
    const start = Date.now();
    expect(
      await ns(A.wrongId, { resolver: { timeout: 0.4, retry: 1 } }).query('www.example', 'A'),
    ).toBeUndefined();
    expect(Date.now() - start).toBeGreaterThanOrEqual(350);
  });

  it('returns a BrokenResponse for a malformed answer', async () => {
    const r = await ns(A.broken).query('www.example', 'A');
    expect(r).toMatchObject({ broken: true, from: { address: A.broken } });
  });

  it('passes rcodes through', async () => {
    const p = (await ns(A.refused).query('www.example', 'A')) as Packet;
    expect(p.rcode).toBe('REFUSED');
  });

  it('blocks a switched-off IP family without sending', async () => {
    const before = server.log.length;
    const events: string[] = [];
    const n = ns(A.ok, { ipv4: false, onQuery: (e) => events.push(e.tag) });
    expect(n.blocked).toBe(true);
    expect(await n.query('www.example', 'A')).toBeUndefined();
    expect(events).toEqual(['IPV4_BLOCKED']);
    expect(server.log.length).toBe(before);
  });

  it('sends from the configured source address', async () => {
    await ns(A.ok, { source4: '127.50.2.9' }).query('src.example', 'A');
    // the server saw the query; a connected socket bound to the source only accepts replies from the server
    expect(server.log.some((q) => q.name === 'src.example')).toBe(true);
  });

  it('resolves pending queries quickly on abort', async () => {
    const controller = new AbortController();
    const n = ns(A.silent, { signal: controller.signal, resolver: { timeout: 5, retry: 2, retrans: 3 } });
    const start = Date.now();
    const pending = n.query('abort.example', 'A');
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('records per-server timing statistics', async () => {
    const n = ns(A.slow);
    await n.query('www.example', 'A');
    await n.query('www.example', 'NS');
    expect(n.stats.queries).toBe(2);
    expect(n.stats.min).toBeGreaterThanOrEqual(250);
    expect(n.stats.max).toBeGreaterThanOrEqual(n.stats.min);
    expect(n.stats.average).toBeGreaterThanOrEqual(n.stats.min);
  });

  it('transfers a zone over TCP in several messages', async () => {
    const records = await ns(A.ok).axfr('example');
    expect(records[0]!.type).toBe('SOA');
    expect(records.filter((r) => r.type === 'SOA')).toHaveLength(1);
    expect(records).toHaveLength(example.records.length);
    await expect(ns(A.refused).axfr('example')).rejects.toThrow(/rcode 5/);
    await expect(ns(A.noTcp).axfr('example')).rejects.toThrow(/AXFR failed/);
  });
});

describe('UDP socket reuse', () => {
  // A bare UDP responder that records the client port of every query and answers all but the ones asked to drop.
  async function responder(address: string, drop: (n: number) => boolean) {
    const ports: number[] = [];
    const socket = dgram.createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      ports.push(rinfo.port);
      if (drop(ports.length)) return;
      const answer = Buffer.from(msg);
      answer[2] = (answer[2]! | 0x84) & 0xff; // QR + AA
      socket.send(answer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
    return { ports, port: socket.address().port, close: () => socket.close() };
  }

  it('sends the next query to the same server from the same connected socket', async () => {
    const r = await responder('127.50.1.1', () => false);
    const ctx = createDnsContext({ port: r.port, resolver: { timeout: 1, retry: 1, retrans: 1 } });
    const server = createNameserver('ns.test', '127.50.1.1', ctx);
    expect(isPacket(await server.query('a.example', 'A'))).toBe(true);
    expect(isPacket(await server.query('b.example', 'A'))).toBe(true);
    expect(r.ports).toHaveLength(2);
    expect(r.ports[1]).toBe(r.ports[0]);
    r.close();
  });

  it('never reuses the socket of an exchange that timed out', async () => {
    const r = await responder('127.50.1.2', (n) => n === 2); // the second query gets no answer
    const ctx = createDnsContext({ port: r.port, resolver: { timeout: 1, retry: 1, retrans: 1 } });
    const server = createNameserver('ns.test', '127.50.1.2', ctx);
    expect(isPacket(await server.query('a.example', 'A'))).toBe(true);
    expect(await server.query('b.example', 'A')).toBeUndefined();
    expect(isPacket(await server.query('c.example', 'A'))).toBe(true);
    expect(r.ports).toHaveLength(3);
    expect(r.ports[1]).toBe(r.ports[0]);
    expect(r.ports[2]).not.toBe(r.ports[1]);
    r.close();
  });
});
