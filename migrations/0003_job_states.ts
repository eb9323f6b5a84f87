/**
 * Job states, stored instead of inferred from progress, and what the agent records per run: the CPU time it
 * spent and, for crashed tests (or every test when asked), the DNS responses it received (a recording in the
 * engine's recorded-data format, gzip'd). Existing rows get the state their progress and Backend messages imply.
 */
import type { Knex } from 'knex';
import {
  addColumnsIfMissing,
  createIndexIfMissing,
  dropColumnIfPresent,
  dropIndexIfPresent,
  ensureTable,
  type TableDef,
} from '../src/db/ddl.js';

const COLUMNS = [
  ['state', "VARCHAR(16) NOT NULL DEFAULT 'waiting'"],
  ['cpu_seconds', { sqlite: 'REAL NULL', pg: 'DOUBLE PRECISION NULL', mysql: 'DOUBLE NULL' }],
] as const;

const INDEXES = [
  // counts per state of a batch
  { name: 'test_results__batch_id_state', table: 'test_results', columns: 'batch_id, state' },
  // batch results streamed in id order, page after page (keyset pagination)
  { name: 'test_results__batch_id_id', table: 'test_results', columns: 'batch_id, id' },
  // batch_list: a user's batches
  { name: 'batch_jobs__username', table: 'batch_jobs', columns: 'username' },
];

const TEST_RECORDINGS: TableDef = {
  name: 'test_recordings',
  columns: [
    ['hash_id', 'VARCHAR(16) NOT NULL PRIMARY KEY'],
    ['created_at', { sqlite: 'DATETIME NOT NULL', pg: 'TIMESTAMP NOT NULL', mysql: 'DATETIME NOT NULL' }],
    // base64 of the gzip'd text: one text type on every engine (the MySQL driver here reads BLOBs as UTF-8)
    ['recording', { sqlite: 'TEXT NOT NULL', pg: 'TEXT NOT NULL', mysql: 'LONGTEXT NOT NULL' }],
  ],
};

export async function up(knex: Knex): Promise<void> {
  await addColumnsIfMissing(knex, 'test_results', COLUMNS);
  await backfillStates(knex);
  for (const index of INDEXES) await createIndexIfMissing(knex, index);
  await ensureTable(knex, TEST_RECORDINGS);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('test_recordings');
  for (const index of INDEXES) await dropIndexIfPresent(knex, index.table, index.name);
  for (const [name] of COLUMNS) await dropColumnIfPresent(knex, 'test_results', name);
}

/** What the rows written before this migration imply: every row was inserted as 'waiting'. */
async function backfillStates(knex: Knex): Promise<void> {
  await knex('test_results')
    .where('progress', '>', 0)
    .andWhere('progress', '<', 100)
    .update({ state: 'running' });
  await knex('test_results').where('progress', 100).update({ state: 'completed' });
  await knex('test_results')
    .where('progress', 100)
    .whereIn(
      'hash_id',
      knex('result_entries').select('hash_id').whereIn('tag', ['TEST_DIED', 'UNABLE_TO_FINISH_TEST']),
    )
    .update({ state: 'crashed' });
}
