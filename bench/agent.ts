/**
 * Test agent benchmark: throughput (tests/min), agent memory (peak RSS) and claim latency, then the test-bed
 * zones through RPC → agent → results.
 *
 *   npm run bench:agent -- [--tests 1000] [--concurrency 50] [--engine real|standin] [--config FILE]
 *
 * --engine real (default) tests the zones of the test bed (bench/lib/testbed.ts) (BIND on 127.53.x.y:53, local root hints); when the
 * test bed is not running, or with --engine standin, a stand-in engine that emits 20 messages over ~50 ms is used.
 * The database is a temporary SQLite file unless --config names a backend config (PostgreSQL, MySQL...).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { pino } from 'pino';
import { TestAgent, noMetrics, type AgentMetrics, type EngineRunner } from '../src/agent/index.js';
import { agentHeapFlags } from '../src/agent/heap.js';
import { rpcCall, waitForResults } from '../src/agent/rpcClient.js';
import { loadConfig, parseConfig } from '../src/config/index.js';
import type { Config } from '../src/config/types.js';
import { createKnex } from '../src/db/connection.js';
import { toDbJson } from '../src/db/json.js';
import { migrateLatest } from '../src/db/migrate.js';
import { toDbTime } from '../src/db/time.js';
import { startRpcServer } from '../src/rpc/server.js';
import { standInEngine } from './lib/standin.js';
import { testbedDir, testbedRunning } from './lib/testbed.js';

const { values: args } = parseArgs({
  options: {
    tests: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '50' },
    engine: { type: 'string', default: 'real' },
    config: { type: 'string' },
  },
});
const TESTS = Number(args.tests);
const CONCURRENCY = Number(args.concurrency);
const TESTBED = testbedDir();
const silent = pino({ level: 'silent' });

function testbedZones(): string[] {
  const dir = join(TESTBED, 'oracle-v8');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

const standIn = standInEngine();

function makeConfig(hints: string | undefined, concurrency: number): Config {
  const base = args.config ? loadConfig(args.config) : undefined;
  if (base)
    return {
      ...base,
      ZONEMASTER: {
        ...base.ZONEMASTER,
        number_of_processes_for_frontend_testing: concurrency,
        ...(hints ? { root_hints: hints } : {}),
      },
    };
  const dir = mkdtempSync(join(tmpdir(), 'zm-bench-'));
  const text = [
    '[DB]',
    'engine = SQLite',
    'polling_interval = 0.05',
    '[SQLITE]',
    'database_file = bench.sqlite',
    '[ZONEMASTER]',
    `number_of_processes_for_frontend_testing = ${concurrency}`,
    ...(hints ? [`root_hints = ${hints}`] : []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'backend_config.ini'), text);
  return parseConfig(text, join(dir, 'backend_config.ini'));
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function queueBench(
  config: Config,
  domains: string[],
  runner: EngineRunner | undefined,
  label: string,
): Promise<void> {
  const knex = createKnex(config);
  await migrateLatest(knex);
  await knex('result_entries').delete();
  await knex('test_results').delete();
  const rows = Array.from({ length: TESTS }, (_, i) => {
    const domain = domains[i % domains.length]!;
    return {
      hash_id: (i + 1).toString(16).padStart(16, '0'),
      domain,
      created_at: toDbTime(),
      priority: 10,
      queue: 0,
      progress: 0,
      fingerprint: 'bench',
      params: toDbJson({ domain, profile: 'default', ipv4: true, ipv6: false }),
      undelegated: 0,
    };
  });
  for (let i = 0; i < rows.length; i += 200) await knex('test_results').insert(rows.slice(i, i + 200));

  const claimMs: number[] = [];
  const metrics: AgentMetrics = { ...noMetrics, fetchDuration: (ms) => claimMs.push(ms) };
  let done = 0;
  let peakRss = process.memoryUsage().rss;
  let peakRunning = 0;
  const agent = new TestAgent({
    config,
    knex,
    metrics,
    pollMs: 50,
    ...(runner ? { runner } : {}),
    onTestEnd: () => done++,
  });
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakRunning = Math.max(peakRunning, agent.running);
  }, 50);
  const started = Date.now();
  agent.start();
  while (done < TESTS) {
    await new Promise((r) => setTimeout(r, 200));
    process.stderr.write(`\r${label}: ${done}/${TESTS}`);
  }
  const seconds = (Date.now() - started) / 1000;
  await agent.stop(0);
  clearInterval(sampler);
  process.stderr.write('\n');
  console.log(`${label}: ${TESTS} tests at concurrency ${CONCURRENCY} on ${config.DB.engine}`);
  console.log(`  wall ${seconds.toFixed(1)} s, throughput ${((TESTS / seconds) * 60).toFixed(0)} tests/min`);
  console.log(`  agent process peak RSS ${mb(peakRss)}, peak running tests ${peakRunning}`);
  console.log(
    `  claim latency p50 ${percentile(claimMs, 50).toFixed(1)} ms, p95 ${percentile(claimMs, 95).toFixed(1)} ms, max ${Math.max(...claimMs).toFixed(1)} ms (${claimMs.length} claims)`,
  );
  await knex.destroy();
}

async function rpcBench(config: Config, zones: string[]): Promise<void> {
  const knex = createKnex(config);
  await migrateLatest(knex);
  const agent = new TestAgent({ config, knex, pollMs: 20 });
  agent.start();
  const rpc = await startRpcServer(config, { port: 0, logger: silent, deps: { knex, logger: silent } });
  const started = Date.now();
  const ids = await Promise.all(
    zones.map((domain) => rpcCall<string>(rpc.url, 'start_domain_test', { domain, ipv6: false })),
  );
  const took = new Map<string, number>();
  const results = await Promise.all(
    ids.map((id, i) =>
      waitForResults(rpc.url, id, { pollMs: 250 }).then((r) => {
        took.set(zones[i]!, (Date.now() - started) / 1000);
        return r;
      }),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const died = results.filter((r) =>
    r.results.some((m) => m.tag === 'TEST_DIED' || m.tag === 'UNABLE_TO_FINISH_TEST'),
  ).length;
  console.log(
    `RPC → agent → results: ${zones.length} test-bed zones in ${seconds.toFixed(2)} s wall (target ≤ 2 s), ${died} died or timed out`,
  );
  const slowest = [...took].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`  slowest: ${slowest.map(([zone, s]) => `${zone} ${s.toFixed(1)} s`).join(', ')}`);
  await agent.stop(0);
  await rpc.close();
  await knex.destroy();
}

// Measure the agent as it is deployed: with the daemon's heap limit (src/agent/heap.ts) unless one is given.
const heapFlags = agentHeapFlags();
if (heapFlags.length > 0) {
  const child = spawnSync(process.execPath, [...heapFlags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}
console.log(
  `V8 heap limit ${Math.round(getHeapStatistics().heap_size_limit / 1048576)} MB (the daemon's default)`,
);

const zones = testbedZones();
const real = args.engine === 'real' && zones.length > 0 && (await testbedRunning());
if (args.engine === 'real' && !real)
  console.log('Test bed not running (../shared/testbed/up.sh): using the stand-in engine.');
const hints = real ? join(TESTBED, 'root.hints') : undefined;
const config = makeConfig(hints, CONCURRENCY);
await queueBench(
  config,
  real ? zones : ['bench.example'],
  real ? undefined : standIn,
  real ? 'real engine, test-bed zones' : 'stand-in engine',
);
if (real) await rpcBench(config, zones);
