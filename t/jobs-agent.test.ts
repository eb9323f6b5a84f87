/**
 * The agent and the job methods together on a real database ($TARGET) with a stand-in engine: cancellation of a
 * running test and of a 1,000-test batch half-way, stored CPU time, recordings of crashed runs.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestAgent, type AgentOptions } from '../src/agent/index.js';
import { rpcCall } from '../src/agent/rpcClient.js';
import type { Config } from '../src/config/types.js';
import { getRecording } from '../src/db/api/jobs.js';
import { cancelTests } from '../src/db/queue/index.js';
import type { RunOptions, RunResult } from '../src/engine/types.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { allDone, entryTags, insertTest, sleep, standInRunner, waitFor } from './agent.helpers.js';

let db: TestDatabase;
let rpc: RunningRpcServer;
const agents: TestAgent[] = [];
beforeAll(async () => {
  db = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_api_user: 'yes' } } });
  const silent = pino({ level: 'silent' });
  rpc = await startRpcServer(db.config, { port: 0, logger: silent, deps: { knex: db.knex, logger: silent } });
  await rpcCall(rpc.url, 'user_create', { username: 'registry', api_key: 'registry-key' });
});
afterAll(async () => {
  await rpc?.close();
  await db?.destroy();
});
beforeEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop(0)));
  await db.knex('result_entries').delete();
  await db.knex('test_recordings').delete();
  await db.knex('test_results').delete();
});

function startAgent(opts: Partial<AgentOptions> & { zonemaster?: Partial<Config['ZONEMASTER']> } = {}) {
  const { zonemaster, ...rest } = opts;
  const agent = new TestAgent({
    config: { ...db.config, ZONEMASTER: { ...db.config.ZONEMASTER, ...zonemaster } },
    knex: db.knex,
    pollMs: 20,
    flushMs: 20,
    runner: standInRunner(),
    ...rest,
  });
  agent.start();
  agents.push(agent);
  return agent;
}

const jobStatus = (jobId: string) =>
  rpcCall<Record<string, unknown>>(rpc.url, 'job_status', { job_id: jobId });

describe('cancelling a running test', () => {
  it('stops the engine within a second, keeps the findings so far, and ends cancelled', async () => {
    const id = await insertTest(db.knex);
    let aborted: number | undefined;
    const slow = standInRunner({ cases: 100, caseMs: 100 });
    startAgent({
      runner: (run) => {
        run.signal?.addEventListener('abort', () => (aborted = Date.now()), { once: true });
        return slow(run);
      },
    });
    await waitFor(async () => (await entryTags(db.knex, id)).length >= 3);
    expect(await jobStatus(id)).toMatchObject({ state: 'running', ended_at: null });
    const cancelledAt = Date.now();
    expect(await rpcCall(rpc.url, 'job_cancel', { job_id: id })).toEqual({
      job_id: id,
      cancelled: true,
      state: 'cancelled',
    });
    await waitFor(() => aborted !== undefined, 3000, 10);
    const stoppedIn = aborted! - cancelledAt;
    console.log(`running test stopped ${stoppedIn} ms after job_cancel`);
    expect(stoppedIn).toBeLessThanOrEqual(1500);
    const claimedBy = async () =>
      ((await db.knex('test_results').first('claimed_by').where({ hash_id: id })) as { claimed_by: unknown })
        .claimed_by;
    await waitFor(async () => (await claimedBy()) === null);
    const tags = await entryTags(db.knex, id);
    expect(tags.slice(0, 3)).toEqual(['T1', 'T2', 'T3']);
    // every case that ran before the abort is kept: T1..Tn without a gap
    expect(tags).toEqual(tags.map((_, i) => `T${i + 1}`));
    expect(await jobStatus(id)).toMatchObject({ progress: 100, state: 'cancelled' });
    expect(await rpcCall(rpc.url, 'job_cancel', { job_id: id })).toMatchObject({
      cancelled: false,
      state: 'cancelled',
    });
  });

  it('stops a test that writes nothing (waiting on a slow server) within a second, through the cancel check', async () => {
    const id = await insertTest(db.knex);
    let aborted: number | undefined;
    startAgent({
      flushMs: 250,
      runner: (run) =>
        new Promise((_, reject) =>
          run.signal?.addEventListener('abort', () => {
            aborted = Date.now();
            reject(new Error('aborted'));
          }),
        ),
    });
    await waitFor(async () => (await jobStatus(id)).state === 'running');
    await sleep(300);
    const cancelledAt = Date.now();
    await rpcCall(rpc.url, 'job_cancel', { job_id: id });
    await waitFor(() => aborted !== undefined, 3000, 10);
    console.log(`silent test stopped ${aborted! - cancelledAt} ms after job_cancel`);
    expect(aborted! - cancelledAt).toBeLessThanOrEqual(1500);
    await waitFor(async () => (await jobStatus(id)).state === 'cancelled');
    expect(await entryTags(db.knex, id)).toEqual([]);
  });
});

describe('a batch of 1,000 cancelled half-way', () => {
  it('runs no test after batch_cancel and its counts per state add up', async () => {
    const starts: number[] = [];
    const ends: number[] = [];
    const fast = standInRunner({
      cases: 3,
      caseMs: 5,
      onStart: () => starts.push(Date.now()),
      onEnd: () => ends.push(Date.now()),
    });
    const domains = Array.from({ length: 1000 }, (_, i) => `d${i}.example`);
    const { batch_id: batchId } = await rpcCall<{ batch_id: number }>(rpc.url, 'batch_create', {
      username: 'registry',
      api_key: 'registry-key',
      domains,
    });
    startAgent({ runner: fast, zonemaster: { number_of_processes_for_batch_testing: 20 } });
    const countsOf = async () =>
      (await rpcCall<{ counts: Record<string, number> }>(rpc.url, 'batch_status', { batch_id: batchId }))
        .counts;
    await waitFor(async () => (await countsOf()).completed >= 500, 60_000, 20);

    const answer = await rpcCall<{ batch_id: number; cancelled: number }>(rpc.url, 'batch_cancel', {
      username: 'registry',
      api_key: 'registry-key',
      batch_id: batchId,
    });
    const cancelledAt = Date.now();
    const startedBefore = starts.length;
    await sleep(1500);

    expect(starts.filter((t) => t > cancelledAt)).toEqual([]);
    expect(starts.length).toBe(startedBefore);
    expect(ends.length).toBe(starts.length);
    const counts = await countsOf();
    console.log(
      `batch of 1000 cancelled: ${JSON.stringify(counts)}, ${answer.cancelled} cancelled by the call`,
    );
    expect(counts.waiting).toBe(0);
    expect(counts.running).toBe(0);
    expect(counts.crashed).toBe(0);
    expect(counts.completed + counts.cancelled).toBe(1000);
    expect(counts.cancelled).toBe(answer.cancelled);
    expect(counts.completed).toBeGreaterThanOrEqual(500);
    expect(counts.cancelled).toBeGreaterThan(0);
    const status = await rpcCall<Record<string, number>>(rpc.url, 'batch_status', { batch_id: batchId });
    expect(status).toMatchObject({ waiting_count: 0, running_count: 0, finished_count: 1000 });
    const listed = await rpcCall<{ batches: Array<{ batch_id: number; counts: Record<string, number> }> }>(
      rpc.url,
      'batch_list',
      { username: 'registry', api_key: 'registry-key' },
    );
    expect(listed.batches.find((b) => b.batch_id === batchId)?.counts).toEqual(counts);
  }, 90_000);
});

describe('what the agent stores about a run', () => {
  const recordingRunner =
    (fail: boolean) =>
    async (run: RunOptions): Promise<RunResult> => {
      let received = 0;
      run.onRecording?.(() => `ns1.zone.test 127.0.0.1 {"received":${received}}\n`);
      received = 2;
      run.onMessage?.({
        timestamp: 0,
        module: 'BASIC',
        testcase: 'Basic01',
        tag: 'T1',
        args: {},
        level: 'INFO',
      });
      if (fail) throw new Error('engine exploded');
      return { messages: [], save: () => '' };
    };

  it('a crashed run: state crashed, its DNS responses recorded as they were when it died', async () => {
    const id = await insertTest(db.knex);
    startAgent({ runner: recordingRunner(true) });
    await waitFor(() => allDone(db.knex, [id]));
    expect(await entryTags(db.knex, id)).toEqual(['T1', 'TEST_DIED']);
    expect(await jobStatus(id)).toMatchObject({ state: 'crashed' });
    expect(await getRecording(db.knex, id)).toBe('ns1.zone.test 127.0.0.1 {"received":2}\n');
  });

  it('a completed run is recorded only with keep_recordings, and its CPU time is stored', async () => {
    const plain = await insertTest(db.knex);
    const agent = startAgent({ runner: recordingRunner(false) });
    await waitFor(() => allDone(db.knex, [plain]));
    await agent.stop(0);
    const kept = await insertTest(db.knex);
    startAgent({ runner: recordingRunner(false), zonemaster: { keep_recordings: true } });
    await waitFor(() => allDone(db.knex, [kept]));
    expect(await getRecording(db.knex, plain)).toBeUndefined();
    expect(await getRecording(db.knex, kept)).toContain('"received":2');
    const cpu = (await db
      .knex('test_results')
      .select('cpu_seconds')
      .whereIn('hash_id', [plain, kept])) as Array<{
      cpu_seconds: unknown;
    }>;
    for (const row of cpu) expect(Number(row.cpu_seconds)).toBeGreaterThanOrEqual(0);
    expect(cpu.every((r) => r.cpu_seconds !== null)).toBe(true);
  });

  it('cancelTests on a test no agent runs any more leaves nothing running', async () => {
    const id = await insertTest(db.knex);
    expect(await cancelTests(db.knex, { testId: id })).toBe(1);
    startAgent();
    await sleep(200);
    expect(await jobStatus(id)).toMatchObject({ state: 'cancelled', started_at: null });
  });
});
