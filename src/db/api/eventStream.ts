/**
 * The reads behind live event streams (GET /jobs/<id>/events). An entry's row id is its event id: ids grow in the
 * order entries are written and are never reused, so "the entries of a test after id N" is the same answer on
 * every daemon. Every read is bounded: tests in chunks, entries in pages.
 *
 * Cursors are kept per test, never one for all tests: two agents' transactions may commit in the other order
 * than they took their ids, but one test's entries are written by one transaction at a time.
 */
import type { Knex } from 'knex';
import { LEVEL_VALUE } from '../../engine/types.js';
import { fromDbJson } from '../json.js';
import type { JobState } from '../queue/jobState.js';
import { overallResult, type HistoryItem, type ResultEntryRow, type StoredEntry } from './tests.js';

export interface StreamEntry extends StoredEntry {
  /** The row id: the event id of the entry's `finding` event. */
  id: number;
  testId: string;
  /** log_level value of `level`. */
  levelValue: number;
}

export interface StreamJobState {
  progress: number;
  state: JobState;
}

const ENDED: ReadonlySet<string> = new Set(['completed', 'cancelled', 'crashed']);

export function hasEnded(state: JobState): boolean {
  return ENDED.has(state);
}

/** Tests per statement of newEntries: two bound values each, well under every driver's limit. */
export const TESTS_PER_QUERY = 200;
/** Tests per statement of jobStreamStates. */
export const STATES_PER_QUERY = 500;
const LEVEL_NAME = new Map<number, string>(Object.entries(LEVEL_VALUE).map(([name, value]) => [value, name]));

/** Progress and state of each of these tests that exists. */
export async function jobStreamStates(
  knex: Knex,
  testIds: readonly string[],
): Promise<Map<string, StreamJobState>> {
  const states = new Map<string, StreamJobState>();
  for (let i = 0; i < testIds.length; i += STATES_PER_QUERY) {
    const rows = (await knex('test_results')
      .select('hash_id', 'progress', 'state')
      .whereIn('hash_id', testIds.slice(i, i + STATES_PER_QUERY))) as Array<{
      hash_id: string;
      progress: number | string;
      state: JobState;
    }>;
    for (const r of rows) states.set(r.hash_id, { progress: Number(r.progress), state: r.state });
  }
  return states;
}

/** Up to `limit` entries of one test with an id above `afterId`, in id order. */
export async function entriesAfter(
  knex: Knex,
  testId: string,
  afterId: number,
  limit: number,
): Promise<StreamEntry[]> {
  const rows = (await entryColumns(knex('result_entries'))
    .where('hash_id', testId)
    .andWhere('id', '>', afterId)
    .orderBy('id')
    .limit(limit)) as ResultEntryRow[];
  return rows.map(toStreamEntry);
}

export interface NewEntries {
  /** By test, in id order within each test. */
  entries: StreamEntry[];
  /** Tests that may have more entries than were read (a page was full): read again before calling them done. */
  unfinished: Set<string>;
}

/**
 * For each test, its entries with an id above the test's cursor: one statement per TESTS_PER_QUERY tests, each
 * an OR of (hash_id = ? AND id > ?) ranges read in (hash_id, id) index order, at most `limit` rows per statement.
 */
export async function newEntries(
  knex: Knex,
  cursors: ReadonlyMap<string, number>,
  limit: number,
): Promise<NewEntries> {
  const result: NewEntries = { entries: [], unfinished: new Set() };
  const tests = [...cursors];
  for (let i = 0; i < tests.length; i += TESTS_PER_QUERY) {
    const chunk = tests.slice(i, i + TESTS_PER_QUERY);
    const rows = (await entryColumns(knex('result_entries'))
      .where((q) => {
        for (const [testId, after] of chunk)
          q.orWhere((one) => one.where('hash_id', testId).andWhere('id', '>', after));
      })
      .orderBy([{ column: 'hash_id' }, { column: 'id' }])
      .limit(limit)) as ResultEntryRow[];
    // In index order and cut at `limit`: the tests read before the last one are complete, the last one may be
    // cut, and those with no row may come after the cut.
    if (rows.length === limit) {
      const complete = new Set(rows.map((r) => r.hash_id));
      complete.delete(rows.at(-1)!.hash_id);
      for (const [testId] of chunk) if (!complete.has(testId)) result.unfinished.add(testId);
    }
    for (const row of rows) result.entries.push(toStreamEntry(row));
  }
  return result;
}

/** The overall result of a test as domain_history and batch results give it. */
export async function testOverallResult(knex: Knex, testId: string): Promise<HistoryItem['overall_result']> {
  const row = (await knex('result_entries').max({ worst: 'level' }).where('hash_id', testId).first()) as
    { worst: number | string | null } | undefined;
  const worst = row?.worst;
  return overallResult(worst === null || worst === undefined ? null : Number(worst));
}

function entryColumns(query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query.select('id', 'hash_id', 'level', 'module', 'testcase', 'tag', 'timestamp', 'args');
}

function toStreamEntry(r: ResultEntryRow): StreamEntry {
  const levelValue = Number(r.level);
  return {
    id: Number(r.id),
    testId: r.hash_id,
    levelValue,
    level: LEVEL_NAME.get(levelValue) ?? String(levelValue),
    module: r.module,
    testcase: r.testcase,
    tag: r.tag,
    timestamp: Number(r.timestamp),
    args: (fromDbJson<Record<string, unknown> | null>(r.args) ?? {}) as Record<string, unknown>,
  };
}
