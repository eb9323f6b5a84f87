/**
 * An index for the agents' question "is a recovered test waiting for its re-run?" (progress 0, attempts > 0),
 * asked before every claim: recovered tests are re-run alone, so a neighbour's crash cannot end them TEST_DIED.
 */
import type { Knex } from 'knex';
import { createIndexIfMissing, dropIndexIfPresent } from '../src/db/ddl.js';

const INDEX = {
  name: 'test_results__progress_attempts_queue',
  table: 'test_results',
  columns: 'progress, attempts, queue',
};

export async function up(knex: Knex): Promise<void> {
  await createIndexIfMissing(knex, INDEX);
}

export async function down(knex: Knex): Promise<void> {
  await dropIndexIfPresent(knex, INDEX.table, INDEX.name);
}
