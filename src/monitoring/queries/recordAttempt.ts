import type { Knex } from 'knex';
import { changedRows } from '../../db/queue/dialect.js';
import { toDbTime } from '../../db/time.js';

export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why there was no usable answer (timeout, refused target, connection error). */
  error?: string;
  /** 2xx answer. */
  delivered: boolean;
  /** Not worth retrying (the target is not allowed). */
  final?: boolean;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'refused';

/**
 * Logs one attempt and moves the delivery on: delivered on a 2xx answer; otherwise retried at `retryAt`, or
 * failed once `maxAttempts` attempts were made (or at once when the target is refused). Guarded by this agent's
 * claim: an agent whose lease expired and was overtaken writes nothing. Returns the outcome, or undefined when
 * the claim was lost.
 */
export async function recordAttempt(
  knex: Knex,
  claim: { deliveryId: number; attempt: number; agentId: string },
  result: AttemptResult,
  next: { maxAttempts: number; retryAt: number },
): Promise<DeliveryOutcome | undefined> {
  const endedAt = toDbTime(new Date(result.startedAt + result.durationMs));
  const outcome: DeliveryOutcome = result.delivered
    ? 'delivered'
    : result.final
      ? 'refused'
      : claim.attempt >= next.maxAttempts
        ? 'failed'
        : 'retry';
  return knex.transaction(async (trx) => {
    const update =
      outcome === 'retry'
        ? { next_attempt_at: next.retryAt, claimed_by: null, lease_expires_at: null }
        : {
            state: outcome === 'delivered' ? 'delivered' : 'failed',
            ended_at: endedAt,
            claimed_by: null,
            lease_expires_at: null,
          };
    const changed = await trx('webhook_deliveries')
      .where({ id: claim.deliveryId, claimed_by: claim.agentId, attempts: claim.attempt, state: 'pending' })
      .update(update);
    if (changedRows(changed) !== 1) return undefined;
    await trx('webhook_attempts').insert({
      delivery_id: claim.deliveryId,
      attempt: claim.attempt,
      started_at: toDbTime(new Date(result.startedAt)),
      duration_ms: Math.round(result.durationMs),
      status_code: result.statusCode ?? null,
      error: result.error === undefined ? null : result.error.slice(0, 255),
    });
    return outcome;
  });
}
