import type { Knex } from 'knex';
import { changedRows } from './dialect.js';

/**
 * Returns a test this agent holds to the queue (graceful shutdown): waiting again at progress 0, its partial
 * entries deleted so the next run starts clean, and the attempt not counted (it did not fail).
 */
export async function handBackTest(knex: Knex, testId: string, agentId: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const changed = await trx('test_results')
      .where({ hash_id: testId, claimed_by: agentId })
      .andWhere('progress', '>', 0)
      .andWhere('progress', '<', 100)
      .update({
        progress: 0,
        state: 'waiting',
        started_at: null,
        claimed_by: null,
        lease_expires_at: null,
        attempts: trx.raw('CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END'),
      });
    if (changedRows(changed) !== 1) return false;
    await trx('result_entries').where({ hash_id: testId }).delete();
    return true;
  });
}
