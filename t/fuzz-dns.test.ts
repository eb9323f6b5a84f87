/**
 * Fuzzing the engine with hostile name servers, bounded and seeded: the servers of the zone under test answer
 * with random bytes, truncated or mutated answers, wrong ids, huge record counts, echoes, silence, and the
 * zone has CNAME and delegation loops. Every run must end with results and without an exception, even when
 * cut by its 3-second deadline. All servers are in-process on 127.61.x.y.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runTest } from '../src/engine/run.js';
import { startLocalTree, type LocalTree, type ServerBehaviour } from './lib/dns-server.js';
import { testProfile } from './lib/engine.js';
import { Fuzz, fuzzSeed } from './lib/fuzz.js';
import { writeHints } from './lib/zones.js';

const RUNS = 8;
const ZONE_SERVERS = [
  { name: 'ns1.zone.fz', address: '127.61.2.1' },
  { name: 'ns2.zone.fz', address: '127.61.2.2' },
];

const fuzz = new Fuzz(fuzzSeed());
let tree: LocalTree;
let hintsFile: string;
/** How the zone's servers rewrite their answers during the current run. */
let strategy: (messages: Buffer[], query: Buffer) => Buffer[] = (m) => m;

const STRATEGIES: Record<string, (messages: Buffer[], query: Buffer) => Buffer[]> = {
  random: () => [fuzz.bytes(fuzz.int(600))],
  truncated: (m) => m.map((msg) => msg.subarray(0, fuzz.int(msg.length + 1))),
  mutated: (m) => m.map((msg) => fuzz.mutate(msg)),
  wrongId: (m) =>
    m.map((msg) => (fuzz.next() < 0.15 ? Buffer.concat([fuzz.bytes(2), msg.subarray(2)]) : msg)),
  hugeCounts: (m) =>
    m.map((msg) =>
      Buffer.concat([
        msg.subarray(0, 4),
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        msg.subarray(12),
      ]),
    ),
  // the header of the query itself, with QR set and random flags: a "response" that answers nothing
  echo: (_, query) => [
    Buffer.concat([
      query.subarray(0, 2),
      Buffer.from([0x80 | fuzz.int(128), fuzz.int(256)]),
      query.subarray(4),
    ]),
  ],
  mixed: (m, query) => STRATEGIES[fuzz.pick(['random', 'truncated', 'mutated', 'echo', 'fine'])]!(m, query),
  silent: (m) => (fuzz.next() < 0.3 ? [] : m),
  fine: (m) => m,
};

beforeAll(async () => {
  const hostile: ServerBehaviour = { rewrite: (messages, query) => strategy(messages, query) };
  tree = await startLocalTree(
    [
      { origin: '', servers: [{ name: 'a.root', address: '127.61.0.1' }] },
      { origin: 'fz', servers: [{ name: 'ns1.fz', address: '127.61.1.1' }] },
      {
        origin: 'zone.fz',
        servers: ZONE_SERVERS,
        lines: [
          'www A 127.0.0.9',
          'a CNAME b',
          'b CNAME a',
          'sub NS ns.loop.fz.',
          '@ MX 10 a',
          '@ TXT "v=spf1 include:zone.fz -all"',
        ],
      },
      // a delegation loop: each zone's only server is named in the other
      { origin: 'loop.fz', servers: [{ name: 'ns.loop2.fz', address: '127.61.3.1' }] },
      { origin: 'loop2.fz', servers: [{ name: 'ns.loop.fz', address: '127.61.3.2' }] },
    ],
    Object.fromEntries(ZONE_SERVERS.map((s) => [s.address, hostile])),
  );
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zmt-fuzz-dns-')), tree.rootServers);
});
afterAll(async () => tree?.stop());

it(`${RUNS} runs against hostile servers and loops: each ends with results, no exception`, async () => {
  const names = Object.keys(STRATEGIES);
  const outcomes: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const name = names[(fuzz.seed + run) % names.length]!;
    strategy = STRATEGIES[name]!;
    const domain = fuzz.pick(['zone.fz', 'zone.fz', 'loop.fz', 'a.zone.fz']);
    const started = Date.now();
    const result = await runTest({
      domain,
      profile: testProfile(),
      hintsFile,
      port: tree.port,
      tests: ['basic', 'address', 'delegation', 'nameserver', 'consistency', 'syntax', 'zone', 'dnssec'],
      // a run cut by its deadline must still end with what it found
      signal: AbortSignal.timeout(3_000),
    }).catch((error: unknown) => error);
    expect(result, `${fuzz.replay} (${name} on ${domain})`).not.toBeInstanceOf(Error);
    const messages = (result as Awaited<ReturnType<typeof runTest>>).messages;
    expect(messages.length, `${fuzz.replay} (${name} on ${domain})`).toBeGreaterThan(0);
    outcomes.push(`${name}/${domain}: ${messages.length} messages, ${Date.now() - started} ms`);
  }
  process.stderr.write(`fuzz-dns seed ${fuzz.seed}:\n  ${outcomes.join('\n  ')}\n`);
}, 240_000);
