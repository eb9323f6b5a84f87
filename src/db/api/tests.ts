/**
 * The statements behind the test methods of the RPC API: create a test (or find one to reuse), read its
 * progress, params and results, and the history of a domain.
 */
import type { Knex } from 'knex';
import { dialectOf } from '../connection.js';
import { fromDbJson, toDbJson } from '../json.js';
import { toApiTime } from '../time.js';

export interface NewTestRow {
  hash_id: string;
  domain: string;
  batch_id: number | null;
  created_at: string;
  priority: number;
  queue: number;
  fingerprint: string;
  params: Record<string, unknown>;
  undelegated: boolean;
}

/** The columns a new test row sets, in the order the multi-row inserts list them. */
export const TEST_ROW_COLUMNS = [
  'hash_id',
  'domain',
  'batch_id',
  'created_at',
  'priority',
  'queue',
  'fingerprint',
  'params',
  'undelegated',
] as const;

export function toInsertRow(row: NewTestRow): Record<string, unknown> {
  return { ...row, params: toDbJson(row.params), undelegated: row.undelegated ? 1 : 0 };
}

/**
 * A single (non-batch) test with this fingerprint that is still waiting or started at or after `startedSince`
 * (database time text), and was not cancelled (asking again after a cancel means running it). The newest one
 * wins when there are several.
 */
export async function findReusableTest(
  db: Knex | Knex.Transaction,
  fingerprint: string,
  startedSince: string,
  connection?: unknown,
): Promise<string | undefined> {
  const query = db('test_results')
    .select('hash_id')
    .where('fingerprint', fingerprint)
    .whereNull('batch_id')
    .andWhere((q) => q.whereNull('started_at').orWhere('started_at', '>=', startedSince))
    .andWhereNot('state', 'cancelled')
    .orderBy('id', 'desc')
    .first();
  const row = (await (connection ? query.connection(connection) : query)) as { hash_id: string } | undefined;
  return row?.hash_id;
}

export async function insertTest(knex: Knex, row: NewTestRow): Promise<void> {
  await knex('test_results').insert(toInsertRow(row));
}

// PostgreSQL: the reuse lookup and the insert in one statement, one round trip.
const PG_CREATE_OR_REUSE = `
  WITH reusable AS (
    SELECT hash_id FROM test_results
    WHERE fingerprint = ? AND batch_id IS NULL AND (started_at IS NULL OR started_at >= ?::timestamp)
      AND state <> 'cancelled'
    ORDER BY id DESC LIMIT 1
  ), inserted AS (
    INSERT INTO test_results (hash_id, domain, batch_id, created_at, priority, queue, fingerprint, params, undelegated)
    SELECT ?::varchar, ?::varchar, NULL, ?::timestamp, ?::integer, ?::integer, ?::varchar, ?::json, ?::integer
    WHERE NOT EXISTS (SELECT 1 FROM reusable)
    RETURNING hash_id
  )
  SELECT hash_id FROM reusable UNION ALL SELECT hash_id FROM inserted`;

/**
 * The id of a reusable test (see findReusableTest) with `row`'s fingerprint, or else `row` inserted and its id.
 * The lookup and the insert are atomic per fingerprint, so a burst of identical requests creates one test:
 * PostgreSQL takes a transaction-scoped advisory lock on the fingerprint, MySQL/MariaDB a named lock held around
 * both statements, SQLite runs both in one transaction on its single connection.
 */
export async function createOrReuseTest(knex: Knex, row: NewTestRow, startedSince: string): Promise<string> {
  switch (dialectOf(knex)) {
    case 'pg':
      return knex.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`zm-reuse:${row.fingerprint}`]);
        return pgCreateOrReuse(trx, row, startedSince);
      });
    case 'mysql':
      return withMysqlNamedLock(knex, `zm-reuse:${row.fingerprint}`, (conn) =>
        reuseOrInsert(knex, row, startedSince, conn),
      );
    case 'sqlite':
      return knex.transaction((trx) => reuseOrInsert(trx, row, startedSince));
  }
}

async function pgCreateOrReuse(
  trx: Knex.Transaction,
  row: NewTestRow,
  startedSince: string,
): Promise<string> {
  const r = toInsertRow(row);
  // batch_id is NULL in the statement itself
  const columns = TEST_ROW_COLUMNS.filter((c) => c !== 'batch_id');
  const result = (await trx.raw(PG_CREATE_OR_REUSE, [
    row.fingerprint,
    startedSince,
    ...(columns.map((c) => r[c]) as Knex.RawBinding[]),
  ])) as { rows: Array<{ hash_id: string }> };
  return result.rows[0]!.hash_id;
}

async function reuseOrInsert(
  db: Knex | Knex.Transaction,
  row: NewTestRow,
  startedSince: string,
  connection?: unknown,
): Promise<string> {
  const reusable = await findReusableTest(db, row.fingerprint, startedSince, connection);
  if (reusable !== undefined) return reusable;
  const insert = db('test_results').insert(toInsertRow(row));
  await (connection ? insert.connection(connection) : insert);
  return row.hash_id;
}

// Long enough for the two statements under load; after that the request goes ahead unlocked (as before).
const MYSQL_LOCK_SECONDS = 10;

/** Runs `work` on one connection while it holds the MySQL named lock (released before the connection returns). */
async function withMysqlNamedLock<T>(
  knex: Knex,
  name: string,
  work: (conn: unknown) => Promise<T>,
): Promise<T> {
  const client = knex.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(c: unknown): Promise<void>;
  };
  const conn = await client.acquireConnection();
  try {
    await knex.raw('SELECT GET_LOCK(?, ?)', [name, MYSQL_LOCK_SECONDS]).connection(conn);
    try {
      return await work(conn);
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [name]).connection(conn);
    }
  } finally {
    await client.releaseConnection(conn);
  }
}

export async function getTestProgress(knex: Knex, testId: string): Promise<number | undefined> {
  const row = (await knex('test_results').select('progress').where('hash_id', testId).first()) as
    { progress: number | string } | undefined;
  return row === undefined ? undefined : Number(row.progress);
}

export async function getTestParams(
  knex: Knex,
  testId: string,
): Promise<Record<string, unknown> | undefined> {
  const row = (await knex('test_results').select('params').where('hash_id', testId).first()) as
    { params: unknown } | undefined;
  return row === undefined ? undefined : fromDbJson<Record<string, unknown>>(row.params);
}

export interface StoredEntry {
  level: string;
  module: string;
  testcase: string;
  tag: string;
  timestamp: number;
  args: Record<string, unknown>;
}

export interface StoredTest {
  hash_id: string;
  created_at: string;
  params: Record<string, unknown>;
  entries: StoredEntry[];
}

/** A test with its result entries (levels by name, ordered by time), or undefined when there is no such test. */
export async function getTestWithEntries(knex: Knex, testId: string): Promise<StoredTest | undefined> {
  const test = (await knex('test_results')
    .select('hash_id', 'created_at', 'params')
    .where('hash_id', testId)
    .first()) as { hash_id: string; created_at: unknown; params: unknown } | undefined;
  if (test === undefined) return undefined;
  const rows = (await knex('result_entries as r')
    .join('log_level as l', 'r.level', 'l.value')
    .select('l.level', 'r.module', 'r.testcase', 'r.tag', 'r.timestamp', 'r.args')
    .where('r.hash_id', testId)
    .orderBy('r.timestamp')) as Array<{
    level: string;
    module: string;
    testcase: string;
    tag: string;
    timestamp: number | string;
    args: unknown;
  }>;
  return {
    hash_id: test.hash_id,
    created_at: toApiTime(test.created_at),
    params: fromDbJson<Record<string, unknown>>(test.params),
    entries: rows.map((r) => ({
      level: r.level,
      module: r.module,
      testcase: r.testcase,
      tag: r.tag,
      timestamp: Number(r.timestamp),
      args: (fromDbJson<Record<string, unknown> | null>(r.args) ?? {}) as Record<string, unknown>,
    })),
  };
}

/** A result_entries row as the drivers return it (numbers may come back as strings, args as JSON text). */
export interface ResultEntryRow {
  id: number | string;
  hash_id: string;
  level: number | string;
  module: string;
  testcase: string;
  tag: string;
  timestamp: number | string;
  args: unknown;
}

export type HistoryFilter = 'all' | 'delegated' | 'undelegated';

export interface HistoryItem {
  id: string;
  created_at: string;
  undelegated: boolean;
  overall_result: 'critical' | 'error' | 'warning' | 'ok';
}

// log_level values (reference log_level table)
const WARNING = 3;
const ERROR = 4;
const CRITICAL = 5;

/** Finished tests of a domain, newest first, with the most severe level found among their entries. */
export async function getTestHistory(
  knex: Knex,
  domain: string,
  filter: HistoryFilter,
  limit: number,
  offset: number,
): Promise<HistoryItem[]> {
  const query = knex('test_results as t')
    .select('t.hash_id', 't.created_at', 't.undelegated')
    .select(
      knex.raw(
        '(SELECT MAX(r.level) FROM result_entries r WHERE r.hash_id = t.hash_id AND r.level >= ?) AS worst',
        [WARNING],
      ),
    )
    .where('t.progress', 100)
    .andWhere('t.domain', domain)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .offset(offset);
  if (filter === 'delegated') query.andWhere('t.undelegated', 0);
  if (filter === 'undelegated') query.andWhere('t.undelegated', '<>', 0);
  const rows = (await query) as Array<{
    hash_id: string;
    created_at: unknown;
    undelegated: unknown;
    worst: unknown;
  }>;
  return rows.map((r) => ({
    id: r.hash_id,
    created_at: toApiTime(r.created_at),
    undelegated: Number(r.undelegated) !== 0 && r.undelegated !== false,
    overall_result: overallResult(r.worst === null || r.worst === undefined ? null : Number(r.worst)),
  }));
}

export function overallResult(worst: number | null): HistoryItem['overall_result'] {
  if (worst === null) return 'ok';
  if (worst >= CRITICAL) return 'critical';
  if (worst >= ERROR) return 'error';
  if (worst >= WARNING) return 'warning';
  return 'ok';
}
