import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheKey,
  createDnsContext,
  createNameserver,
  isPacket,
  loadRecording,
  packetTimestamp,
  saveRecording,
  type Packet,
} from '../src/engine/dns/index.js';
import { encodeMessage } from '../src/engine/dns/encoder.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { zone } from './lib/zones.js';

/** A line value as the reference engine writes it (replay-format.md §3). */
function stored(raw: Buffer, answerfrom: string, timestamp: number) {
  return {
    'Zonemaster::Engine::Packet': {
      'Zonemaster::LDNS::Packet': { data: raw.toString('base64'), answerfrom, timestamp, querytime: 5 },
    },
  };
}

describe('loading reference-format recorded data', () => {
  const soa = Buffer.from(
    encodeMessage({
      id: 999,
      aa: true,
      question: [{ name: 'xa', type: 'SOA' }],
      answer: [
        {
          name: 'xa',
          type: 'SOA',
          ttl: 60,
          data: { mname: 'ns1.xa', rname: 'h.xa', serial: 4, refresh: 1, retry: 1, expire: 1, minimum: 1 },
        },
      ],
    }),
  );
  const v6Expanded = 'fda1:00b2:00c3:0000:0000:0000:0127:0001';
  const lines = [
    `ns1.xa 127.12.0.1 ${JSON.stringify({ [cacheKey('xa', 'SOA')]: stored(soa, '127.12.0.1', 1673535164.34914), [cacheKey('xa', 'NS')]: null })}`,
    // same address again under another name: the first line wins
    `ns2.xa 127.12.0.1 ${JSON.stringify({ [cacheKey('xa', 'SOA')]: null })}`,
    `ns1.xa ${v6Expanded} ${JSON.stringify({ [cacheKey('xa', 'SOA')]: stored(soa, v6Expanded, 1600000000) })}`,
    `$$$NONAME 127.12.0.9 {}`,
  ].join('\n');

  it('replays packets, null entries and timestamps without network', async () => {
    const ctx = createDnsContext({ noNetwork: true });
    expect(loadRecording(ctx, lines)).toBe(3);
    const ns = createNameserver('ns1.xa', '127.12.0.1', ctx);
    const p = (await ns.query('xa', 'SOA')) as Packet;
    expect(isPacket(p)).toBe(true);
    expect(p.answer[0]!.data.serial).toBe(4);
    expect(p.from.address).toBe('127.12.0.1');
    expect(packetTimestamp(p)).toBe(1673535164.34914);
    expect(await ns.query('xa', 'NS')).toBeUndefined(); // recorded "no response"
    expect(await ns.query('xa', 'A')).toBeUndefined(); // miss in noNetwork mode

    // the cache belongs to the address, whatever the name
    expect(isPacket(await createNameserver('other.name', '127.12.0.1', ctx).query('xa', 'SOA'))).toBe(true);
    const v6 = (await createNameserver('ns1.xa', 'fda1:b2:c3::127:1', ctx).query('xa', 'SOA')) as Packet;
    expect(v6.from.address).toBe('fda1:b2:c3::127:1');
    expect(packetTimestamp(v6)).toBe(1600000000);

    // the named lines made their servers known
    expect([...ctx.nameservers.keys()].sort()).toEqual([
      'ns1.xa/127.12.0.1',
      'ns1.xa/fda1:b2:c3::127:1',
      'ns2.xa/127.12.0.1',
      'other.name/127.12.0.1',
    ]);
  });
});

describe('record on the test server, replay offline', () => {
  const example = zone('example', [
    '@ SOA ns1 hostmaster 7 3600 600 86400 300',
    '@ NS ns1',
    'ns1 A 127.52.0.1',
    'www A 127.0.0.80',
    'www AAAA ::1',
  ]);
  let server: DnsServer;
  beforeAll(async () => {
    server = await startDnsServer({
      addresses: ['127.52.0.1', '127.52.0.2'],
      zones: [example],
      behaviour: { '127.52.0.2': { noAnswer: true } },
    });
  });
  afterAll(() => server.stop());

  it('gives the same packets back', async () => {
    const live = createDnsContext({ port: server.port, resolver: { timeout: 0.3, retry: 1 } });
    const ns1 = createNameserver('ns1.example', '127.52.0.1', live);
    const silent = createNameserver('ns2.example', '127.52.0.2', live);
    const queries: [string, string, object][] = [
      ['example', 'SOA', {}],
      ['www.example', 'AAAA', { dnssec: true }],
      ['nope.example', 'A', { ednsDetails: { version: 0 } }],
      ['www.example', 'A', { usevc: true }],
    ];
    const recorded = [];
    for (const [name, type, flags] of queries) recorded.push(await ns1.query(name, type, flags));
    expect(await silent.query('example', 'SOA')).toBeUndefined();

    const text = saveRecording(live);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^ns1\.example 127\.52\.0\.1 \{"[A-Za-z0-9+/]{22}":\{"Zonemaster::Engine::Packet":\{"Zonemaster::LDNS::Packet":\{"answerfrom":"127\.52\.0\.1","data":"/,
    );
    expect(lines[1]).toBe(`ns2.example 127.52.0.2 {"${cacheKey('example', 'SOA')}":null}`);

    const offline = createDnsContext({ noNetwork: true });
    loadRecording(offline, text);
    const replay = createNameserver('ns1.example', '127.52.0.1', offline);
    for (const [i, [name, type, flags]] of queries.entries()) {
      const before = recorded[i] as Packet;
      const after = (await replay.query(name, type, flags)) as Packet;
      expect(Buffer.from(after.raw).equals(Buffer.from(before.raw))).toBe(true);
      expect(after.answer).toEqual(before.answer);
      expect(after.rcode).toBe(before.rcode);
      expect(Math.abs(packetTimestamp(after)! - packetTimestamp(before)!)).toBeLessThan(0.001);
    }
    const start = Date.now();
    expect(
      await createNameserver('ns2.example', '127.52.0.2', offline).query('example', 'SOA'),
    ).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(1000);
    // saving the replayed context gives the same file
    expect(saveRecording(offline)).toBe(text);
  });
});
