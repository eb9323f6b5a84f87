/**
 * Shared DNS cache and per-server politeness benchmark, on a registry's world in this process (one root, one TLD
 * on two servers, N child zones on one hoster's two servers, all on loopback: t/lib/tld-world.ts).
 *
 *   npm run bench:cache -- [--domains 1000] [--concurrency 20] [--qps 100] [--polite-domains 100] [--testbed DIR]
 *
 * 1. The batch without and with the shared cache: queries per test at the server (root + TLD, the zone's own
 *    servers), wall time, and whether every test's findings and recording are the same (they must be).
 * 2. The politeness ceiling: --polite-domains tests at once with `--qps` per server, without the cache (the
 *    most traffic), and the busiest one-second window of each server counted at the server.
 * 3. With --testbed (the running test bed, /work/shared/testbed): its scenarios without and with the cache,
 *    compared the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { PolitenessLimiter } from '../src/engine/dns/politeness.js';
import { SharedAnswerCache } from '../src/engine/dns/shared-cache.js';
import { defaultProfile, loadProfileFile, mergeProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import type { NameserverSpec, RunOptions } from '../src/engine/types.js';

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

console.log(`${DOMAINS} child zones under one TLD, concurrency ${CONCURRENCY}`);
console.log('                       root+TLD q/test   own-NS q/test   wall s   tests/s');
let mark = world.tree.server.log.length;
const off = await runAll(domains, CONCURRENCY, base);
const offTraffic = trafficSince(mark);
const row = (label: string, t: { above: number; own: number }, seconds: number) =>
  console.log(
    `${label.padEnd(22)} ${(t.above / DOMAINS).toFixed(2).padStart(15)} ${(t.own / DOMAINS).toFixed(2).padStart(15)} ${seconds.toFixed(1).padStart(8)} ${(DOMAINS / seconds).toFixed(1).padStart(9)}`,
  );
row('without shared cache', offTraffic, off.seconds);
const cache = new SharedAnswerCache({ maxEntries: 50_000 });
mark = world.tree.server.log.length;
const on = await runAll(domains, CONCURRENCY, { ...base, sharedCache: cache });
const onTraffic = trafficSince(mark);
row('with shared cache', onTraffic, on.seconds);
const differing = domains.filter((d) => !same(off.outcomes.get(d)!, on.outcomes.get(d)!));
if (process.env.BENCH_DIFF && differing[0]) {
  const a = off.outcomes.get(differing[0])!;
  const b = on.outcomes.get(differing[0])!;
  const i = a.messages.findIndex((m, k) => m !== b.messages[k]);
  console.log(a.messages.length, b.messages.length, a.messages.slice(i, i + 4), b.messages.slice(i, i + 4));
  const tally = (xs: string[]) =>
    xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ta = tally(a.recorded);
  const tb = tally(b.recorded);
  console.log(
    [...new Set([...ta.keys(), ...tb.keys()])]
      .filter((k) => ta.get(k) !== tb.get(k))
      .map((k) => `${k}: ${ta.get(k)} vs ${tb.get(k)}`),
  );
}
console.log(
  `results identical: ${differing.length === 0 ? 'yes' : `NO, ${differing.length} differ (${differing.slice(0, 5).join(' ')})`}` +
    `; cache ${JSON.stringify(cache.stats)}`,
);

// 2. Politeness: the busiest one-second window of each server, from the arrival times its log keeps.
console.log(`\n${POLITE_DOMAINS} tests at once, ceiling ${QPS} queries/s per server (no shared cache)`);
const limiter = new PolitenessLimiter(QPS);
mark = world.tree.server.log.length;
const polite = await runAll(world.domains.slice(0, POLITE_DOMAINS), POLITE_DOMAINS, {
  ...base,
  politeness: limiter,
});
const arrivals = new Map<string, number[]>();
for (const q of world.tree.server.log.slice(mark))
  (arrivals.get(q.address) ?? arrivals.set(q.address, []).get(q.address)!).push(q.at);
const counts = new Map([...arrivals].map(([address, times]) => [address, times.length]));
const busiest = new Map<string, number>();
for (const [address, times] of arrivals) {
  times.sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  busiest.set(address, most);
}
for (const [address, total] of [...counts].sort()) {
  console.log(
    `  ${address.padEnd(12)} ${String(total).padStart(6)} queries, busiest 1 s window ${String(busiest.get(address) ?? total).padStart(4)} (ceiling ${QPS})`,
  );
}
console.log(
  `  wall ${polite.seconds.toFixed(1)} s, ${limiter.delayedQueries} queries waited for their turn; results identical to the unlimited run: ${
    world.domains
      .slice(0, Math.min(POLITE_DOMAINS, DOMAINS))
      .every((d) => same(off.outcomes.get(d)!, polite.outcomes.get(d)!))
      ? 'yes'
      : 'NO'
  }`,
);
await world.stop();

// 3. The test bed's scenarios.
if (args.testbed) {
  const dir = args.testbed;
  const scenarios = readFileSync(join(dir, 'scenarios.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [domain, extra = ''] = line.split('\t');
      const nameservers: NameserverSpec[] = [...extra.matchAll(/--ns\s+(\S+)/g)].map((m) => {
        const [ns, ip] = m[1]!.split('/');
        return ip ? { ns: ns!, ip } : { ns: ns! };
      });
      return { domain: domain!, nameservers };
    });
  const bedBase = { profile: loadProfileFile(join(dir, 'profile.json')), hintsFile: join(dir, 'root.hints') };
  const bedRun = async (sharedCache?: SharedAnswerCache) => {
    const out = new Map<string, Outcome>();
    let queries = 0;
    for (const { domain, nameservers } of scenarios) {
      const result = await runTest({
        ...bedBase,
        domain,
        nameservers,
        ...(sharedCache ? { sharedCache } : {}),
      });
      const recorded = recordedQuestions(result.save());
      out.set(domain, { messages: comparable(result.messages), recorded });
      queries += result.messages.filter((m) => m.tag === 'EXTERNAL_QUERY').length;
    }
    return { out, queries };
  };
  const bedCache = new SharedAnswerCache({ maxEntries: 50_000 });
  const plain = await bedRun();
  const shared = await bedRun(bedCache);
  const differ = scenarios.filter(({ domain }) => !same(plain.out.get(domain)!, shared.out.get(domain)!));
  console.log(
    `\ntest bed: ${scenarios.length} scenarios, queries sent per test ${(plain.queries / scenarios.length).toFixed(1)} without, ${(shared.queries / scenarios.length).toFixed(1)} with the shared cache`,
  );
  console.log(
    `  results identical: ${differ.length === 0 ? 'yes' : `NO: ${differ.map((s) => s.domain).join(' ')}`}`,
  );
}
