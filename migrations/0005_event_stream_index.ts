/**
 * A row id for result entries, and an index on (hash_id, id): live event streams (GET /jobs/<id>/events) read a
 * test's entries "after the last one sent", and the id of an entry is the stream's event id, so it must be the
 * same whichever daemon reads it and must never change. Existing rows are numbered in the order they were written.
 *
 * PostgreSQL and MySQL/MariaDB add an auto-increment column in place. SQLite cannot add one with ALTER TABLE and
 * its implicit rowid may be renumbered by VACUUM, so the table is rebuilt with `id INTEGER PRIMARY KEY`.
 */
import type { Knex } from 'knex';
import { dialectOf } from '../src/db/connection.js';
import { createIndexIfMissing, dropIndexIfPresent, pick, type IndexDef } from '../src/db/ddl.js';
import { INDEXES as REFERENCE_INDEXES, RESULT_ENTRIES } from './0001_reference_schema.js';

const INDEX: IndexDef = {
  name: 'result_entries__hash_id_id',
  table: 'result_entries',
  columns: 'hash_id, id',
};
const ENTRY_INDEXES = REFERENCE_INDEXES.filter((i) => i.table === 'result_entries');
const COLUMNS = RESULT_ENTRIES.columns.map(([name]) => name).join(', ');

export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('result_entries', 'id')) return createIndexIfMissing(knex, INDEX);
  switch (dialectOf(knex)) {
    case 'pg':
      await knex.raw('ALTER TABLE result_entries ADD COLUMN id BIGSERIAL');
      break;
    case 'mysql':
      await knex.raw('ALTER TABLE result_entries ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY');
      break;
    case 'sqlite':
      await rebuildSqliteTable(knex, 'id integer PRIMARY KEY AUTOINCREMENT');
      break;
  }
  await createIndexIfMissing(knex, INDEX);
}

export async function down(knex: Knex): Promise<void> {
  await dropIndexIfPresent(knex, INDEX.table, INDEX.name);
  if (!(await knex.schema.hasColumn('result_entries', 'id'))) return;
  if (dialectOf(knex) === 'sqlite') await rebuildSqliteTable(knex);
  else await knex.raw('ALTER TABLE result_entries DROP COLUMN id');
}

/** Copies result_entries into a new table of the reference definition (plus `idColumn`), in rowid order. */
async function rebuildSqliteTable(knex: Knex, idColumn?: string): Promise<void> {
  const parts = [
    ...(idColumn ? [idColumn] : []),
    ...RESULT_ENTRIES.columns.map(([name, type]) => `${name} ${pick(type, 'sqlite')}`),
    ...(RESULT_ENTRIES.constraints ?? []).map((c) => pick(c, 'sqlite')),
  ];
  await knex.raw(`CREATE TABLE result_entries_rebuilt (\n  ${parts.join(',\n  ')}\n)`);
  await knex.raw(
    `INSERT INTO result_entries_rebuilt (${COLUMNS}) SELECT ${COLUMNS} FROM result_entries ORDER BY rowid`,
  );
  await knex.raw('DROP TABLE result_entries');
  await knex.raw('ALTER TABLE result_entries_rebuilt RENAME TO result_entries');
  for (const index of ENTRY_INDEXES) await createIndexIfMissing(knex, index);
}
