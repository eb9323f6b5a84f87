/**
 * Issue 3 item 4: a file recorded by the REFERENCE engine (Zonemaster-Engine v8.1.0 through zonemaster-cli
 * `--save`, on the loopback test bed) replays here with no network and gives the reference's Basic01-03 messages.
 * Fixtures and how they were made: t/fixtures/reference-recordings/README.md.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDnsContext,
  createNameserver,
  isPacket,
  loadRecording,
  type Packet,
  type QueryEvent,
} from '../src/engine/dns/index.js';
import { defaultProfile, mergeProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import { LEVEL_VALUE, type Args, type MessageEntry, type NameserverSpec } from '../src/engine/types.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/reference-recordings/', import.meta.url));
const HINTS_FILE = `${FIXTURES}root.hints`;

interface ReferenceMessage {
  testcase: string;
  tag: string;
  level: string;
  /** present for the B01_/B02_/B03_ tags */
  args?: Args;
}

interface ReferenceResult {
  domain: string;
  nameservers: NameserverSpec[];
  messages: ReferenceMessage[];
  /** the reference's SYSTEM messages at INFO and above (args left out: GLOBAL_VERSION carries the version) */
  system_messages: ReferenceMessage[];
}

interface Fixture {
  expected: ReferenceResult;
  recording: string;
}

function fixture(domain: string): Fixture {
  return {
    expected: JSON.parse(readFileSync(`${FIXTURES}${domain}.expected.json`, 'utf8')) as ReferenceResult,
    recording: readFileSync(`${FIXTURES}${domain}.data`, 'utf8'),
  };
}

const DOMAINS = ['good-signed.xa', 'lame-refused.xa', 'no-glue.xa', 'undelegated.xa'];

/** Addresses of the recording's lines (`NAME SP ADDRESS SP JSON`). */
function recordedAddresses(recording: string): Set<string> {
  return new Set(
    recording
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(' ')[1]!),
  );
}

/** A (testcase, tag, level) set as sorted strings. */
function basicTagSet(messages: { testcase: string; tag: string; level: string }[]): string[] {
  return [...new Set(messages.map((m) => `${m.testcase.toLowerCase()} ${m.tag} ${m.level}`))].sort();
}

function ourBasicMessages(messages: MessageEntry[]): MessageEntry[] {
  return messages.filter((m) => m.module === 'Basic' && LEVEL_VALUE[m.level] >= LEVEL_VALUE.INFO);
}

/** B0x messages with their args, order-independent. */
function b0xWithArgs(messages: { testcase: string; tag: string; level: string; args?: Args }[]): string[] {
  const sortedArgs = (args: Args = {}) =>
    JSON.stringify(Object.fromEntries(Object.entries(args).sort(([a], [b]) => a.localeCompare(b))));
  return messages
    .filter((m) => /^B0\d_/.test(m.tag))
    .map((m) => `${m.testcase.toLowerCase()} ${m.tag} ${m.level} ${sortedArgs(m.args)}`)
    .sort();
}

/**
 * UDP and TCP listeners on `port` of every given loopback address: anything the engine sends to the network
 * lands here and is counted. The run is pointed at this port, so a replay that leaked to the network could not
 * be answered by the test bed's servers on port 53 either.
 */
async function startSink(
  addresses: string[],
): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const udp: Socket[] = [];
  const tcp: Server[] = [];
  const bindUdp = (address: string, port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const s = createSocket('udp4');
      s.on('message', () => hits++);
      s.once('error', reject);
      s.bind(port, address, () => resolve(s));
    });
  const listenTcp = (address: string, port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer((conn) => {
        hits++;
        conn.destroy();
      });
      s.once('error', reject);
      s.listen(port, address, () => resolve(s));
    });
  const first = await bindUdp(addresses[0]!, 0);
  udp.push(first);
  const port = first.address().port;
  for (const a of addresses.slice(1)) udp.push(await bindUdp(a, port));
  for (const a of addresses) tcp.push(await listenTcp(a, port));
  return {
    port,
    hits: () => hits,
    close: async () => {
      for (const s of udp) s.close();
      await Promise.all(tcp.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

describe('reference recordings at the DNS layer', () => {
  // Which server answers the zone's SOA from the recording, and how (no-glue.xa has no reachable child server:
  // the parent's referral is what the reference recorded).
  const cases = [
    { domain: 'good-signed.xa', server: 'ns1.good-signed.xa', address: '127.53.11.1', authoritative: true },
    { domain: 'lame-refused.xa', server: 'ns1.lame-refused.xa', address: '127.53.14.1', authoritative: true },
    { domain: 'undelegated.xa', server: 'ns2.undelegated.xa', address: '127.53.30.2', authoritative: true },
    { domain: 'no-glue.xa', server: 'ns1.xa', address: '127.53.1.1', authoritative: false },
  ];

  for (const c of cases) {
    it(`${c.domain}: loadRecording fills the cache and ${c.server} answers SOA from it without network`, async () => {
      const { recording } = fixture(c.domain);
      const events: QueryEvent[] = [];
      const ctx = createDnsContext({ noNetwork: true, ipv6: false, onQuery: (e) => events.push(e) });
      expect(loadRecording(ctx, recording)).toBeGreaterThan(0);
      expect([...ctx.nameservers.keys()]).toContain(`${c.server}/${c.address}`);

      const answer = await createNameserver(c.server, c.address, ctx).query(c.domain, 'SOA');
      expect(isPacket(answer)).toBe(true);
      const p = answer as Packet;
      expect(p.question[0]).toMatchObject({ name: c.domain, type: 'SOA' });
      expect(p.from.address).toBe(c.address);
      if (c.authoritative) {
        expect(p.flags.aa).toBe(true);
        expect(p.records('SOA', 'answer', c.domain)).toHaveLength(1);
      } else {
        expect(p.isReferral).toBe(true);
        expect(
          p
            .records('NS', 'authority', c.domain)
            .map((rr) => rr.data)
            .sort(),
        ).toEqual(['ns1.no-glue.xa', 'ns2.no-glue.xa']);
      }
      expect(events.map((e) => e.tag)).toEqual(['CACHED_RETURN']);
    });
  }

  it('a question the reference never asked is a miss, not a network query', async () => {
    const events: QueryEvent[] = [];
    const ctx = createDnsContext({ noNetwork: true, onQuery: (e) => events.push(e) });
    loadRecording(ctx, fixture('good-signed.xa').recording);
    expect(
      await createNameserver('ns1.good-signed.xa', '127.53.11.1', ctx).query(
        'never-asked.good-signed.xa',
        'TXT',
      ),
    ).toBeUndefined();
    expect(events.map((e) => e.tag)).toEqual(['NO_NETWORK_MISS']);
  });
});

describe('reference recordings replayed through runTest (Basic01-03)', () => {
  const profile = mergeProfile(defaultProfile(), JSON.parse(readFileSync(`${FIXTURES}profile.json`, 'utf8')));
  let closeSink: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeSink?.();
    closeSink = undefined;
  });

  it('control: the network sink counts a query that really goes out (so networkHits can fail)', async () => {
    const sink = await startSink(['127.53.11.1']);
    closeSink = sink.close;
    const ctx = createDnsContext({ port: sink.port });
    const answer = await createNameserver('ns1.good-signed.xa', '127.53.11.1', ctx).query(
      'good-signed.xa',
      'SOA',
      { timeout: 0.2, retry: 1 },
    );
    expect(answer).toBeUndefined();
    expect(sink.hits()).toBeGreaterThan(0);
  });

  async function replay(domain: string) {
    const { expected, recording } = fixture(domain);
    const hintAddresses = ['127.53.0.1', '127.53.0.2']; // root.hints
    const addresses = [
      ...new Set([
        ...recordedAddresses(recording),
        ...hintAddresses,
        ...expected.nameservers.map((n) => n.ip!),
      ]),
    ];
    const sink = await startSink(addresses);
    closeSink = sink.close;
    const result = await runTest({
      domain,
      profile,
      restore: recording,
      tests: ['basic'],
      hintsFile: HINTS_FILE,
      port: sink.port,
      ...(expected.nameservers.length > 0 ? { nameservers: expected.nameservers } : {}),
    });
    return { expected, recording, result, networkHits: sink.hits() };
  }

  for (const domain of DOMAINS) {
    it(`${domain}: no network, and the (testcase, tag, level) set at INFO+ equals the reference's`, async () => {
      const { expected, recording, result, networkHits } = await replay(domain);
      expect(networkHits).toBe(0);
      expect(result.messages.filter((m) => m.tag === 'MODULE_ERROR')).toEqual([]);
      expect(basicTagSet(ourBasicMessages(result.messages))).toEqual(basicTagSet(expected.messages));
      // every server the run asked is one the reference recorded (a query elsewhere adds a line to the save)
      expect(
        [...recordedAddresses(result.save())].filter((a) => !recordedAddresses(recording).has(a)),
      ).toEqual([]);
    });

    it(`${domain}: SYSTEM messages at INFO+ equal the reference's (no CANNOT_CONTINUE when only Basic was asked for)`, async () => {
      const { expected, result } = await replay(domain);
      const ours = result.messages.filter(
        (m) => m.module === 'System' && LEVEL_VALUE[m.level] >= LEVEL_VALUE.INFO,
      );
      expect(basicTagSet(ours)).toEqual(basicTagSet(expected.system_messages));
    });

    it(`${domain}: B0x message args equal the reference's exactly (ns_list sorted as the reference sorts it)`, async () => {
      const { expected, result } = await replay(domain);
      expect(b0xWithArgs(ourBasicMessages(result.messages))).toEqual(b0xWithArgs(expected.messages));
    });
  }
});
