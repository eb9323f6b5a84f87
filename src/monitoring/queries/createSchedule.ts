import type { Knex } from 'knex';
import { toDbJson } from '../../db/json.js';
import { toDbTime } from '../../db/time.js';
import { insertReturningId } from './insertReturningId.js';

export interface NewSchedule {
  username: string;
  domain: string;
  /** The params each test gets, as start_domain_test stores them. */
  params: Record<string, unknown>;
  fingerprint: string;
  intervalSeconds: number;
  webhookUrl: string | null;
  webhookSecret: string | null;
  now: number;
  /** 0 ≤ jitter < 1: where in its first interval the schedule's first test starts. */
  jitter: number;
}

/**
 * Stores a schedule; its first test is due at a random point of its first interval, so a thousand schedules
 * created at once spread their tests over the interval instead of starting them together. Returns its id.
 */
export async function createSchedule(knex: Knex, s: NewSchedule): Promise<number> {
  const row = {
    username: s.username,
    domain: s.domain,
    params: toDbJson(s.params),
    fingerprint: s.fingerprint,
    interval_seconds: s.intervalSeconds,
    webhook_url: s.webhookUrl,
    webhook_secret: s.webhookSecret,
    created_at: toDbTime(new Date(s.now)),
    next_run_at: s.now + Math.floor(s.jitter * s.intervalSeconds * 1000),
  };
  return insertReturningId(knex, 'schedules', row);
}
