import type { Knex } from 'knex';
import { changedRows } from './dialect.js';
import { insertResultEntries } from './insertResultEntries.js';
import { storeRecording } from './storeRecording.js';
import type { ResultEntryInput } from './types.js';

/**
 * Stores the last findings of a test that was cancelled while this agent ran it, and releases the claim so it
 * happens once. False when the test was not cancelled under this agent's claim (then it was lost otherwise).
 */
export async function finishCancelledTest(
  knex: Knex,
  testId: string,
  agentId: string,
  entries: readonly ResultEntryInput[],
  cpuSeconds?: number,
  recording?: string,
): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const changed = await trx('test_results')
      .where({ hash_id: testId, claimed_by: agentId, state: 'cancelled' })
      .update({ claimed_by: null, cpu_seconds: cpuSeconds ?? null });
    if (changedRows(changed) !== 1) return false;
    await insertResultEntries(trx, [{ testId, entries }]);
    if (recording !== undefined) await storeRecording(trx, testId, recording);
    return true;
  });
}
