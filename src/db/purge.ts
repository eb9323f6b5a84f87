import type { Knex } from 'knex';
import { toDbTime } from './time.js';

export interface PurgeOptions {
  /** Finished tests that ended (or, lacking an end time, were created) more than this many days ago. */
  olderThanDays: number;
  dryRun?: boolean;
  /** Tests deleted per transaction. */
  chunkSize?: number;
  log?: (line: string) => void;
}

export interface PurgeCounts {
  tests: number;
  resultEntries: number;
}

/**
 * Deletes finished tests (progress = 100) older than the cut-off, with their result entries and recordings, one transaction
 * per chunk so a large purge never holds long locks. Tests still waiting or running are never touched.
 * With dryRun, only counts what would be deleted.
 */
export async function purgeFinishedTests(knex: Knex, opts: PurgeOptions): Promise<PurgeCounts> {
  if (!Number.isFinite(opts.olderThanDays) || opts.olderThanDays < 0) {
    throw new RangeError(`olderThanDays must be a non-negative number, got ${opts.olderThanDays}`);
  }
  const chunkSize = opts.chunkSize ?? 1000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new RangeError(`chunkSize must be a positive integer`);
  const cutoff = toDbTime(new Date(Date.now() - opts.olderThanDays * 86_400_000));
  const log = opts.log ?? (() => {});

  if (opts.dryRun) {
    const counts = await countPurgeable(knex, cutoff);
    log(
      `dry run: would delete ${counts.tests} tests and ${counts.resultEntries} result entries ended before ${cutoff}`,
    );
    return counts;
  }

  const total: PurgeCounts = { tests: 0, resultEntries: 0 };
  for (;;) {
    const testIds = (await purgeable(knex, cutoff).select('hash_id').orderBy('id').limit(chunkSize)).map(
      (r: { hash_id: string }) => r.hash_id,
    );
    if (testIds.length === 0) break;
    // The transaction starts with a write, so on SQLite it takes the write lock at once (waiting busy_timeout)
    // instead of upgrading a read snapshot that another process may have made stale.
    const chunk = await knex.transaction(async (trx) => {
      const finished = () => trx('test_results').select('hash_id').where('progress', 100);
      const resultEntries = await trx('result_entries')
        .whereIn('hash_id', testIds)
        .whereIn('hash_id', finished())
        .delete();
      // Only finished tests have recordings; no join, which MySQL refuses on an adopted database's collation.
      await trx('test_recordings').whereIn('hash_id', testIds).delete();
      const tests = await trx('test_results').whereIn('hash_id', testIds).andWhere('progress', 100).delete();
      return { selected: testIds.length, tests, resultEntries };
    });
    total.tests += chunk.tests;
    total.resultEntries += chunk.resultEntries;
    log(`deleted ${chunk.tests} tests and ${chunk.resultEntries} result entries`);
    if (chunk.selected < chunkSize) break;
  }
  return total;
}

function purgeable(knex: Knex, cutoff: string): Knex.QueryBuilder {
  return knex('test_results')
    .where('progress', 100)
    .andWhereRaw('COALESCE(ended_at, created_at) < ?', [cutoff]);
}

async function countPurgeable(knex: Knex, cutoff: string): Promise<PurgeCounts> {
  const tests = await purgeable(knex, cutoff).count({ n: '*' }).first();
  const entries = await knex('result_entries')
    .whereIn('hash_id', purgeable(knex, cutoff).select('hash_id'))
    .count({ n: '*' })
    .first();
  return { tests: Number(tests?.n ?? 0), resultEntries: Number(entries?.n ?? 0) };
}
