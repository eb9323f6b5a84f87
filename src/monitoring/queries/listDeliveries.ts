import type { Knex } from 'knex';
import { toApiTime } from '../../db/time.js';

export interface DeliveryLogItem {
  attempt: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

export interface DeliverySummary {
  delivery_id: number;
  job_id: string;
  previous_job_id: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
  ended_at: string | null;
  next_attempt_at: string | null;
  log: DeliveryLogItem[];
}

/** The newest `limit` deliveries of a schedule, newest first, each with its attempts in order. */
export async function listDeliveries(
  knex: Knex,
  scheduleId: number,
  limit = 100,
): Promise<DeliverySummary[]> {
  const deliveries = (await knex('webhook_deliveries')
    .select(
      'id',
      'hash_id',
      'previous_hash_id',
      'state',
      'attempts',
      'created_at',
      'ended_at',
      'next_attempt_at',
    )
    .where('schedule_id', scheduleId)
    .orderBy('id', 'desc')
    .limit(limit)) as Array<Record<string, unknown>>;
  if (deliveries.length === 0) return [];
  const attempts = (await knex('webhook_attempts')
    .select('delivery_id', 'attempt', 'started_at', 'duration_ms', 'status_code', 'error')
    .whereIn(
      'delivery_id',
      deliveries.map((d) => Number(d.id)),
    )
    .orderBy('delivery_id')
    .orderBy('attempt')
    .orderBy('id')) as Array<Record<string, unknown>>;
  const logs = new Map<number, DeliveryLogItem[]>();
  for (const a of attempts) {
    const id = Number(a.delivery_id);
    if (!logs.has(id)) logs.set(id, []);
    logs.get(id)!.push({
      attempt: Number(a.attempt),
      started_at: toApiTime(a.started_at),
      duration_ms: Number(a.duration_ms),
      status_code: a.status_code === null ? null : Number(a.status_code),
      error: (a.error as string | null) ?? null,
    });
  }
  return deliveries.map((d) => ({
    delivery_id: Number(d.id),
    job_id: String(d.hash_id),
    previous_job_id: String(d.previous_hash_id),
    state: d.state as DeliverySummary['state'],
    attempts: Number(d.attempts),
    created_at: toApiTime(d.created_at),
    ended_at: d.ended_at === null ? null : toApiTime(d.ended_at),
    next_attempt_at: d.state === 'pending' ? toApiTime(Number(d.next_attempt_at)) : null,
    log: logs.get(Number(d.id)) ?? [],
  }));
}
