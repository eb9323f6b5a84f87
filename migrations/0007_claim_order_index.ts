/**
 * An index in the claim's own order (WHERE progress = 0 AND queue = ? ORDER BY priority DESC, id): without it
 * PostgreSQL sorts every waiting test of the queue on each claim (260–310 ms per claim at 100,000 waiting tests,
 * 0.4 ms with it; see docs/scaling.md).
 */
import type { Knex } from 'knex';
import { createIndexIfMissing, dropIndexIfPresent } from '../src/db/ddl.js';

export const CLAIM_ORDER_INDEX = {
  name: 'test_results__progress_queue_priority_desc_id',
  table: 'test_results',
  columns: 'progress, queue, priority DESC, id',
};

export async function up(knex: Knex): Promise<void> {
  await createIndexIfMissing(knex, CLAIM_ORDER_INDEX);
}

export async function down(knex: Knex): Promise<void> {
  await dropIndexIfPresent(knex, CLAIM_ORDER_INDEX.table, CLAIM_ORDER_INDEX.name);
}
