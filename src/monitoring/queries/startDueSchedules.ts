import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { dialectOf } from '../../db/connection.js';
import { fromDbJson } from '../../db/json.js';
import { changedRows } from '../../db/queue/dialect.js';
import { toDbTime } from '../../db/time.js';

/** Scheduled tests wait behind interactive ones (start_domain_test's default 10), beside batches. */
export const SCHEDULED_TEST_PRIORITY = 5;

export interface StartedScheduledTest {
  scheduleId: number;
  testId: string;
}

interface DueRow {
  id: number | string;
  domain: string;
  params: unknown;
  fingerprint: string;
  interval_seconds: number | string;
  next_run_at: number | string;
}

const DUE =
  'SELECT id, domain, params, fingerprint, interval_seconds, next_run_at FROM schedules ' +
  'WHERE next_run_at <= ? AND pending_test_id IS NULL ORDER BY next_run_at LIMIT ?';

/**
 * The next run after `now`, in the schedule's own phase (its first run's jitter is kept); runs missed while no
 * agent was running are skipped, not caught up.
 */
export function nextRunAfter(previous: number, intervalMs: number, now: number): number {
  const missed = Math.max(0, Math.floor((now - previous) / intervalMs));
  return previous + (missed + 1) * intervalMs;
}

/**
 * Starts a test for each due schedule (at most `limit`): an ordinary waiting test with the schedule's params,
 * linked to its schedule, and the schedule's next run, in one transaction per claim. A schedule whose previous
 * test has not been compared yet is not due, so a schedule never has two tests out at once. The claim is the
 * conditional UPDATE of next_run_at and pending_test_id: however many agents look at a due schedule, one of
 * them starts its test. PostgreSQL and MySQL/MariaDB also skip the schedules other agents are starting
 * (FOR UPDATE SKIP LOCKED); on SQLite the single writer serialises the claims.
 */
export async function startDueSchedules(
  knex: Knex,
  opts: { now?: number; limit?: number } = {},
): Promise<StartedScheduledTest[]> {
  const now = opts.now ?? Date.now();
  const limit = opts.limit ?? 100;
  if (dialectOf(knex) === 'sqlite') {
    const due = (await knex.raw(DUE, [now, limit])) as DueRow[];
    const started: StartedScheduledTest[] = [];
    for (const row of due) {
      const one = await knex.transaction((trx) => startOne(trx, row, now));
      if (one) started.push(one);
    }
    return started;
  }
  return knex.transaction(async (trx) => {
    const result = (await trx.raw(`${DUE} FOR UPDATE SKIP LOCKED`, [now, limit])) as
      { rows: DueRow[] } | [DueRow[]];
    const due = Array.isArray(result) ? result[0] : result.rows;
    const started: StartedScheduledTest[] = [];
    for (const row of due) {
      const one = await startOne(trx, row, now);
      if (one) started.push(one);
    }
    return started;
  });
}

async function startOne(
  trx: Knex.Transaction,
  row: DueRow,
  now: number,
): Promise<StartedScheduledTest | undefined> {
  const scheduleId = Number(row.id);
  const testId = randomBytes(8).toString('hex');
  const previous = Number(row.next_run_at);
  const claimed = await trx('schedules')
    .where({ id: scheduleId, next_run_at: previous })
    .whereNull('pending_test_id')
    .update({
      next_run_at: nextRunAfter(previous, Number(row.interval_seconds) * 1000, now),
      pending_test_id: testId,
    });
  if (changedRows(claimed) !== 1) return undefined;
  const params = fromDbJson<Record<string, unknown>>(row.params);
  const undelegated =
    ((params.nameservers as unknown[] | undefined) ?? []).length > 0 ||
    ((params.ds_info as unknown[] | undefined) ?? []).length > 0;
  const createdAt = toDbTime(new Date(now));
  await trx('test_results').insert({
    hash_id: testId,
    domain: row.domain,
    batch_id: null,
    created_at: createdAt,
    priority: SCHEDULED_TEST_PRIORITY,
    queue: Number(params.queue ?? 0),
    fingerprint: row.fingerprint,
    params: typeof row.params === 'string' ? row.params : JSON.stringify(params),
    undelegated: undelegated ? 1 : 0,
  });
  await trx('schedule_tests').insert({ hash_id: testId, schedule_id: scheduleId, created_at: createdAt });
  return { scheduleId, testId };
}

/** Schedules due now and not started yet (the agents' backlog). */
export async function countDueSchedules(knex: Knex, now: number = Date.now()): Promise<number> {
  const row = (await knex('schedules')
    .count({ n: '*' })
    .where('next_run_at', '<=', now)
    .whereNull('pending_test_id')
    .first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
