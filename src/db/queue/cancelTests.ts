import type { Knex } from 'knex';
import { toDbTime } from '../time.js';
import { changedRows } from './dialect.js';

export type CancelTarget = { testId: string } | { batchId: number };

/**
 * Cancels waiting and running tests (one test, or every unfinished test of a batch) in one statement: they are
 * finished at once (progress 100, state cancelled, ended_at), so no agent claims them any more and no client
 * waits for them. A running test keeps its claim so its agent, which notices within a second
 * (cancelledAmong), can still store the findings it holds (finishCancelledTest). Returns the number cancelled.
 */
export async function cancelTests(
  knex: Knex,
  target: CancelTarget,
  now: number = Date.now(),
): Promise<number> {
  const query = knex('test_results').where('progress', '<', 100);
  if ('testId' in target) query.andWhere('hash_id', target.testId);
  else query.andWhere('batch_id', target.batchId);
  const changed = await query.update({
    progress: 100,
    state: 'cancelled',
    ended_at: toDbTime(new Date(now)),
    lease_expires_at: null,
  });
  return changedRows(changed);
}
