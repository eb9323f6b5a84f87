import type { Knex } from 'knex';
import { dialectOf, type Dialect } from './connection.js';

/**
 * Idempotent DDL described as data, so one schema definition serves SQLite, PostgreSQL and MySQL/MariaDB and
 * re-running it over a database created by the reference backend keeps what is already there.
 */

/** SQL text that is the same for every dialect, or one text per dialect (null: not on that dialect). */
export type PerDialect = string | { [D in Dialect]: string | null };

export interface TableDef {
  name: string;
  columns: ReadonlyArray<readonly [name: string, type: PerDialect]>;
  constraints?: ReadonlyArray<PerDialect>;
}

export interface IndexDef {
  name: string;
  table: string;
  /** Column list as SQL, e.g. 'progress, priority DESC, id'. */
  columns: string;
  /** Partial-index condition; only dialects listed in `only` get the index. */
  where?: string;
  only?: ReadonlyArray<Dialect>;
}

export function pick(sql: PerDialect, dialect: Dialect): string | null {
  return typeof sql === 'string' ? sql : sql[dialect];
}

/**
 * Creates the table with its indexes, or, when it already exists, keeps it and its rows and adds only the
 * indexes it lacks. On MySQL a new table's indexes go inside CREATE TABLE: each separate DDL costs a round of
 * metadata locking and fsyncs there.
 */
export async function ensureTable(
  knex: Knex,
  def: TableDef,
  indexes: readonly IndexDef[] = [],
): Promise<void> {
  const dialect = dialectOf(knex);
  const wanted = indexes.filter((i) => i.table === def.name && (!i.only || i.only.includes(dialect)));
  if (await knex.schema.hasTable(def.name)) {
    for (const index of wanted) await createIndexIfMissing(knex, index);
    return;
  }
  const parts: string[] = [];
  for (const [name, type] of def.columns) {
    const sql = pick(type, dialect);
    if (sql !== null) parts.push(`${name} ${sql}`);
  }
  for (const constraint of def.constraints ?? []) {
    const sql = pick(constraint, dialect);
    if (sql !== null) parts.push(sql);
  }
  if (dialect === 'mysql') for (const index of wanted) parts.push(`INDEX ${index.name} (${index.columns})`);
  const suffix = dialect === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  await knex.raw(`CREATE TABLE ${def.name} (\n  ${parts.join(',\n  ')}\n)${suffix}`);
  if (dialect !== 'mysql') for (const index of wanted) await knex.raw(createIndexSql(index));
}

export async function hasIndex(knex: Knex, table: string, name: string): Promise<boolean> {
  const dialect = dialectOf(knex);
  let rows: unknown[];
  if (dialect === 'sqlite') {
    rows = await knex('sqlite_master').select('name').where({ type: 'index', name, tbl_name: table });
  } else if (dialect === 'pg') {
    rows = await knex('pg_indexes')
      .select('indexname')
      .where({ tablename: table, indexname: name })
      .andWhereRaw('schemaname = current_schema()');
  } else {
    rows = await knex('information_schema.statistics')
      .select('index_name')
      .where({ table_name: table, index_name: name })
      .andWhereRaw('table_schema = database()');
  }
  return rows.length > 0;
}

export async function createIndexIfMissing(knex: Knex, def: IndexDef): Promise<void> {
  const dialect = dialectOf(knex);
  if (def.only && !def.only.includes(dialect)) return;
  if (await hasIndex(knex, def.table, def.name)) return;
  await knex.raw(createIndexSql(def));
}

function createIndexSql(def: IndexDef): string {
  const where = def.where ? ` WHERE (${def.where})` : '';
  return `CREATE INDEX ${def.name} ON ${def.table} (${def.columns})${where}`;
}

export async function dropIndexIfPresent(knex: Knex, table: string, name: string): Promise<void> {
  if (!(await hasIndex(knex, table, name))) return;
  const on = dialectOf(knex) === 'mysql' ? ` ON ${table}` : '';
  await knex.raw(`DROP INDEX ${name}${on}`);
}

/** Adds the columns the table lacks, in one ALTER TABLE where the dialect allows several ADD COLUMN clauses. */
export async function addColumnsIfMissing(
  knex: Knex,
  table: string,
  columns: ReadonlyArray<readonly [name: string, type: PerDialect]>,
): Promise<void> {
  const dialect = dialectOf(knex);
  const clauses: string[] = [];
  for (const [name, type] of columns) {
    const sql = pick(type, dialect);
    if (sql !== null && !(await knex.schema.hasColumn(table, name)))
      clauses.push(`ADD COLUMN ${name} ${sql}`);
  }
  if (clauses.length === 0) return;
  if (dialect === 'sqlite') {
    for (const clause of clauses) await knex.raw(`ALTER TABLE ${table} ${clause}`);
  } else {
    await knex.raw(`ALTER TABLE ${table} ${clauses.join(', ')}`);
  }
}

export async function dropColumnIfPresent(knex: Knex, table: string, column: string): Promise<void> {
  if (!(await knex.schema.hasColumn(table, column))) return;
  await knex.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
