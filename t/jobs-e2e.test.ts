/**
 * Diff and dumps end to end on a real database ($TARGET) with the real engine and DNS on loopback: a zone whose
 * world changes between two tests shows the change in `zmtest --diff`; the recording of a crashed test (and,
 * with keep_recordings, of a completed one) taken with job_dump gives the same findings offline through
 * `zonemaster-cli --restore`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { engineRunTest } from '../src/agent/defaultRunner.js';
import { rpcCall } from '../src/agent/rpcClient.js';
import { diffFindings, type Finding } from '../src/findings/diff.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { startRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { startLocalTree, type LocalTree, type LocalTreeZone } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';
import { waitFor } from './agent.helpers.js';

const exec = promisify(execFile);
const USER = { username: 'registry', api_key: 'registry-key' };
const ZONES: LocalTreeZone[] = [
  { origin: '', servers: [{ name: 'a.root-servers.test', address: '127.54.2.1' }] },
  { origin: 'test', servers: [{ name: 'ns1.nic.test', address: '127.54.2.2' }] },
  {
    origin: 'shop.test',
    servers: [
      { name: 'ns1.shop.test', address: '127.54.2.3' },
      { name: 'ns2.shop.test', address: '127.54.2.4' },
    ],
    lines: ['www A 127.0.0.80'],
  },
];

let tree: LocalTree;
let db: TestDatabase;
let rpc: { url: string; close(): Promise<void> };
let agent: TestAgent;
let hints: string;
const dir = mkdtempSync(join(tmpdir(), 'zmt-jobs-e2e-'));
let crashNext = false;

beforeAll(async () => {
  tree = await startLocalTree(ZONES);
  hints = writeHints(dir, tree.rootServers);
  db = await createTestDatabase({
    configOverrides: {
      ZONEMASTER: { root_hints: hints, keep_recordings: 'yes' },
      RPCAPI: { enable_add_api_user: 'yes' },
    },
  });
  const silent = pino({ level: 'silent' });
  rpc = await startRpcServer(db.config, {
    port: 0,
    logger: silent,
    deps: { knex: db.knex, engine: createEngineServices({ dnsPort: tree.port }), logger: silent },
  });
  await rpcCall(rpc.url, 'user_create', USER);
  agent = startAgent(tree.port);
}, 30_000);

/** The real engine; on demand the run fails after the engine returned (a fault after the DNS work). */
function startAgent(port: number): TestAgent {
  const started = new TestAgent({
    config: db.config,
    knex: db.knex,
    engineOptions: { port },
    pollMs: 50,
    runner: async (run) => {
      const result = await engineRunTest(run);
      if (crashNext) throw new Error('fault after the run');
      return result;
    },
  });
  started.start();
  return started;
}

afterAll(async () => {
  await agent?.stop(0);
  await rpc?.close();
  await db?.destroy();
  await tree?.stop();
});

async function batchTest(domain: string): Promise<string> {
  const { batch_id } = await rpcCall<{ batch_id: number }>(rpc.url, 'batch_create', {
    ...USER,
    domains: [domain],
  });
  const { finished_tests } = await (async () => {
    let status: { finished_count: number; finished_tests?: string[] };
    await waitFor(
      async () => {
        status = await rpcCall(rpc.url, 'batch_status', { batch_id, list_finished_tests: true });
        return status.finished_count === 1;
      },
      30_000,
      50,
    );
    return status!;
  })();
  return finished_tests![0]!;
}

const cli = (command: string, ...args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', `src/cli/${command}.ts`, ...args], { maxBuffer: 64 << 20 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/**
 * Test cases a recording cannot replay, here as in the reference engine: zone transfers are not part of the
 * recorded-data format, and Nameserver08/09 query a name with letters in random case, drawn anew on every run.
 */
const NOT_REPLAYABLE = new Set(['Nameserver03', 'Nameserver08', 'Nameserver09']);
const replayable = (f: Finding) => !NOT_REPLAYABLE.has(f.testcase);

/** The stored findings of a test, as the API gives them, without the agent's own (Backend) messages. */
async function storedFindings(jobId: string): Promise<Finding[]> {
  const { results } = await rpcCall<{ results: Finding[] }>(rpc.url, 'job_results', {
    job_id: jobId,
    language: 'en',
  });
  return results
    .filter((r) => r.module !== 'Backend' && replayable(r))
    .map(({ module, testcase, tag, args, level }) => ({ module, testcase, tag, args, level }));
}

/** The findings of `zonemaster-cli --restore` on a job_dump. */
/** The findings of a job's dump replayed offline, and how many of the replay's queries the dump lacked. */
async function restoredFindings(jobId: string): Promise<{ findings: Finding[]; misses: number }> {
  const dump = await rpcCall<{ domain: string; recording: string }>(rpc.url, 'job_dump', { job_id: jobId });
  const file = join(dir, `${jobId}.data`);
  writeFileSync(file, dump.recording);
  const run = await cli(
    'zonemaster-cli',
    '--restore',
    file,
    '--hints',
    hints,
    '--json',
    '--raw',
    '--level',
    'INFO',
    '--show-module',
    '--show-testcase',
    '--no-progress',
    dump.domain,
  );
  expect(run.code).toBe(0);
  const replay = /^Replay: (\d+) quer(?:y was|ies were) not in \S+\n$/.exec(run.stderr);
  expect(replay, run.stderr).not.toBeNull();
  const findings = (JSON.parse(run.stdout) as { results: Finding[] }).results
    .filter(replayable)
    .map(({ module, testcase, tag, args, level }) => ({ module, testcase, tag, args: args ?? {}, level }));
  return { findings, misses: Number(replay![1]) };
}

describe('reproducible failures', () => {
  it("a crashed test's dump restored offline gives the same findings", async () => {
    crashNext = true;
    const jobId = await batchTest('shop.test');
    crashNext = false;
    expect(await rpcCall(rpc.url, 'job_status', { job_id: jobId })).toMatchObject({ state: 'crashed' });
    const stored = await storedFindings(jobId);
    expect(stored.length).toBeGreaterThan(5);
    // The replay goes on past the point where the test crashed, so it may ask what the dump never saw.
    const restored = await restoredFindings(jobId);
    expect(diffFindings(stored, restored.findings)).toEqual({ added: [], removed: [], changed: [] });
  }, 60_000);

  it('with keep_recordings, a completed test too', async () => {
    const jobId = await batchTest('www.shop.test');
    expect(await rpcCall(rpc.url, 'job_status', { job_id: jobId })).toMatchObject({ state: 'completed' });
    const restored = await restoredFindings(jobId);
    expect(restored.misses).toBe(0);
    expect(diffFindings(await storedFindings(jobId), restored.findings)).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  }, 60_000);
});

describe('zmtest --diff', () => {
  it('shows what changed when the zone changed between two tests', async () => {
    const before = await batchTest('shop.test');
    // ns2 now refuses every query: the same zone, a changed world
    await tree.stop();
    tree = await startLocalTree(ZONES, { '127.54.2.4': { rcode: 'REFUSED' } });
    await agent.stop(0);
    agent = startAgent(tree.port);
    const run = await cli('zmtest', '--server', rpc.url, '--diff', 'shop.test');
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as {
      from: { job_id: string };
      to: { job_id: string };
      added: Array<Finding & { message: string }>;
      removed: Finding[];
      changed: Finding[];
    };
    expect(diff.from.job_id).toBe(before);
    expect(diff.to.job_id).not.toBe(before);
    expect(diff.added.length).toBeGreaterThan(0);
    expect(diff.added.every((f) => f.message.length > 0)).toBe(true);
    expect(JSON.stringify(diff.added)).toContain('127.54.2.4');
    console.log(
      `diff after ns2 broke: +${diff.added.length} -${diff.removed.length} ~${diff.changed.length}`,
    );
  }, 60_000);
});
