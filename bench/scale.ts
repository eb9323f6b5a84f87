/**
 * Agents on several hosts sharing one PostgreSQL: each agent runs in its own network namespace (a "host" made
 * by this bench with `ip netns` and a veth pair; needs root) and reaches PostgreSQL through the veth, where socat
 * relays to PostgreSQL on 127.0.0.1 (PostgreSQL itself keeps listening on loopback only). The agents use the
 * stand-in engine (timers, no CPU), so the figures are those of the queue: claim, writes, completion.
 *
 *   npm run bench:scale -- [--agents 1,2,4] [--tests 3000] [--slots 10] [--step-ms 50] [--claim-rows 100000]
 *
 * Prints, per number of agents: tests/min, claim latency p50/p99 (one claim query, as the agents time it), the
 * agents' CPU ms per test and a check that no test ran twice (each test claimed once, by one agent, attempts 1).
 * Then the claim query alone: claims/s by 4 connections on a table of --claim-rows waiting tests, and the plan
 * PostgreSQL uses. The namespaces, veths and relays are removed on exit, also after a failure or Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { CLAIM_ORDER_INDEX, up as createClaimOrderIndex } from '../migrations/0007_claim_order_index.js';
import { createBatch } from '../src/db/api/batches.js';
import { dropIndexIfPresent } from '../src/db/ddl.js';
import { claimTests, completeTest } from '../src/db/queue/index.js';
import { toDbTime } from '../src/db/time.js';
import { PROJECT_ROOT } from '../src/paths.js';
import type { WorkerReport } from './lib/agentWorker.js';
import { cpuMsOf, percentile } from './lib/procStats.js';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '1,2,4' },
    tests: { type: 'string', default: '3000' },
    slots: { type: 'string', default: '10' },
    'step-ms': { type: 'string', default: '50' },
    'claim-rows': { type: 'string', default: '100000' },
    /** Also time the claim with an index in the claim's own order (see docs/scaling.md). */
    'claim-index': { type: 'boolean', default: false },
  },
});
const AGENT_COUNTS = args.agents
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const TESTS = Number(args.tests);
const MAX_AGENTS = Math.max(0, ...AGENT_COUNTS);
process.env.TARGET = 'PostgreSQL';
const { createTestDatabase } = await import('../t/lib/db.js');

// ---- hosts: one network namespace per agent, cleaned up whatever happens ----
const tag = String(process.pid % 10000);
const hosts = Array.from({ length: MAX_AGENTS }, (_, i) => ({
  ns: `zmb${tag}a${i + 1}`,
  hostIf: `zb${tag}h${i + 1}`,
  nsIf: `zb${tag}n${i + 1}`,
  hostIp: `10.231.${i + 1}.1`,
  nsIp: `10.231.${i + 1}.2`,
}));
const children = new Set<ChildProcess>();

function ip(...argv: string[]): void {
  const r = spawnSync('ip', argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr.trim()}`);
}

function cleanup(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  for (const h of hosts) {
    spawnSync('ip', ['netns', 'del', h.ns]); // deletes the veth pair with it
    spawnSync('ip', ['link', 'del', h.hostIf]);
  }
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });

function makeHosts(): void {
  for (const h of hosts) {
    ip('netns', 'add', h.ns);
    ip('link', 'add', h.hostIf, 'type', 'veth', 'peer', 'name', h.nsIf);
    ip('link', 'set', h.nsIf, 'netns', h.ns);
    ip('addr', 'add', `${h.hostIp}/30`, 'dev', h.hostIf);
    ip('link', 'set', h.hostIf, 'up');
    ip('-n', h.ns, 'addr', 'add', `${h.nsIp}/30`, 'dev', h.nsIf);
    ip('-n', h.ns, 'link', 'set', h.nsIf, 'up');
    ip('-n', h.ns, 'link', 'set', 'lo', 'up');
    // PostgreSQL stays on loopback; the host side of each veth relays to it.
    const relay = spawn(
      'socat',
      [`TCP-LISTEN:5432,bind=${h.hostIp},fork,reuseaddr`, 'TCP:127.0.0.1:5432,nodelay'],
      { stdio: 'ignore' },
    );
    children.add(relay);
  }
}

// ---- the database and the agents ----
const db = await createTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'zm-bench-scale-'));
const baseConfig = readFileSync(db.config.file, 'utf8');

function configFor(hostIp: string, file: string): string {
  const text = baseConfig
    .replace(/^host = .*$/m, `host = ${hostIp}`)
    .concat(
      `\n[ZONEMASTER]\nnumber_of_processes_for_batch_testing = ${args.slots}\n` +
        'number_of_processes_for_frontend_testing = 1\n',
    );
  writeFileSync(file, text.replace(/\[DB\]\n/, '[DB]\npolling_interval = 0.1\n'));
  return file;
}

async function startAgent(i: number): Promise<{ child: ChildProcess; report: string }> {
  const h = hosts[i]!;
  const report = join(work, `report-${i}.json`);
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      h.ns,
      process.execPath,
      '--max-old-space-size=128',
      join(PROJECT_ROOT, 'dist', 'bench', 'lib', 'agentWorker.js'),
      '--config',
      configFor(h.hostIp, join(work, `agent-${i}.ini`)),
      '--engine',
      'standin',
      '--step-ms',
      args['step-ms'],
      '--report',
      report,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line === 'ready') break;
  return { child, report };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  children.delete(child);
}

async function insertBatch(count: number): Promise<number> {
  const createdAt = toDbTime();
  return createBatch(db.knex, 'bench', createdAt, function* (batchId) {
    for (let i = 0; i < count; i++)
      yield {
        hash_id: `${batchId.toString(16).padStart(4, '0')}${i.toString(16).padStart(12, '0')}`,
        domain: 'bench.example',
        batch_id: batchId,
        created_at: createdAt,
        priority: 5,
        queue: 0,
        fingerprint: 'bench',
        params: { domain: 'bench.example' },
        undelegated: false,
      };
  });
}

interface ScaleRow {
  agents: number;
  perMinute: number;
  p50: number;
  p99: number;
  cpuPerTest: number;
  duplicates: number;
}

async function scaleRun(agents: number): Promise<ScaleRow> {
  const started = await Promise.all(Array.from({ length: agents }, (_, i) => startAgent(i)));
  // The agents' own pids: `ip netns exec` execs node in place.
  const cpu0 = started.map(({ child }) => cpuMsOf(child.pid!));
  const t0 = performance.now();
  const batchId = await insertBatch(TESTS);
  for (;;) {
    const [{ n }] = (await db
      .knex('test_results')
      .where({ batch_id: batchId })
      .andWhere('progress', '<', 100)
      .count('* as n')) as Array<{ n: string | number }>;
    if (Number(n) === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = started.reduce((sum, { child }, i) => sum + cpuMsOf(child.pid!) - cpu0[i]!, 0);
  await Promise.all(started.map(({ child }) => stop(child)));
  const reports = started.map(({ report }) => JSON.parse(readFileSync(report, 'utf8')) as WorkerReport);
  const ran = reports.flatMap((r) => r.testIds);
  const [{ again }] = (await db
    .knex('test_results')
    .where({ batch_id: batchId })
    .andWhere((q) => q.whereNot('attempts', 1).orWhereNot('state', 'completed'))
    .count('* as again')) as Array<{ again: string | number }>;
  const claims = reports.flatMap((r) => r.claimMs);
  return {
    agents,
    perMinute: (TESTS / seconds) * 60,
    p50: percentile(claims, 50),
    p99: percentile(claims, 99),
    cpuPerTest: cpuMs / TESTS,
    duplicates: ran.length - new Set(ran).size + Number(again),
  };
}

/** The claim query alone: 4 connections claim and complete as fast as they can for 5 s. */
async function claimRate(rows: number): Promise<void> {
  const batchId = await insertBatch(rows);
  const knex = knexFactory({
    client: 'pg',
    connection: { ...db.config.POSTGRESQL },
    pool: { min: 4, max: 4 },
  });
  // The claim's statement as claimTests sends it on PostgreSQL, timed by PostgreSQL and rolled back.
  const trx = await knex.transaction();
  const { rows: plan } = (await trx.raw(
    'EXPLAIN ANALYZE WITH c AS (SELECT id FROM test_results WHERE progress = 0 AND queue = 0 AND batch_id IS NOT NULL ' +
      'ORDER BY priority DESC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED) ' +
      'UPDATE test_results t SET progress = 1 FROM c WHERE t.id = c.id AND t.progress = 0',
  )) as { rows: Array<{ 'QUERY PLAN': string }> };
  await trx.rollback();
  let claimed = 0;
  const deadline = performance.now() + 5000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const [test] = await claimTests(
          knex,
          { agentId: `w${w}`, queue: 0, kind: 'batch', leaseMs: 60_000 },
          1,
        );
        latencies.push(performance.now() - t);
        if (!test) break;
        await completeTest(knex, test.testId, `w${w}`, []);
        claimed++;
      }
    }),
  );
  const [{ total }] = (await knex('test_results').count('* as total')) as Array<{ total: string | number }>;
  console.log(
    `claim query alone (4 connections, claim + complete, ${rows} waiting, ${total} rows in test_results): ` +
      `${Math.round(claimed / 5)} claims/s, claim p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );
  console.log('  plan: ' + plan.map((r) => r['QUERY PLAN'].trim()).join(' | '));
  await knex('test_results').where({ batch_id: batchId }).delete();
  await knex.destroy();
}

try {
  makeHosts();
  console.log(
    `${TESTS} tests per run, stand-in engine (10 × ${args['step-ms']} ms, 20 entries), ${args.slots} slots per agent, ` +
      'one PostgreSQL 15 on 127.0.0.1 reached through veth + socat',
  );
  console.log('agents  tests/min  claim p50  claim p99  agent CPU ms/test  tests run twice');
  for (const agents of AGENT_COUNTS) {
    const r = await scaleRun(agents);
    console.log(
      `${String(r.agents).padStart(6)}  ${r.perMinute.toFixed(0).padStart(9)}  ${r.p50.toFixed(2).padStart(6)} ms  ` +
        `${r.p99.toFixed(2).padStart(6)} ms  ${r.cpuPerTest.toFixed(2).padStart(17)}  ${String(r.duplicates).padStart(15)}`,
    );
  }
  if (args['claim-index']) {
    // The schema has the claim-order index (migration 0007); measured once without it, for comparison.
    await dropIndexIfPresent(db.knex, CLAIM_ORDER_INDEX.table, CLAIM_ORDER_INDEX.name);
    console.log('without the index in claim order (progress, queue, priority DESC, id):');
    await claimRate(Number(args['claim-rows']));
    await createClaimOrderIndex(db.knex);
    console.log('with it:');
  }
  await claimRate(Number(args['claim-rows']));
} finally {
  cleanup();
  await db.destroy();
}
