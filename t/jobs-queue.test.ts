/** The stored job states through every queue operation, cancellation, recordings and the state backfill ($TARGET). */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getRecording } from '../src/db/api/jobs.js';
import { migrateDown, migrateLatest, migrationStatus } from '../src/db/migrate.js';
import { purgeFinishedTests } from '../src/db/purge.js';
import {
  appendResultEntries,
  cancelTests,
  cancelledAmong,
  claimTest,
  completeTest,
  finishCancelledTest,
  handBackTest,
  recoverExpiredTests,
  storeRecording,
} from '../src/db/queue/index.js';
import { toDbTime } from '../src/db/time.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { entryTags, insertTest, insertTests } from './agent.helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.destroy());
beforeEach(async () => {
  await db.knex('result_entries').delete();
  await db.knex('test_recordings').delete();
  await db.knex('test_results').delete();
});

const LEASE = 60_000;
const claim = (agentId: string, now?: number) =>
  claimTest(db.knex, { agentId, queue: 0, kind: 'frontend', leaseMs: LEASE, now });
const info = (tag: string) => ({
  level: 'INFO' as const,
  module: 'BASIC',
  testcase: 'Basic01',
  tag,
  timestamp: 1,
  args: {},
});
const stateOf = async (testId: string) =>
  ((await db.knex('test_results').first('state').where({ hash_id: testId })) as { state: string }).state;
const row = async (testId: string) =>
  (await db.knex('test_results').first('state', 'progress', 'ended_at', 'claimed_by', 'cpu_seconds').where({
    hash_id: testId,
  })) as {
    state: string;
    progress: number;
    ended_at: unknown;
    claimed_by: string | null;
    cpu_seconds: unknown;
  };

describe('job states written by the queue operations', () => {
  it('waiting → running → completed, with the CPU time', async () => {
    const id = await insertTest(db.knex);
    expect(await stateOf(id)).toBe('waiting');
    await claim('a');
    expect(await stateOf(id)).toBe('running');
    expect(await completeTest(db.knex, id, 'a', [], { cpuSeconds: 0.25 })).toBe(true);
    const r = await row(id);
    expect(r.state).toBe('completed');
    expect(Number(r.cpu_seconds)).toBeCloseTo(0.25);
  });

  it('a run ended by TEST_DIED or the time limit is crashed', async () => {
    const id = await insertTest(db.knex);
    await claim('a');
    await completeTest(db.knex, id, 'a', [], { state: 'crashed' });
    expect(await stateOf(id)).toBe('crashed');
  });

  it('hand-back and recovery put a test back to waiting; a second death is crashed', async () => {
    const id = await insertTest(db.knex);
    await claim('a');
    expect(await handBackTest(db.knex, id, 'a')).toBe(true);
    expect(await stateOf(id)).toBe('waiting');

    const t0 = Date.now();
    await claim('a', t0);
    expect((await recoverExpiredTests(db.knex, { now: t0 + LEASE + 1 })).requeued).toEqual([id]);
    expect(await stateOf(id)).toBe('waiting');
    await claim('b', t0 + LEASE + 2);
    expect((await recoverExpiredTests(db.knex, { now: t0 + 3 * LEASE })).died).toEqual([id]);
    expect(await stateOf(id)).toBe('crashed');
    expect(await entryTags(db.knex, id)).toEqual(['TEST_DIED']);
  });
});

describe('cancelTests', () => {
  it('finishes a waiting test at once: cancelled, progress 100, never claimed', async () => {
    const id = await insertTest(db.knex);
    expect(await cancelTests(db.knex, { testId: id })).toBe(1);
    expect(await row(id)).toMatchObject({ state: 'cancelled', progress: 100 });
    expect((await row(id)).ended_at).not.toBeNull();
    expect(await claim('a')).toBeUndefined();
    expect(await cancelTests(db.knex, { testId: id })).toBe(0);
  });

  it("cancels a batch's unfinished tests only", async () => {
    const [done, running, waiting, other] = await insertTests(db.knex, [
      { batchId: 7 },
      { batchId: 7 },
      { batchId: 7 },
      { batchId: 8 },
    ]);
    const claimBatch = () => claimTest(db.knex, { agentId: 'a', queue: 0, kind: 'batch', leaseMs: LEASE });
    await claimBatch();
    await completeTest(db.knex, done!, 'a', []);
    await claimBatch();
    expect(await cancelTests(db.knex, { batchId: 7 })).toBe(2);
    expect(await stateOf(done!)).toBe('completed');
    expect(await stateOf(running!)).toBe('cancelled');
    expect(await stateOf(waiting!)).toBe('cancelled');
    expect(await stateOf(other!)).toBe('waiting');
  });

  it('the running agent sees the cancellation, cannot complete, and stores its last findings once', async () => {
    const [id, untouched] = await insertTests(db.knex, [{}, {}]);
    await claim('a');
    await claim('a');
    expect(
      await appendResultEntries(db.knex, id!, { agentId: 'a', leaseUntil: Date.now() + LEASE }, [
        info('FIRST'),
      ]),
    ).toBe(true);
    expect(await cancelledAmong(db.knex, 'a', [id!, untouched!])).toEqual([]);
    await cancelTests(db.knex, { testId: id! });
    expect(await cancelledAmong(db.knex, 'a', [id!, untouched!])).toEqual([id]);
    expect(await cancelledAmong(db.knex, 'b', [id!])).toEqual([]);
    expect(
      await appendResultEntries(db.knex, id!, { agentId: 'a', leaseUntil: Date.now() + LEASE }, [info('X')]),
    ).toBe(false);
    expect(await completeTest(db.knex, id!, 'a', [info('X')])).toBe(false);
    expect(await finishCancelledTest(db.knex, id!, 'b', [info('THIEF')])).toBe(false);
    expect(await finishCancelledTest(db.knex, id!, 'a', [info('LAST')], 0.5)).toBe(true);
    expect(await finishCancelledTest(db.knex, id!, 'a', [info('AGAIN')])).toBe(false);
    expect(await entryTags(db.knex, id!)).toEqual(['FIRST', 'LAST']);
    expect(await row(id!)).toMatchObject({ state: 'cancelled', progress: 100, claimed_by: null });
    expect(await cancelledAmong(db.knex, 'a', [id!])).toEqual([]);
    expect(await finishCancelledTest(db.knex, untouched!, 'a', [])).toBe(false);
  });
});

describe('storeRecording', () => {
  it('keeps the recording compressed, replaces it on a re-run, and purge removes it with its test', async () => {
    const id = await insertTest(db.knex);
    const text = 'ns1.zone.test 127.0.0.1 {"key":null}\n'.repeat(50);
    await storeRecording(db.knex, id, 'first');
    await storeRecording(db.knex, id, text);
    const stored = (await db.knex('test_recordings').first('recording').where({ hash_id: id })) as {
      recording: string;
    };
    expect(stored.recording.length).toBeLessThan(text.length / 4);
    expect(gunzipSync(Buffer.from(stored.recording, 'base64')).toString()).toBe(text);
    expect(await getRecording(db.knex, id)).toBe(text);

    const old = toDbTime(new Date(Date.now() - 40 * 86_400_000));
    await db
      .knex('test_results')
      .where({ hash_id: id })
      .update({ progress: 100, state: 'completed', ended_at: old });
    await purgeFinishedTests(db.knex, { olderThanDays: 30 });
    expect(await getRecording(db.knex, id)).toBeUndefined();
  });
});

describe('migration 0003', () => {
  it('backfills the states of existing rows from progress and the Backend messages', async () => {
    while ((await migrationStatus(db.knex)).applied.includes('0003_job_states')) await migrateDown(db.knex);
    try {
      const ids = await insertTests(db.knex, [{}, {}, {}, {}, {}]);
      const [, running, completed, died, timedOut] = ids;
      await db.knex('test_results').where({ hash_id: running }).update({ progress: 40 });
      await db.knex('test_results').whereIn('hash_id', [completed, died, timedOut]).update({ progress: 100 });
      const entry = (hash_id: string, tag: string) => ({
        hash_id,
        level: 5,
        module: 'Backend',
        testcase: 'Unspecified',
        tag,
        timestamp: 1,
        args: '{}',
      });
      await db
        .knex('result_entries')
        .insert([
          { ...entry(completed!, 'B01_PARENT_FOUND'), module: 'BASIC', level: 1 },
          entry(died!, 'TEST_DIED'),
          entry(timedOut!, 'UNABLE_TO_FINISH_TEST'),
        ]);
    } finally {
      await migrateLatest(db.knex);
    }
    const rows = (await db.knex('test_results').select('state').orderBy('id')) as Array<{ state: string }>;
    expect(rows.map((r) => r.state)).toEqual(['waiting', 'running', 'completed', 'crashed', 'crashed']);
  });
});
