/**
 * Batch throughput of one test agent: a batch of the test-bed zones (BIND on 127.53.x.y) submitted through the
 * RPC API (add_batch_job) to one agent process, timed from the submission to the last test's end.
 *
 *   npm run bench:batch -- [--target SQLite|PostgreSQL|MySQL] [--tests 270] [--concurrency 20] [--runs 1]
 *                          [--profile] [--engine real|standin] [--no-check] [--shared-cache]
 *
 * Prints tests/min, the agent process's CPU ms per test (from /proc; all threads, and its main thread alone), its peak RSS and the most tests it ran at
 * once. --profile profiles the agent during the batch and splits its CPU into the engine and the rest (queue,
 * knex, driver, logging, GC...). The check: each test's results (level, module, test case, tag, arguments) equal
 * those of a single test of its zone run alone before the batch (arguments compared case-insensitively:
 * Nameserver08 reports the random-case name it queried). --concurrency sets
 * number_of_processes_for_batch_testing (RSS at 200 concurrent tests: --tests 400 --concurrency 200).
 * --shared-cache turns on `[ZONEMASTER] shared_dns_cache` for the agent (`npm run bench:cache -- --testbed` compares
 * results with and without it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { rpcCall } from '../src/agent/rpcClient.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { startRpcServer } from '../src/rpc/server.js';
import type { WorkerReport } from './lib/agentWorker.js';
import { printProfileSummary, summarizeProfile } from './lib/cpuProfile.js';
import { cpuMsOf, mainThreadCpuMsOf, mb, rssOf } from './lib/procStats.js';
import { delegatedZones, testbedDir, testbedRunning, testbedServerPid } from './lib/testbed.js';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string' },
    tests: { type: 'string', default: '270' },
    concurrency: { type: 'string', default: '20' },
    runs: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    engine: { type: 'string', default: 'real' },
    'no-check': { type: 'boolean', default: false },
    'shared-cache': { type: 'boolean', default: false },
  },
});
process.env.TARGET = args.target ?? process.env.TARGET ?? 'SQLite';
const TESTS = Number(args.tests);
const CONCURRENCY = Number(args.concurrency);
const STANDIN = args.engine === 'standin';
const TESTBED = testbedDir();
if (!STANDIN && !(await testbedRunning())) {
  console.error(
    `The test bed does not answer on 127.53.0.1 (start it: ${TESTBED}/up.sh), or use --engine standin.`,
  );
  process.exit(1);
}

// Imported after TARGET is set.
const { createTestDatabase } = await import('../t/lib/db.js');
const db = await createTestDatabase({
  configOverrides: {
    RPCAPI: { enable_add_api_user: 'yes' },
    ZONEMASTER: {
      number_of_processes_for_batch_testing: String(CONCURRENCY),
      number_of_processes_for_frontend_testing: '30',
      shared_dns_cache: args['shared-cache'] ? 'yes' : 'no',
      root_hints: join(TESTBED, 'root.hints'),
    },
    'PUBLIC PROFILES': { default: join(TESTBED, 'profile.json') },
  },
});
const silent = pino({ level: 'silent' });
const rpc = await startRpcServer(db.config, {
  port: 0,
  logger: silent,
  deps: { knex: db.knex, logger: silent },
});
const work = mkdtempSync(join(tmpdir(), 'zm-bench-batch-'));
const TEST_PARAMS = { ipv4: true, ipv6: false };

/** Starts the agent process and waits until it claims. */
async function startAgent(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=128', // the daemon's heap limit (src/agent/heap.ts)
      join(PROJECT_ROOT, 'dist', 'bench', 'lib', 'agentWorker.js'),
      '--config',
      db.config.file,
      '--engine',
      STANDIN ? 'standin' : 'real',
      '--log',
      join(work, 'agent.log'),
      '--report',
      join(work, 'report.json'),
      ...(args.profile ? ['--profile', join(work, 'agent.cpuprofile')] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line === 'ready') break;
  return child;
}

async function stopAgent(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A test's results as comparable text: sorted lines of level, module, test case, tag and arguments. */
async function resultsOf(knex: Knex, testIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string[]>(testIds.map((id) => [id, []]));
  for (let i = 0; i < testIds.length; i += 500) {
    const rows = (await knex('result_entries')
      .select('hash_id', 'level', 'module', 'testcase', 'tag', 'args')
      .whereIn('hash_id', testIds.slice(i, i + 500))) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const args = typeof r.args === 'string' ? r.args : JSON.stringify(r.args);
      // Lower-cased: Nameserver08 queries a name of random case and reports it.
      out
        .get(String(r.hash_id))!
        .push(`${r.level} ${r.module} ${r.testcase} ${r.tag} ${canonical(args).toLowerCase()}`);
    }
  }
  return new Map([...out].map(([id, lines]) => [id, lines.sort().join('\n')]));
}

function canonical(json: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(JSON.parse(json || '{}')));
}

async function waitForTests(testIds: string[]): Promise<void> {
  for (;;) {
    const [{ n }] = (await db
      .knex('test_results')
      .whereIn('hash_id', testIds)
      .andWhere('progress', '<', 100)
      .count('* as n')) as Array<{ n: number | string }>;
    if (Number(n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each zone tested once, alone (one at a time): the expected results of every batch test of that zone. */
async function singleRuns(zones: string[]): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  for (const domain of zones) {
    const id = await rpcCall<string>(rpc.url, 'start_domain_test', { domain, ...TEST_PARAMS });
    await waitForTests([id]);
    expected.set(domain, (await resultsOf(db.knex, [id])).get(id)!);
  }
  return expected;
}

function printDifference(domain: string, want: string, have: string): void {
  const wanted = new Set(want.split('\n'));
  const had = new Set(have.split('\n'));
  console.log(`  first difference, ${domain}:`);
  for (const line of wanted) if (!had.has(line)) console.log(`    - ${line}`);
  for (const line of had) if (!wanted.has(line)) console.log(`    + ${line}`);
}

interface BatchRun {
  seconds: number;
  cpuMs: number;
  /** of cpuMs, the agent's main (JavaScript) thread */
  mainThreadCpuMs: number;
  /** CPU the test bed's name server used meanwhile (it shares the machine's cores with the agent) */
  serverCpuMs: number | undefined;
  peakRss: number;
  peakRunning: number;
  mismatches: string[];
}

async function runBatch(
  agent: ChildProcess,
  domains: string[],
  expected: Map<string, string>,
): Promise<BatchRun> {
  const pid = agent.pid!;
  if (args.profile) agent.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 100));
  const cpu0 = cpuMsOf(pid);
  const mainCpu0 = mainThreadCpuMsOf(pid);
  const server = STANDIN ? undefined : testbedServerPid(TESTBED);
  const serverCpu0 = server !== undefined ? cpuMsOf(server) : 0;
  const t0 = performance.now();
  const batchId = await rpcCall<number>(rpc.url, 'add_batch_job', {
    username: 'bench',
    api_key: 'bench-key',
    domains,
    test_params: TEST_PARAMS,
  });
  let peakRunning = 0;
  let peakRss = 0;
  for (;;) {
    const status = await rpcCall<{ running_count: number; finished_count: number }>(rpc.url, 'batch_status', {
      batch_id: batchId,
    });
    peakRunning = Math.max(peakRunning, status.running_count);
    peakRss = Math.max(peakRss, rssOf(pid).rss);
    if (status.finished_count === domains.length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsOf(pid) - cpu0;
  const mainThreadCpuMs = mainThreadCpuMsOf(pid) - mainCpu0;
  const serverCpuMs = server !== undefined ? cpuMsOf(server) - serverCpu0 : undefined;
  const mismatches: string[] = [];
  if (expected.size > 0) {
    const tests = (await db
      .knex('test_results')
      .select('hash_id', 'domain')
      .where('batch_id', batchId)) as Array<{
      hash_id: string;
      domain: string;
    }>;
    const got = await resultsOf(
      db.knex,
      tests.map((t) => t.hash_id),
    );
    for (const t of tests) {
      const want = expected.get(t.domain)!;
      const have = got.get(t.hash_id)!;
      if (have === want) continue;
      if (mismatches.length === 0) printDifference(t.domain, want, have);
      mismatches.push(t.domain);
    }
  }
  const [{ entries }] = (await db
    .knex('result_entries')
    .join('test_results', 'test_results.hash_id', 'result_entries.hash_id')
    .where('test_results.batch_id', batchId)
    .count('* as entries')) as Array<{ entries: number | string }>;
  console.log(`  ${(Number(entries) / domains.length).toFixed(1)} result entries stored per test`);
  return {
    seconds,
    cpuMs,
    mainThreadCpuMs,
    serverCpuMs,
    peakRss: Math.max(peakRss, rssOf(pid).peak),
    peakRunning,
    mismatches,
  };
}

const zones = STANDIN ? ['bench.example'] : delegatedZones(TESTBED);
const domains = Array.from({ length: TESTS }, (_, i) => zones[i % zones.length]!);
console.log(
  `Batch of ${TESTS} tests (${zones.length} zones) on ${process.env.TARGET}, one agent, ` +
    `number_of_processes_for_batch_testing = ${CONCURRENCY}, ${STANDIN ? 'stand-in' : 'real'} engine` +
    (args['shared-cache'] ? ', shared_dns_cache on' : ''),
);
await rpcCall(rpc.url, 'add_api_user', { username: 'bench', api_key: 'bench-key' });
const agent = await startAgent();
let profiledCpuMs = 0;
try {
  const expected = STANDIN || args['no-check'] ? new Map<string, string>() : await singleRuns(zones);
  const runs: BatchRun[] = [];
  for (let r = 0; r < Number(args.runs); r++) {
    const run = await runBatch(agent, domains, expected);
    runs.push(run);
    console.log(
      `  run ${r + 1}: ${run.seconds.toFixed(2)} s, ${((TESTS / run.seconds) * 60).toFixed(0)} tests/min, ` +
        `agent CPU ${(run.cpuMs / TESTS).toFixed(1)} ms/test ` +
        `(main thread ${(run.mainThreadCpuMs / TESTS).toFixed(1)}), ` +
        (run.serverCpuMs !== undefined
          ? `test bed BIND CPU ${(run.serverCpuMs / TESTS).toFixed(1)} ms/test, `
          : '') +
        `peak RSS ${mb(run.peakRss)}, ` +
        `peak running ${run.peakRunning}` +
        (expected.size > 0
          ? run.mismatches.length === 0
            ? ', results identical to single runs'
            : `, ${run.mismatches.length} tests differ from single runs (${[...new Set(run.mismatches)].slice(0, 5).join(', ')})`
          : ''),
    );
    if (args.profile) {
      profiledCpuMs = run.cpuMs;
      break; // one profiled run
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  if (runs.length > 1)
    console.log(
      `  median: ${median(runs.map((r) => (TESTS / r.seconds) * 60)).toFixed(0)} tests/min, ` +
        `${median(runs.map((r) => r.cpuMs / TESTS)).toFixed(1)} agent CPU ms/test`,
    );
} finally {
  await stopAgent(agent);
  await rpc.close();
  await db.destroy();
}
const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as WorkerReport;
const statements = Object.entries(report.queries).sort((a, b) => b[1] - a[1]);
const ran = report.testIds.length;
console.log(
  `  agent statements: ${(statements.reduce((n, [, c]) => n + c, 0) / ran).toFixed(1)} per test (${ran} tests), by kind:`,
);
for (const [sql, count] of statements.slice(0, 8))
  console.log(`    ${(count / ran).toFixed(2).padStart(6)}  ${sql}`);
if (args.profile) {
  const file = readdirSync(work).includes('agent.cpuprofile') ? join(work, 'agent.cpuprofile') : undefined;
  if (file) printProfileSummary(summarizeProfile(file), TESTS, profiledCpuMs);
  console.log(`  profile: ${file ?? '(none written)'}`);
}
