import type { Knex } from 'knex';
import { changedRows } from './dialect.js';
import type { Lease } from './types.js';

/**
 * Extends this agent's claim on a running test and, when given, raises its progress (never lowers it, and keeps
 * it within 1..99: 100 is for completion only). False when the claim was lost (recovered by another agent,
 * handed back, or completed): the caller must stop working on the test.
 */
export async function renewLease(
  db: Knex | Knex.Transaction,
  testId: string,
  lease: Lease,
  progress?: number,
): Promise<boolean> {
  const update: Record<string, unknown> = { lease_expires_at: lease.leaseUntil };
  if (progress !== undefined) {
    const clamped = Math.min(99, Math.max(1, Math.floor(progress)));
    update.progress = db.raw('CASE WHEN progress < ? THEN ? ELSE progress END', [clamped, clamped]);
  }
  const changed = await db('test_results')
    .where({ hash_id: testId, claimed_by: lease.agentId })
    .andWhere('progress', '>', 0)
    .andWhere('progress', '<', 100)
    .update(update);
  return changedRows(changed) === 1;
}
