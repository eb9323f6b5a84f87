/**
 * Shared DNS cache and per-server politeness benchmark, on a registry's world in this process (one root, one TLD
 * on two servers, N child zones on one hoster's two servers, all on loopback: t/lib/tld-world.ts).
 *
 *   npm run bench:cache -- [--domains 1000] [--concurrency 20] [--qps 100] [--polite-domains 100] [--testbed DIR]
 *   (--domains 0 skips part 1, --polite-domains 0 part 2)
 *
 * 1. The batch without and with the shared cache: queries per test at the server (root + TLD, the zone's own
 *    servers), wall time, and whether every test's findings and recording are the same (they must be).
 * 2. The politeness ceiling: --polite-domains tests at once with `--qps` per server, without the cache (the
 *    most traffic), and the busiest one-second window of each server counted at the server.
 * 3. With --testbed (the running test bed, /work/shared/testbed): its scenarios run by an agent (database from
 *    $TARGET, SQLite by default) without and with `shared_dns_cache`, compared on the stored results.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { PolitenessLimiter } from '../src/engine/dns/politeness.js';
import { SharedAnswerCache } from '../src/engine/dns/shared-cache.js';
import { defaultProfile, loadProfileFile, mergeProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import type { RunOptions } from '../src/engine/types.js';
import { testbedScenarios } from './lib/testbed.js';

const { values: args } = parseArgs({
  options: {
    domains: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '20' },
    qps: { type: 'string', default: '100' },
    'polite-domains': { type: 'string', default: '100' },
    testbed: { type: 'string' },
  },
});
const DOMAINS = Number(args.domains);
const CONCURRENCY = Number(args.concurrency);
const QPS = Number(args.qps);
const POLITE_DOMAINS = Number(args['polite-domains']);

// t/ is not part of the build's roots: imported here so that tsc compiles what the bench needs.
const { startTldWorld } = await import('../t/lib/tld-world.js');
const { comparable, recordedQuestions } = await import('../t/lib/same-results.js');

interface Outcome {
  messages: string[];
  recorded: string[];
}

function same(a: Outcome, b: Outcome): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function runAll(
  domains: string[],
  concurrency: number,
  base: Omit<RunOptions, 'domain'>,
): Promise<{ outcomes: Map<string, Outcome>; seconds: number }> {
  const limit = pLimit(concurrency);
  const outcomes = new Map<string, Outcome>();
  const started = performance.now();
  await Promise.all(
    domains.map((domain) =>
      limit(async () => {
        const result = await runTest({ ...base, domain });
        outcomes.set(domain, {
          messages: comparable(result.messages),
          recorded: recordedQuestions(result.save()),
        });
      }),
    ),
  );
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

const world = await startTldWorld(Math.max(DOMAINS, POLITE_DOMAINS), '127.65');
// IPv4 only (the world has no IPv6); the default resolver timing, so that a loaded machine gives no timeouts.
const profile = mergeProfile(defaultProfile(), { net: { ipv4: true, ipv6: false } });
const base = { profile, hintsFile: world.hintsFile, port: world.port };
const above = new Set([...world.root, ...world.tldServers].map((s) => s.address));
const own = new Set(world.hoster.map((s) => s.address));
const domains = world.domains.slice(0, DOMAINS);

function trafficSince(start: number): { above: number; own: number } {
  let a = 0;
  let o = 0;
  const log = world.tree.server.log;
  for (let i = start; i < log.length; i++) {
    if (above.has(log[i]!.address)) a++;
    else if (own.has(log[i]!.address)) o++;
  }
  return { above: a, own: o };
}

const row = (label: string, t: { above: number; own: number }, seconds: number) =>
  console.log(
    `${label.padEnd(22)} ${(t.above / DOMAINS).toFixed(2).padStart(15)} ${(t.own / DOMAINS).toFixed(2).padStart(15)} ${seconds.toFixed(1).padStart(8)} ${(DOMAINS / seconds).toFixed(1).padStart(9)}`,
  );
let off: Map<string, Outcome> | undefined;
if (DOMAINS > 0) {
  console.log(`${DOMAINS} child zones under one TLD, concurrency ${CONCURRENCY}`);
  console.log('                       root+TLD q/test   own-NS q/test   wall s   tests/s');
  let mark = world.tree.server.log.length;
  const without = await runAll(domains, CONCURRENCY, base);
  row('without shared cache', trafficSince(mark), without.seconds);
  const cache = new SharedAnswerCache({ maxEntries: 50_000 });
  mark = world.tree.server.log.length;
  const withCache = await runAll(domains, CONCURRENCY, { ...base, sharedCache: cache });
  row('with shared cache', trafficSince(mark), withCache.seconds);
  off = without.outcomes;
  const differing = domains.filter((d) => !same(without.outcomes.get(d)!, withCache.outcomes.get(d)!));
  console.log(
    `results identical: ${differing.length === 0 ? 'yes' : `NO, ${differing.length} differ (${differing.slice(0, 5).join(' ')})`}` +
      `; cache ${JSON.stringify(cache.stats)}`,
  );
}

// 2. Politeness: the busiest one-second window of each server, from the arrival times its log keeps.
if (POLITE_DOMAINS > 0) {
  console.log(`\n${POLITE_DOMAINS} tests at once, ceiling ${QPS} queries/s per server (no shared cache)`);
  const limiter = new PolitenessLimiter(QPS);
  const mark = world.tree.server.log.length;
  const polite = await runAll(world.domains.slice(0, POLITE_DOMAINS), POLITE_DOMAINS, {
    ...base,
    politeness: limiter,
  });
  const arrivals = new Map<string, number[]>();
  for (const q of world.tree.server.log.slice(mark))
    (arrivals.get(q.address) ?? arrivals.set(q.address, []).get(q.address)!).push(q.at);
  for (const [address, times] of [...arrivals].sort()) {
    times.sort((x, y) => x - y);
    let busiest = 0;
    for (let first = 0, last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= 1000) first++;
      busiest = Math.max(busiest, last - first + 1);
    }
    console.log(
      `  ${address.padEnd(12)} ${String(times.length).padStart(6)} queries, busiest 1 s window ${String(busiest).padStart(4)} (ceiling ${QPS})`,
    );
  }
  const compared = world.domains.slice(0, Math.min(POLITE_DOMAINS, DOMAINS));
  const identical = compared.every((d) => same(off!.get(d)!, polite.outcomes.get(d)!));
  console.log(
    `  wall ${polite.seconds.toFixed(1)} s, ${limiter.delayedQueries} queries waited for their turn` +
      (compared.length > 0
        ? `; results identical to the run without ceiling: ${identical ? 'yes' : 'NO'}`
        : ''),
  );
}
await world.stop();

// 3. The test bed's scenarios through an agent (real database: $TARGET, SQLite by default), without and with
// the shared cache, compared on the stored results.
if (args.testbed) {
  const dir = args.testbed;
  const scenarios = testbedScenarios(dir);
  const { TestAgent } = await import('../src/agent/index.js');
  const { createTestDatabase } = await import('../t/lib/db.js');
  const { allDone, insertTests, waitFor } = await import('../t/agent.helpers.js');
  const { storedResults } = await import('../t/lib/same-results.js');
  const bedProfile = loadProfileFile(join(dir, 'profile.json'));
  const viaAgent = async (zonemaster: Record<string, string>) => {
    const db = await createTestDatabase({
      configOverrides: {
        ZONEMASTER: { root_hints: join(dir, 'root.hints'), ...zonemaster },
        'PUBLIC PROFILES': { default: join(dir, 'profile.json') },
      },
    });
    const agent = new TestAgent({ config: db.config, knex: db.knex, pollMs: 20 });
    const net = { ipv4: bedProfile.net.ipv4, ipv6: bedProfile.net.ipv6 };
    const ids = await insertTests(
      db.knex,
      scenarios.map(({ domain, nameservers }) => ({
        domain,
        params: { ...net, ...(nameservers.length > 0 ? { nameservers } : {}) },
      })),
    );
    const started = performance.now();
    agent.start();
    await waitFor(() => allDone(db.knex, ids), 600_000, 100);
    const seconds = (performance.now() - started) / 1000;
    await agent.stop(0);
    const results = await Promise.all(ids.map((id) => storedResults(db.knex, id)));
    await db.destroy();
    return { results, seconds };
  };
  const plain = await viaAgent({});
  const shared = await viaAgent({ shared_dns_cache: 'yes' });
  // A second run without the cache shows which scenarios differ from one run to the next anyway.
  const again = await viaAgent({});
  const differs = (x: string[][], y: string[][]) =>
    scenarios.filter((_, i) => JSON.stringify(x[i]) !== JSON.stringify(y[i])).map((s) => s.domain);
  const unstable = differs(plain.results, again.results);
  const changed = differs(plain.results, shared.results).filter((d) => !unstable.includes(d));
  console.log(
    `\ntest bed via an agent: ${scenarios.length} scenarios in ${plain.seconds.toFixed(1)} s without, ${shared.seconds.toFixed(1)} s with the shared cache`,
  );
  console.log(
    `  stored results identical: ${changed.length === 0 ? 'yes' : `NO: ${changed.join(' ')}`}` +
      (unstable.length > 0
        ? ` (not compared: ${unstable.join(' ')}, which differ between two runs without the cache)`
        : ''),
  );
}
