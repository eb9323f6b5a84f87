import type { Knex } from 'knex';
import { dialectOf } from '../../db/connection.js';
import { toDbTime } from '../../db/time.js';

export interface ClaimedDelivery {
  deliveryId: number;
  scheduleId: number;
  /** This claim's attempt number (1 for the first). */
  attempt: number;
  body: string;
  url: string;
  secret: string | null;
}

const CANDIDATE =
  "SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND attempts < ? " +
  'AND (lease_expires_at IS NULL OR lease_expires_at < ?) ORDER BY next_attempt_at, id LIMIT 1';
const SET_CLAIM = 'claimed_by = ?, lease_expires_at = ?, attempts = attempts + 1';
const STILL_FREE = 'AND (lease_expires_at IS NULL OR lease_expires_at < ?)';

/**
 * Takes the pending delivery due first for one attempt, under a lease (as claimTest takes a test): an agent that
 * dies while sending leaves the delivery to another agent once the lease has expired. The attempt is counted at
 * the claim, so a delivery that kills its agents cannot be retried without bound; deliveries whose every attempt
 * was claimed and lost are ended as failed first. PostgreSQL and MySQL/MariaDB skip deliveries other agents are
 * claiming (FOR UPDATE SKIP LOCKED); SQLite runs the claim as one statement.
 */
export async function claimDelivery(
  knex: Knex,
  req: { agentId: string; leaseMs: number; maxAttempts: number; now?: number },
): Promise<ClaimedDelivery | undefined> {
  const now = req.now ?? Date.now();
  // Asked every second by every agent, and nearly always answered "none": read before any write (on SQLite an
  // UPDATE takes the database's one write lock even when it changes nothing).
  const due = await knex('webhook_deliveries')
    .select('id')
    .where('state', 'pending')
    .andWhere('next_attempt_at', '<=', now)
    .first();
  if (due === undefined) return undefined;
  await knex('webhook_deliveries')
    .where('state', 'pending')
    .andWhere('attempts', '>=', req.maxAttempts)
    .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
    .update({ state: 'failed', ended_at: toDbTime(new Date(now)), claimed_by: null, lease_expires_at: null });

  const set = [req.agentId, now + req.leaseMs];
  const find = [now, req.maxAttempts, now];
  let id: number | undefined;
  switch (dialectOf(knex)) {
    case 'sqlite': {
      const rows = (await knex.raw(
        `UPDATE webhook_deliveries SET ${SET_CLAIM} WHERE id = (${CANDIDATE}) ${STILL_FREE} RETURNING id`,
        [...set, ...find, now],
      )) as Array<{ id: number }>;
      id = rows[0]?.id;
      break;
    }
    case 'pg': {
      const result = (await knex.raw(
        `UPDATE webhook_deliveries SET ${SET_CLAIM} WHERE id = (${CANDIDATE} FOR UPDATE SKIP LOCKED) RETURNING id`,
        [...set, ...find],
      )) as { rows: Array<{ id: number | string }> };
      id = result.rows[0] === undefined ? undefined : Number(result.rows[0].id);
      break;
    }
    case 'mysql':
      id = await knex.transaction(async (trx) => {
        const [found] = (await trx.raw(`${CANDIDATE} FOR UPDATE SKIP LOCKED`, find)) as [
          Array<{ id: number }>,
        ];
        const candidate = found[0]?.id;
        if (candidate === undefined) return undefined;
        await trx.raw(`UPDATE webhook_deliveries SET ${SET_CLAIM} WHERE id = ?`, [...set, candidate]);
        return Number(candidate);
      });
      break;
  }
  if (id === undefined) return undefined;
  const row = (await knex('webhook_deliveries as d')
    .join('schedules as s', 's.id', 'd.schedule_id')
    .select('d.id', 'd.schedule_id', 'd.attempts', 'd.body', 's.webhook_url', 's.webhook_secret')
    .where('d.id', id)
    .first()) as Record<string, unknown> | undefined;
  // The schedule was deleted meanwhile (with its deliveries): nothing to send.
  if (row === undefined || row.webhook_url === null) return undefined;
  return {
    deliveryId: Number(row.id),
    scheduleId: Number(row.schedule_id),
    attempt: Number(row.attempts),
    body: String(row.body),
    url: String(row.webhook_url),
    secret: (row.webhook_secret as string | null) ?? null,
  };
}
