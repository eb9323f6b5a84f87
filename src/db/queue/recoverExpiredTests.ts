import type { Knex } from 'knex';
import { fromDbTime, toDbTime } from '../time.js';
import { testDied } from './backendMessages.js';
import { changedRows } from './dialect.js';
import { insertResultEntries } from './insertResultEntries.js';

export interface RecoveryOptions {
  now?: number;
  /** Runs a test may start before it is given up with TEST_DIED (default 2: the first run and one re-run). */
  maxAttempts?: number;
  /** At most this many tests per call. */
  limit?: number;
}

export interface RecoveryOutcome {
  requeued: string[];
  died: string[];
}

interface ExpiredRow {
  hash_id: string;
  claimed_by: string | null;
  lease_expires_at: number | string | null;
  attempts: number;
  started_at: unknown;
}

/**
 * Takes over running tests whose lease expired (their agent was killed, lost its host or its database link).
 * Recovery never runs a test itself, so it covers every queue: a test that has had fewer than maxAttempts runs
 * goes back to waiting (partial entries deleted) for an agent of its queue; otherwise it ends with TEST_DIED,
 * keeping what the last run wrote. Each takeover is guarded by the claim it replaces, so two recovering agents
 * (or a late renewal by the old owner) cannot both win.
 */
export async function recoverExpiredTests(knex: Knex, opts: RecoveryOptions = {}): Promise<RecoveryOutcome> {
  const now = opts.now ?? Date.now();
  const maxAttempts = opts.maxAttempts ?? 2;
  const expired = (await knex('test_results')
    .select('hash_id', 'claimed_by', 'lease_expires_at', 'attempts', 'started_at')
    .where('progress', '>', 0)
    .andWhere('progress', '<', 100)
    .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
    .orderBy('id')
    .limit(opts.limit ?? 100)) as ExpiredRow[];

  const outcome: RecoveryOutcome = { requeued: [], died: [] };
  for (const row of expired) {
    const gaveUp = Number(row.attempts) >= maxAttempts;
    const won = await knex.transaction(async (trx) => {
      const guard = trx('test_results')
        .where({ hash_id: row.hash_id })
        .andWhere('progress', '>', 0)
        .andWhere('progress', '<', 100);
      if (row.claimed_by === null) guard.whereNull('claimed_by');
      else guard.andWhere({ claimed_by: row.claimed_by });
      if (row.lease_expires_at === null) guard.whereNull('lease_expires_at');
      else guard.andWhere({ lease_expires_at: row.lease_expires_at });

      if (gaveUp) {
        const changed = await guard.update({
          progress: 100,
          state: 'crashed',
          ended_at: toDbTime(new Date(now)),
          lease_expires_at: null,
        });
        if (changedRows(changed) !== 1) return false;
        await insertResultEntries(trx, [
          { testId: row.hash_id, entries: [testDied(secondsSince(row.started_at, now))] },
        ]);
        return true;
      }
      const changed = await guard.update({
        progress: 0,
        state: 'waiting',
        started_at: null,
        claimed_by: null,
        lease_expires_at: null,
      });
      if (changedRows(changed) !== 1) return false;
      await trx('result_entries').where({ hash_id: row.hash_id }).delete();
      return true;
    });
    if (won) (gaveUp ? outcome.died : outcome.requeued).push(row.hash_id);
  }
  return outcome;
}

function secondsSince(startedAt: unknown, now: number): number {
  try {
    return Math.max(0, (now - fromDbTime(startedAt).getTime()) / 1000);
  } catch {
    return 0;
  }
}
