import type { Knex } from 'knex';
import { toDbTime } from '../time.js';
import { changedRows } from './dialect.js';
import type { EndState } from './jobState.js';
import { storeRecording } from './storeRecording.js';
import { INSERT_CHUNK, resultEntryRows } from './resultEntryRows.js';
import type { ResultEntryInput } from './types.js';

export interface CompletionDetails {
  /** completed, or crashed when the run ended with TEST_DIED or UNABLE_TO_FINISH_TEST (default completed). */
  state?: EndState;
  /** The agent's CPU time spent on the run. */
  cpuSeconds?: number;
  /** The run's DNS responses (recorded-data text) to keep with the result. */
  recording?: string;
  now?: number;
}

/**
 * Ends a test this agent holds: progress 100, its end state, ended_at, lease released, last entries (and the
 * recording, when given) stored, all in one transaction. False (nothing written) when the claim was lost or the test was cancelled meanwhile.
 */
export async function completeTest(
  knex: Knex,
  testId: string,
  agentId: string,
  entries: readonly ResultEntryInput[],
  details: CompletionDetails = {},
): Promise<boolean> {
  const now = details.now ?? Date.now();
  return knex.transaction(async (trx) => {
    const changed = await trx('test_results')
      .where({ hash_id: testId, claimed_by: agentId })
      .andWhere('progress', '>', 0)
      .andWhere('progress', '<', 100)
      .update({
        progress: 100,
        state: details.state ?? 'completed',
        ended_at: toDbTime(new Date(now)),
        lease_expires_at: null,
        cpu_seconds: details.cpuSeconds ?? null,
      });
    if (changedRows(changed) !== 1) return false;
    const rows = resultEntryRows(testId, entries);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx('result_entries').insert(rows.slice(i, i + INSERT_CHUNK));
    }
    if (details.recording !== undefined) await storeRecording(trx, testId, details.recording, now);
    return true;
  });
}
