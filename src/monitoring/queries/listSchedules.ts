import type { Knex } from 'knex';
import { fromDbJson } from '../../db/json.js';
import { toApiTime } from '../../db/time.js';

export interface ScheduleSummary {
  schedule_id: number;
  domain: string;
  params: Record<string, unknown>;
  interval: number;
  webhook_url: string | null;
  created_at: string;
  next_run_at: string;
  last_job_id: string | null;
  pending_job_id: string | null;
}

/** What a test of a schedule is asked to do (the stored params without what every test repeats). */
const SHOWN_PARAMS = ['profile', 'ipv4', 'ipv6', 'nameservers', 'ds_info'];

/** A user's schedules, oldest first; webhook secrets are never read back. */
export async function listSchedules(knex: Knex, username: string): Promise<ScheduleSummary[]> {
  const rows = (await knex('schedules')
    .select(
      'id',
      'domain',
      'params',
      'interval_seconds',
      'webhook_url',
      'created_at',
      'next_run_at',
      'last_test_id',
      'pending_test_id',
    )
    .where('username', username)
    .orderBy('id')) as Array<Record<string, unknown>>;
  return rows.map((r) => {
    const params = fromDbJson<Record<string, unknown>>(r.params);
    return {
      schedule_id: Number(r.id),
      domain: String(r.domain),
      params: Object.fromEntries(SHOWN_PARAMS.filter((k) => k in params).map((k) => [k, params[k]])),
      interval: Number(r.interval_seconds),
      webhook_url: (r.webhook_url as string | null) ?? null,
      created_at: toApiTime(r.created_at),
      next_run_at: toApiTime(Number(r.next_run_at)),
      last_job_id: (r.last_test_id as string | null) ?? null,
      pending_job_id: (r.pending_test_id as string | null) ?? null,
    };
  });
}

/** The owner of a schedule, or undefined when there is no such schedule. */
export async function scheduleOwner(knex: Knex, scheduleId: number): Promise<string | undefined> {
  const row = (await knex('schedules').select('username').where('id', scheduleId).first()) as
    { username: string } | undefined;
  return row?.username;
}
