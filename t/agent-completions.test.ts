/** A test's end: completions of several tests in one transaction, each stored or refused on its own claim. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WriteBatcher } from '../src/agent/writeBatcher.js';
import { fromDbJson } from '../src/db/json.js';
import { claimTests, completeTests, type ResultEntryInput } from '../src/db/queue/index.js';
import { LEVEL_VALUE, type Args } from '../src/engine/types.js';
import { entryTags, insertTests, testRow } from './agent.helpers.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

let db: TestDatabase;
let transactions = 0;
beforeAll(async () => {
  db = await createTestDatabase();
  db.knex.on('query', (q: { sql: string }) => {
    if (/^\s*BEGIN/i.test(q.sql)) transactions++;
  });
});
afterAll(async () => db?.destroy());
beforeEach(async () => {
  await db.knex('result_entries').delete();
  await db.knex('test_results').delete();
});

const entry = (tag: string, timestamp = 0.25, args: Args = { ns: 'ns1.a.test' }): ResultEntryInput => ({
  level: 'WARNING',
  module: 'DELEGATION',
  testcase: 'Delegation01',
  tag,
  timestamp,
  args,
});

/** n waiting tests, claimed by agent 'a'. */
async function claimed(n: number): Promise<string[]> {
  const ids = await insertTests(
    db.knex,
    Array.from({ length: n }, () => ({})),
  );
  const tests = await claimTests(db.knex, { agentId: 'a', queue: 0, kind: 'frontend', leaseMs: 60_000 }, n);
  expect(tests).toHaveLength(n);
  transactions = 0; // counted from here (a claim is a transaction on MySQL/MariaDB)
  return ids;
}

/** Another agent owns the test now (it was recovered and claimed again). */
const takeOver = (id: string) => db.knex('test_results').where({ hash_id: id }).update({ claimed_by: 'b' });

describe('completeTests', () => {
  it('stores the completions whose claim held and writes nothing of a lost one', async () => {
    const [kept, lost] = await claimed(2);
    await takeOver(lost!);
    const stored = await completeTests(db.knex, [
      { testId: kept!, agentId: 'a', entries: [entry('K1'), entry('K2')], details: { cpuSeconds: 0.5 } },
      { testId: lost!, agentId: 'a', entries: [entry('L1')], details: { state: 'crashed' } },
    ]);
    expect(stored).toEqual([true, false]);
    expect(transactions).toBe(1);
    expect(await testRow(db.knex, kept!)).toMatchObject({ progress: 100, claimed_by: 'a' });
    expect(await entryTags(db.knex, kept!)).toEqual(['K1', 'K2']);
    expect(await testRow(db.knex, lost!)).toMatchObject({ progress: 1, claimed_by: 'b', ended_at: null });
    expect(await entryTags(db.knex, lost!)).toEqual([]);
  });

  it("keeps each test's entries in order, with their values, across statements", async () => {
    const [first, second] = await claimed(2);
    // 450 + 100 rows: the second test's entries span two INSERTs (500 rows each at most)
    const many = (prefix: string, n: number): ResultEntryInput[] =>
      Array.from({ length: n }, (_, i) =>
        entry(`${prefix}${i}`, i / 8, { ns: `ns${i}.test`, n: i, list: ['x\u00e9"?', `${i}`], none: null }),
      );
    const entries = { [first!]: many('F', 450), [second!]: many('S', 100) };
    expect(
      await completeTests(db.knex, [
        { testId: first!, agentId: 'a', entries: entries[first!]! },
        { testId: second!, agentId: 'a', entries: entries[second!]! },
      ]),
    ).toEqual([true, true]);
    for (const id of [first!, second!]) {
      const rows = (await db
        .knex('result_entries')
        .select('level', 'module', 'testcase', 'tag', 'timestamp', 'args')
        .where({ hash_id: id })
        .orderBy('id')) as Array<Record<string, unknown>>;
      expect(
        rows.map((r) => ({
          ...r,
          level: Number(r.level),
          timestamp: Number(r.timestamp),
          args: fromDbJson(r.args),
        })),
      ).toEqual(entries[id]!.map((e) => ({ ...e, level: LEVEL_VALUE.WARNING })));
    }
  });
});

describe('WriteBatcher.complete', () => {
  it('ends the tests that end together in one transaction, each with its own outcome', async () => {
    const [a, b, lost] = await claimed(3);
    await takeOver(lost!);
    const batcher = new WriteBatcher(db.knex, 250);
    const outcomes = await Promise.all(
      [a!, b!, lost!].map((id) =>
        batcher.complete({ testId: id, agentId: 'a', entries: [entry(`E-${id}`)] }),
      ),
    );
    expect(outcomes).toEqual([true, true, false]);
    expect(transactions).toBe(1);
    for (const id of [a!, b!]) expect(await entryTags(db.knex, id)).toEqual([`E-${id}`]);
    expect(await entryTags(db.knex, lost!)).toEqual([]);

    // a later completion gets a transaction of its own
    const [later] = await claimed(1);
    expect(await batcher.complete({ testId: later!, agentId: 'a', entries: [] })).toBe(true);
    expect(transactions).toBe(1);
  });

  it('a completion the database refuses fails alone; the others of its transaction are stored', async () => {
    const [good, bad] = await claimed(2);
    const batcher = new WriteBatcher(db.knex, 250);
    const refused = { ...entry('BAD'), module: null as unknown as string }; // NOT NULL
    const [stored, failed] = await Promise.allSettled([
      batcher.complete({ testId: good!, agentId: 'a', entries: [entry('GOOD')] }),
      batcher.complete({ testId: bad!, agentId: 'a', entries: [refused] }),
    ]);
    expect(stored).toEqual({ status: 'fulfilled', value: true });
    expect(failed?.status).toBe('rejected');
    expect(await entryTags(db.knex, good!)).toEqual(['GOOD']);
    // rolled back: still running under its claim, so a retry can complete it
    expect(await testRow(db.knex, bad!)).toMatchObject({ progress: 1, claimed_by: 'a' });
    expect(await entryTags(db.knex, bad!)).toEqual([]);
    expect(await batcher.complete({ testId: bad!, agentId: 'a', entries: [entry('RETRIED')] })).toBe(true);
    expect(await entryTags(db.knex, bad!)).toEqual(['RETRIED']);
  });
});
