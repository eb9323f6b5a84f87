import type { Knex } from 'knex';
import { toDbTime } from '../time.js';
import { changedRows } from './dialect.js';
import { INSERT_CHUNK, resultEntryRows } from './resultEntryRows.js';
import type { ResultEntryInput } from './types.js';

/**
 * Ends a test this agent holds: progress 100, ended_at, lease released, last entries stored, all in one
 * transaction. False (nothing written) when the claim was lost.
 */
export async function completeTest(
  knex: Knex,
  testId: string,
  agentId: string,
  entries: readonly ResultEntryInput[],
  now: number = Date.now(),
): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const changed = await trx('test_results')
      .where({ hash_id: testId, claimed_by: agentId })
      .andWhere('progress', '>', 0)
      .andWhere('progress', '<', 100)
      .update({ progress: 100, ended_at: toDbTime(new Date(now)), lease_expires_at: null });
    if (changedRows(changed) !== 1) return false;
    const rows = resultEntryRows(testId, entries);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx('result_entries').insert(rows.slice(i, i + INSERT_CHUNK));
    }
    return true;
  });
}
