/** The queue's SQL operations, each against a real database ($TARGET). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appendResultEntries,
  claimTest,
  completeTest,
  handBackTest,
  recoverExpiredTests,
  renewLease,
} from '../src/db/queue/index.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { entryTags, insertTest, insertTests, testRow } from './agent.helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.destroy());
beforeEach(async () => {
  await db.knex('result_entries').delete();
  await db.knex('test_results').delete();
});

const LEASE = 60_000;
const claim = (agentId: string, kind: 'frontend' | 'batch' = 'frontend', queue = 0, now?: number) =>
  claimTest(db.knex, { agentId, queue, kind, leaseMs: LEASE, now });
const info = (tag: string) => ({
  level: 'INFO' as const,
  module: 'BASIC',
  testcase: 'Basic01',
  tag,
  timestamp: 1,
  args: { ns: 'a' },
});

describe('claimTest', () => {
  it('takes the highest priority first, then the oldest', async () => {
    const [low, highOld, highNew] = await insertTests(db.knex, [
      { priority: 5 },
      { priority: 10 },
      { priority: 10 },
    ]);
    expect((await claim('a'))?.testId).toBe(highOld);
    expect((await claim('a'))?.testId).toBe(highNew);
    expect((await claim('a'))?.testId).toBe(low);
    expect(await claim('a')).toBeUndefined();
  });

  it('marks the claim: progress 1, owner, attempt count, start time', async () => {
    const id = await insertTest(db.knex, {
      domain: 'zone.test',
      params: { nameservers: [{ ns: 'ns.zone.test' }] },
    });
    const claimed = await claim('agent-1');
    expect(claimed).toMatchObject({ testId: id, domain: 'zone.test', batchId: null, attempts: 1 });
    expect(claimed?.params.nameservers).toEqual([{ ns: 'ns.zone.test' }]);
    const row = await testRow(db.knex, id);
    expect(row).toMatchObject({ progress: 1, claimed_by: 'agent-1', attempts: 1 });
    expect(row.started_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('serves only its queue and keeps batch and frontend tests apart', async () => {
    const [q1, batch, front] = await insertTests(db.knex, [{ queue: 1 }, { batchId: 7, priority: 5 }, {}]);
    expect((await claim('a', 'frontend', 1))?.testId).toBe(q1);
    expect(await claim('a', 'frontend', 1)).toBeUndefined();
    expect((await claim('a', 'batch'))?.testId).toBe(batch);
    expect(await claim('a', 'batch')).toBeUndefined();
    expect((await claim('a', 'frontend'))?.testId).toBe(front);
  });

  it('gives each test to exactly one of many concurrent claimers', async () => {
    const ids = await insertTests(
      db.knex,
      Array.from({ length: 40 }, () => ({})),
    );
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, n) => {
        for (;;) {
          const t = await claim(`agent-${n}`);
          if (!t) return;
          claimed.push(t.testId);
        }
      }),
    );
    expect(claimed.sort()).toEqual([...ids].sort());
  });
});

describe('writes guarded by the claim', () => {
  it('appends entries and raises progress only for the owner', async () => {
    const id = await insertTest(db.knex);
    await claim('owner');
    expect(
      await appendResultEntries(
        db.knex,
        id,
        { agentId: 'owner', leaseUntil: Date.now() + LEASE },
        [info('A')],
        40,
      ),
    ).toBe(true);
    expect(
      await appendResultEntries(
        db.knex,
        id,
        { agentId: 'thief', leaseUntil: Date.now() + LEASE },
        [info('B')],
        60,
      ),
    ).toBe(false);
    expect(await renewLease(db.knex, id, { agentId: 'owner', leaseUntil: Date.now() + LEASE }, 20)).toBe(
      true,
    );
    expect(await entryTags(db.knex, id)).toEqual(['A']);
    expect((await testRow(db.knex, id)).progress).toBe(40);
  });

  it('completes once, with the last entries, and never twice', async () => {
    const id = await insertTest(db.knex);
    await claim('owner');
    expect(await completeTest(db.knex, id, 'thief', [info('X')])).toBe(false);
    expect(await completeTest(db.knex, id, 'owner', [info('END')])).toBe(true);
    expect(await completeTest(db.knex, id, 'owner', [info('AGAIN')])).toBe(false);
    const row = await testRow(db.knex, id);
    expect(row.progress).toBe(100);
    expect(row.ended_at).not.toBeNull();
    expect(await entryTags(db.knex, id)).toEqual(['END']);
  });

  it('hands a test back: waiting again, partial entries gone, attempt not counted', async () => {
    const id = await insertTest(db.knex);
    await claim('owner');
    await appendResultEntries(db.knex, id, { agentId: 'owner', leaseUntil: Date.now() + LEASE }, [info('A')]);
    expect(await handBackTest(db.knex, id, 'owner')).toBe(true);
    expect(await testRow(db.knex, id)).toMatchObject({
      progress: 0,
      claimed_by: null,
      attempts: 0,
      started_at: null,
    });
    expect(await entryTags(db.knex, id)).toEqual([]);
    expect((await claim('next'))?.attempts).toBe(1);
  });
});

describe('recoverExpiredTests', () => {
  it('re-queues a test whose lease expired, then gives up with TEST_DIED after the second run', async () => {
    const id = await insertTest(db.knex);
    const past = Date.now() - 2 * LEASE;
    await claim('dead-1', 'frontend', 0, past);
    await appendResultEntries(db.knex, id, { agentId: 'dead-1', leaseUntil: past + 10 }, [info('PARTIAL')]);
    expect(await recoverExpiredTests(db.knex)).toEqual({ requeued: [id], died: [] });
    expect(await testRow(db.knex, id)).toMatchObject({ progress: 0, claimed_by: null, attempts: 1 });
    expect(await entryTags(db.knex, id)).toEqual([]);

    await claim('dead-2', 'frontend', 0, past);
    await appendResultEntries(db.knex, id, { agentId: 'dead-2', leaseUntil: past + 10 }, [info('SECOND')]);
    // The old owner's late writes are refused once the test is taken over.
    expect(await recoverExpiredTests(db.knex)).toEqual({ requeued: [], died: [id] });
    expect(
      await appendResultEntries(db.knex, id, { agentId: 'dead-2', leaseUntil: Date.now() }, [info('LATE')]),
    ).toBe(false);
    expect(await testRow(db.knex, id)).toMatchObject({ progress: 100, attempts: 2 });
    expect(await entryTags(db.knex, id)).toEqual(['SECOND', 'TEST_DIED']);
  });

  it('leaves tests with a live lease alone', async () => {
    const id = await insertTest(db.knex);
    await claim('alive');
    expect(await recoverExpiredTests(db.knex)).toEqual({ requeued: [], died: [] });
    expect((await testRow(db.knex, id)).claimed_by).toBe('alive');
  });
});
