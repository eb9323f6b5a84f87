/**
 * A batch's results read page by page in test id order (keyset pagination on batch_id, id): memory holds one
 * page whatever the batch's size, and each page is one indexed range read plus one read of its entries.
 */
import type { Knex } from 'knex';
import { LEVEL_VALUE } from '../../engine/types.js';
import { fromDbJson } from '../json.js';
import type { JobState } from '../queue/jobState.js';
import { overallResult, type HistoryItem, type ResultEntryRow, type StoredEntry } from './tests.js';

export interface BatchTestResult {
  job_id: string;
  domain: string;
  state: JobState;
  overall_result: HistoryItem['overall_result'];
  /** Entries at or above the requested level, in time order (levels by name). */
  entries: StoredEntry[];
}

// log_level value of WARNING: the overall result is decided by entries at WARNING and above
const WARNING = LEVEL_VALUE.WARNING;
const LEVEL_NAME = new Map<number, string>(Object.entries(LEVEL_VALUE).map(([name, value]) => [value, name]));

export async function* batchResultPages(
  knex: Knex,
  batchId: number,
  minLevel: number,
  pageSize = 500,
): AsyncGenerator<BatchTestResult[]> {
  let after = 0;
  for (;;) {
    const tests = (await knex('test_results')
      .select('id', 'hash_id', 'domain', 'state')
      .where('batch_id', batchId)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(pageSize)) as Array<{ id: number; hash_id: string; domain: string; state: JobState }>;
    if (tests.length === 0) return;
    after = Number(tests.at(-1)!.id);
    // Only the hash_id condition in SQL: with a level condition too, MySQL and PostgreSQL may pick the level
    // index and scan every entry of the table for each page.
    const rows = (await knex('result_entries')
      .select('hash_id', 'level', 'module', 'testcase', 'tag', 'timestamp', 'args')
      .whereIn(
        'hash_id',
        tests.map((t) => t.hash_id),
      )) as Array<Omit<ResultEntryRow, 'id'>>;
    const byTest = new Map<string, { worst: number | null; entries: StoredEntry[] }>(
      tests.map((t) => [t.hash_id, { worst: null, entries: [] }]),
    );
    rows.sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
    for (const r of rows) {
      const test = byTest.get(r.hash_id)!;
      const value = Number(r.level);
      if (value >= WARNING && (test.worst === null || value > test.worst)) test.worst = value;
      if (value < minLevel) continue;
      test.entries.push({
        level: LEVEL_NAME.get(value) ?? String(value),
        module: r.module,
        testcase: r.testcase,
        tag: r.tag,
        timestamp: Number(r.timestamp),
        args: (fromDbJson<Record<string, unknown> | null>(r.args) ?? {}) as Record<string, unknown>,
      });
    }
    yield tests.map((t) => {
      const { worst, entries } = byTest.get(t.hash_id)!;
      return {
        job_id: t.hash_id,
        domain: t.domain,
        state: t.state,
        overall_result: overallResult(worst),
        entries,
      };
    });
  }
}
