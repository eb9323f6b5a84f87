import type { Knex } from 'knex';
import { LEVEL_VALUE } from '../../engine/types.js';
import { dialectOf } from '../connection.js';
import { toDbJson } from '../json.js';
import type { ResultEntryInput } from './types.js';

/** One test's entries to store, in the order they are to be read back. */
export interface TestEntries {
  testId: string;
  entries: readonly ResultEntryInput[];
}

/** Keeps multi-row INSERTs under every driver's bound-parameter limit (SQLite: 32766, 7 per row). */
const INSERT_CHUNK = 500;

const COLUMNS = ['hash_id', 'level', 'module', 'testcase', 'tag', 'timestamp', 'args'];
const ROW = `(${COLUMNS.map(() => '?').join(', ')})`;

/** The INSERT head per dialect (MySQL quotes names with backticks, the others with double quotes). */
const INSERT_INTO = {
  mysql: `INSERT INTO result_entries (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES `,
  quoted: `INSERT INTO result_entries (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES `,
};

/**
 * Stores the entries of several tests (level as the log_level value, args as JSON text), each test's rows in its
 * order (ascending ids), as multi-row INSERTs of plain SQL text: the query builder would compile a 7-column row
 * object per entry for every statement, the agent's largest share of knex's CPU.
 */
export async function insertResultEntries(
  db: Knex | Knex.Transaction,
  tests: readonly TestEntries[],
): Promise<void> {
  const dialect = dialectOf(db);
  if (dialect === 'sqlite' && db.isTransaction) return insertOnSqlite(db as Knex.Transaction, tests);
  const head = dialect === 'mysql' ? INSERT_INTO.mysql : INSERT_INTO.quoted;
  let bindings: Knex.RawBinding[] = [];
  let rows = 0;
  for (const { testId, entries } of tests) {
    for (const e of entries) {
      bindings.push(testId, LEVEL_VALUE[e.level], e.module, e.testcase, e.tag, e.timestamp, toDbJson(e.args));
      if (++rows === INSERT_CHUNK) {
        await db.raw(insertSql(head, rows), bindings);
        bindings = [];
        rows = 0;
      }
    }
  }
  if (rows > 0) await db.raw(insertSql(head, rows), bindings);
}

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown };
}

/** One prepared single-row INSERT per SQLite connection, kept for the connection's life. */
const sqliteInserts = new WeakMap<SqliteConnection, ReturnType<SqliteConnection['prepare']>>();

/**
 * SQLite runs in this process: a prepared single-row INSERT run once per entry, on the transaction's own
 * connection, costs a fraction of knex's path, which prepares (parses and plans) each multi-row statement anew.
 */
async function insertOnSqlite(trx: Knex.Transaction, tests: readonly TestEntries[]): Promise<void> {
  const connection = (await (
    trx.client as { acquireConnection(): Promise<SqliteConnection> }
  ).acquireConnection()) as SqliteConnection;
  let insert = sqliteInserts.get(connection);
  if (!insert) sqliteInserts.set(connection, (insert = connection.prepare(INSERT_INTO.quoted + ROW)));
  for (const { testId, entries } of tests)
    for (const e of entries)
      insert.run(testId, LEVEL_VALUE[e.level], e.module, e.testcase, e.tag, e.timestamp, toDbJson(e.args));
}

function insertSql(head: string, rows: number): string {
  return head + `${ROW}, `.repeat(rows - 1) + ROW;
}
