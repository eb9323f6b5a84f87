/**
 * Columns and indexes this implementation adds for its test agents (not in the reference schema):
 * who holds a running test, until when (epoch milliseconds), and how many times it was claimed.
 */
import type { Knex } from 'knex';
import {
  addColumnsIfMissing,
  createIndexIfMissing,
  dropColumnIfPresent,
  dropIndexIfPresent,
} from '../src/db/ddl.js';

const COLUMNS = [
  ['claimed_by', 'VARCHAR(64) NULL'],
  ['lease_expires_at', 'BIGINT NULL'],
  ['attempts', 'INTEGER NOT NULL DEFAULT 0'],
] as const;

const INDEXES = [
  // the claim: WHERE progress = 0 AND queue = ? ORDER BY priority DESC, id
  {
    name: 'test_results__progress_queue_priority_id',
    table: 'test_results',
    columns: 'progress, queue, priority, id',
  },
  // recovery: running tests whose lease has expired
  {
    name: 'test_results__progress_lease_expires_at',
    table: 'test_results',
    columns: 'progress, lease_expires_at',
  },
];

export async function up(knex: Knex): Promise<void> {
  await addColumnsIfMissing(knex, 'test_results', COLUMNS);
  for (const index of INDEXES) await createIndexIfMissing(knex, index);
}

export async function down(knex: Knex): Promise<void> {
  for (const index of INDEXES) await dropIndexIfPresent(knex, index.table, index.name);
  for (const [name] of COLUMNS) await dropColumnIfPresent(knex, 'test_results', name);
}
