/**
 * A batch's results read page by page in test id order (keyset pagination on batch_id, id): memory holds one
 * page whatever the batch's size, and each page is one indexed range read plus one read of its entries.
 */
import type { Knex } from 'knex';
import { fromDbJson } from '../json.js';
import type { JobState } from '../queue/jobState.js';
import { overallResult, type HistoryItem, type StoredEntry } from './tests.js';

export interface BatchTestResult {
  job_id: string;
  domain: string;
  state: JobState;
  overall_result: HistoryItem['overall_result'];
  /** Entries at or above the requested level, in time order (levels by name). */
  entries: StoredEntry[];
}

// log_level value of WARNING: the overall result is decided by entries at WARNING and above
const WARNING = 3;

export async function* batchResultPages(
  knex: Knex,
  batchId: number,
  minLevel: number,
  pageSize = 500,
): AsyncGenerator<BatchTestResult[]> {
  let after = 0;
  const readLevel = Math.min(minLevel, WARNING);
  for (;;) {
    const tests = (await knex('test_results')
      .select('id', 'hash_id', 'domain', 'state')
      .where('batch_id', batchId)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(pageSize)) as Array<{ id: number; hash_id: string; domain: string; state: JobState }>;
    if (tests.length === 0) return;
    after = Number(tests.at(-1)!.id);
    const rows = (await knex('result_entries as r')
      .join('log_level as l', 'r.level', 'l.value')
      .select('r.hash_id', 'r.level as value', 'l.level', 'r.module', 'r.testcase', 'r.tag', 'r.timestamp', 'r.args')
      .whereIn(
        'r.hash_id',
        tests.map((t) => t.hash_id),
      )
      .andWhere('r.level', '>=', readLevel)
      .orderBy('r.timestamp')) as Array<{
      hash_id: string;
      value: number | string;
      level: string;
      module: string;
      testcase: string;
      tag: string;
      timestamp: number | string;
      args: unknown;
    }>;
    const byTest = new Map<string, { worst: number | null; entries: StoredEntry[] }>(
      tests.map((t) => [t.hash_id, { worst: null, entries: [] }]),
    );
    for (const r of rows) {
      const test = byTest.get(r.hash_id)!;
      const value = Number(r.value);
      if (value >= WARNING && (test.worst === null || value > test.worst)) test.worst = value;
      if (value < minLevel) continue;
      test.entries.push({
        level: r.level,
        module: r.module,
        testcase: r.testcase,
        tag: r.tag,
        timestamp: Number(r.timestamp),
        args: (fromDbJson<Record<string, unknown> | null>(r.args) ?? {}) as Record<string, unknown>,
      });
    }
    yield tests.map((t) => {
      const { worst, entries } = byTest.get(t.hash_id)!;
      return { job_id: t.hash_id, domain: t.domain, state: t.state, overall_result: overallResult(worst), entries };
    });
  }
}
