import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateLatest } from '../src/db/migrate.js';
import { purgeFinishedTests } from '../src/db/purge.js';
import { toDbTime } from '../src/db/time.js';
import { createTestDatabase, loadReferenceDatabase, target, type TestDatabase } from './lib/db.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => toDbTime(new Date(Date.now() - n * DAY));

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

let serial = 0;
async function addTest(
  knex: Knex,
  row: { progress: number; created: string; started?: string; ended?: string },
  entries: number,
): Promise<string> {
  const testId = `c${String(++serial).padStart(15, '0')}`;
  await knex('test_results').insert({
    hash_id: testId,
    domain: `${testId}.test`,
    created_at: row.created,
    started_at: row.started ?? null,
    ended_at: row.ended ?? null,
    progress: row.progress,
    params: '{}',
  });
  for (let i = 0; i < entries; i++) {
    await knex('result_entries').insert({
      hash_id: testId,
      level: 1,
      module: 'BASIC',
      testcase: 'BASIC01',
      tag: 'B01_PARENT_FOUND',
      timestamp: i,
      args: '{}',
    });
  }
  return testId;
}

async function counts(knex: Knex): Promise<{ tests: number; resultEntries: number }> {
  const tests = await knex('test_results').count({ n: '*' }).first();
  const entries = await knex('result_entries').count({ n: '*' }).first();
  return { tests: Number(tests?.n), resultEntries: Number(entries?.n) };
}

describe(`purging finished tests on ${target()}`, () => {
  it('counts on a dry run, then deletes only old finished tests and their entries, chunk by chunk', async () => {
    db = await createTestDatabase();
    const { knex } = db;
    for (let i = 0; i < 7; i++)
      await addTest(knex, { progress: 100, created: daysAgo(41), ended: daysAgo(40) }, 2);
    // finished but never given an end time: its creation time decides
    await addTest(knex, { progress: 100, created: daysAgo(40) }, 1);
    const keep = [
      await addTest(knex, { progress: 100, created: daysAgo(40), ended: daysAgo(1) }, 3),
      await addTest(knex, { progress: 0, created: daysAgo(40) }, 0),
      await addTest(knex, { progress: 50, created: daysAgo(40), started: daysAgo(40) }, 1),
      await addTest(knex, { progress: 100, created: daysAgo(2), ended: daysAgo(2) }, 1),
    ];
    expect(await counts(knex)).toEqual({ tests: 12, resultEntries: 20 });

    const dryLines: string[] = [];
    const dry = await purgeFinishedTests(knex, {
      olderThanDays: 30,
      dryRun: true,
      log: (l) => dryLines.push(l),
    });
    expect(dry).toEqual({ tests: 8, resultEntries: 15 });
    expect(dryLines).toHaveLength(1);
    expect(await counts(knex)).toEqual({ tests: 12, resultEntries: 20 });

    const lines: string[] = [];
    const done = await purgeFinishedTests(knex, {
      olderThanDays: 30,
      chunkSize: 3,
      log: (l) => lines.push(l),
    });
    expect(done).toEqual({ tests: 8, resultEntries: 15 });
    // ordered by id: tests 1-3 (2 entries each), 4-6 (2 each), 7 (2) and 8 (1)
    expect(lines).toEqual([
      'deleted 3 tests and 6 result entries',
      'deleted 3 tests and 6 result entries',
      'deleted 2 tests and 3 result entries',
    ]);
    const left = await knex('test_results').select('hash_id').orderBy('id');
    expect(left.map((r: { hash_id: string }) => r.hash_id)).toEqual(keep);
    expect(await counts(knex)).toEqual({ tests: 4, resultEntries: 5 });

    expect(await purgeFinishedTests(knex, { olderThanDays: 30 })).toEqual({ tests: 0, resultEntries: 0 });
    expect(await purgeFinishedTests(knex, { olderThanDays: 0 })).toEqual({ tests: 2, resultEntries: 4 });
    expect(await counts(knex)).toEqual({ tests: 2, resultEntries: 1 });
  });

  it('purges an adopted reference database without touching waiting and running tests', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex } = db;
    await loadReferenceDatabase(knex);
    await migrateLatest(knex);
    expect(await purgeFinishedTests(knex, { olderThanDays: 365, chunkSize: 2 })).toEqual({
      tests: 3,
      resultEntries: 4,
    });
    const left = await knex('test_results').select('hash_id', 'progress').orderBy('id');
    expect(left).toEqual([
      { hash_id: 'a000000000000001', progress: 0 },
      { hash_id: 'a000000000000002', progress: 40 },
    ]);
    expect(await counts(knex)).toEqual({ tests: 2, resultEntries: 0 });
  });

  it('rejects a negative age or chunk size', async () => {
    db = await createTestDatabase();
    await expect(purgeFinishedTests(db.knex, { olderThanDays: -1 })).rejects.toThrow(RangeError);
    await expect(purgeFinishedTests(db.knex, { olderThanDays: 1, chunkSize: 0 })).rejects.toThrow(RangeError);
  });
});
