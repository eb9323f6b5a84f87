import type { Knex } from 'knex';
import { toDbTime } from '../time.js';
import { changedRows } from './dialect.js';
import { insertResultEntries } from './insertResultEntries.js';
import type { EndState } from './jobState.js';
import { storeRecording } from './storeRecording.js';
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

/** The end of one test this agent holds: its last entries and how it ended. */
export interface Completion {
  testId: string;
  agentId: string;
  entries: readonly ResultEntryInput[];
  details?: CompletionDetails;
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
  const [stored] = await completeTests(knex, [{ testId, agentId, entries, details }]);
  return stored ?? false;
}

/**
 * completeTest for several tests in one transaction (one commit): each test's guarded UPDATE first, then the
 * entries of the tests still held in shared multi-row INSERTs, then their recordings. Returns, per completion,
 * whether it was stored; a test whose claim was lost gets false and nothing of it is written.
 */
export async function completeTests(knex: Knex, completions: readonly Completion[]): Promise<boolean[]> {
  if (completions.length === 0) return [];
  const flushedAt = Date.now();
  return knex.transaction(async (trx) => {
    const stored: boolean[] = [];
    for (const c of completions) stored.push(await markCompleted(trx, c, c.details?.now ?? flushedAt));
    const held = completions.filter((_, i) => stored[i]);
    await insertResultEntries(trx, held);
    for (const { testId, details } of held)
      if (details?.recording !== undefined)
        await storeRecording(trx, testId, details.recording, details.now ?? flushedAt);
    return stored;
  });
}

async function markCompleted(trx: Knex.Transaction, c: Completion, now: number): Promise<boolean> {
  const changed = await trx('test_results')
    .where({ hash_id: c.testId, claimed_by: c.agentId })
    .andWhere('progress', '>', 0)
    .andWhere('progress', '<', 100)
    .update({
      progress: 100,
      state: c.details?.state ?? 'completed',
      ended_at: toDbTime(new Date(now)),
      lease_expires_at: null,
      cpu_seconds: c.details?.cpuSeconds ?? null,
    });
  return changedRows(changed) === 1;
}
