/**
 * Batches: one batch_jobs row and all its tests written in one transaction, as multi-row INSERTs in chunks.
 * Indexes stay in place (the reference drops and rebuilds them, which locks and rescans the whole table).
 */
import type { Knex } from 'knex';
import { dialectOf } from '../connection.js';
import { TEST_ROW_COLUMNS, toInsertRow, type NewTestRow } from './tests.js';

const COLUMNS = TEST_ROW_COLUMNS;
// 9 bindings a row; stays below SQLite's 32766 and PostgreSQL's/MySQL's 65535 bound parameters.
const ROWS_PER_STATEMENT = 2000;

/**
 * Creates the batch and its tests; `rowsFor(batchId)` yields the test rows once the batch id is known. Rows are
 * drawn chunk by chunk, so a large batch never exists twice in memory.
 */
export async function createBatch(
  knex: Knex,
  username: string,
  createdAt: string,
  rowsFor: (batchId: number) => Iterable<NewTestRow>,
): Promise<number> {
  return knex.transaction(async (trx) => {
    const batchId = await insertBatchJob(trx, username, createdAt);
    const pg = dialectOf(trx) === 'pg';
    const statement = pg ? jsonRecordsStatement : valuesStatement;
    // The next chunk is prepared (names normalized, rows serialized) while the database writes this one.
    let writing: Promise<unknown> = Promise.resolve();
    for (const chunk of chunks(rowsFor(batchId), pg ? PG_ROWS_PER_STATEMENT : ROWS_PER_STATEMENT)) {
      const { sql, bindings } = statement(chunk);
      await writing;
      // One real promise: a knex builder runs its query again for every then() or catch().
      writing = Promise.resolve(trx.raw(sql, bindings));
      // Handled here too: if preparing the next chunk throws, this write's failure must not go unhandled.
      writing.catch(() => undefined);
    }
    await writing;
    return batchId;
  });
}

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

const VALUES_ROW = `(${COLUMNS.map(() => '?').join(',')})`;

interface Statement {
  sql: string;
  bindings: Knex.RawBinding[];
}

function valuesStatement(rows: NewTestRow[]): Statement {
  const bindings: Knex.RawBinding[] = [];
  for (const row of rows) {
    const r = toInsertRow(row);
    for (const c of COLUMNS) bindings.push(r[c] as Knex.RawBinding);
  }
  const sql = `INSERT INTO test_results (${COLUMNS.join(',')}) VALUES ${Array(rows.length).fill(VALUES_ROW).join(',')}`;
  return { sql, bindings };
}

// PostgreSQL: each chunk travels as one JSON document expanded by json_to_recordset(), which PostgreSQL parses far
// faster than tens of thousands of bound parameters.
const PG_ROWS_PER_STATEMENT = 5000;
const PG_RECORD =
  'x(hash_id varchar, domain varchar, batch_id integer, created_at timestamp, priority integer, queue integer, ' +
  'fingerprint varchar, params json, undelegated integer)';

function jsonRecordsStatement(rows: NewTestRow[]): Statement {
  const sql = `INSERT INTO test_results (${COLUMNS.join(',')}) SELECT ${COLUMNS.join(',')} FROM json_to_recordset(?::json) AS ${PG_RECORD}`;
  return {
    sql,
    bindings: [JSON.stringify(rows.map((row) => ({ ...row, undelegated: row.undelegated ? 1 : 0 })))],
  };
}

async function insertBatchJob(trx: Knex.Transaction, username: string, createdAt: string): Promise<number> {
  if (dialectOf(trx) === 'pg') {
    const [row] = (await trx('batch_jobs')
      .insert({ username, created_at: createdAt })
      .returning('id')) as Array<{ id: number }>;
    return Number(row!.id);
  }
  const [id] = (await trx('batch_jobs').insert({ username, created_at: createdAt })) as number[];
  return Number(id);
}

export async function batchExists(knex: Knex, batchId: number): Promise<boolean> {
  const row = await knex('batch_jobs').select('id').where('id', batchId).first();
  return row !== undefined;
}

export interface BatchStatus {
  waiting_count: number;
  running_count: number;
  finished_count: number;
  waiting_tests?: string[];
  running_tests?: string[];
  finished_tests?: string[];
}

export interface BatchListing {
  waiting: boolean;
  running: boolean;
  finished: boolean;
}

/** Counts by state (progress 0 / 1–99 / 100) and, when asked, the test ids of each state. */
export async function getBatchStatus(knex: Knex, batchId: number, list: BatchListing): Promise<BatchStatus> {
  const counts = (await knex('test_results')
    .select(
      knex.raw('SUM(CASE WHEN progress = 0 THEN 1 ELSE 0 END) AS waiting'),
      knex.raw('SUM(CASE WHEN progress = 100 THEN 1 ELSE 0 END) AS finished'),
      knex.raw('COUNT(*) AS total'),
    )
    .where('batch_id', batchId)
    .first()) as { waiting: unknown; finished: unknown; total: unknown };
  const waiting = Number(counts.waiting ?? 0);
  const finished = Number(counts.finished ?? 0);
  const status: BatchStatus = {
    waiting_count: waiting,
    running_count: Number(counts.total ?? 0) - waiting - finished,
    finished_count: finished,
  };
  const ids = async (where: (q: Knex.QueryBuilder) => void) =>
    (
      (await knex('test_results')
        .select('hash_id')
        .where('batch_id', batchId)
        .andWhere(where)
        .orderBy('id')) as Array<{ hash_id: string }>
    ).map((r) => r.hash_id);
  if (list.waiting) status.waiting_tests = await ids((q) => q.where('progress', 0));
  if (list.running)
    status.running_tests = await ids((q) => q.where('progress', '>', 0).andWhere('progress', '<', 100));
  if (list.finished) status.finished_tests = await ids((q) => q.where('progress', 100));
  return status;
}
