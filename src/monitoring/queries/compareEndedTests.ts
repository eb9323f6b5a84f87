import type { Knex } from 'knex';
import { getTestWithEntries } from '../../db/api/tests.js';
import { dialectOf } from '../../db/connection.js';
import { changedRows } from '../../db/queue/dialect.js';
import { toDbTime } from '../../db/time.js';
import { changeNotice } from '../payload.js';
import { insertReturningId } from './insertReturningId.js';

export interface ComparedTest {
  scheduleId: number;
  testId: string;
  /** The delivery queued because the findings changed, if any. */
  deliveryId?: number;
}

interface EndedRow {
  id: number | string;
  domain: string;
  pending_test_id: string;
  last_test_id: string | null;
  webhook_url: string | null;
  state: string | null;
}

/**
 * For each schedule whose started test has ended: compares it with the schedule's previous test and, when the
 * findings or the overall result changed and the schedule has a webhook, queues a delivery (a pending row the
 * agents send, see claimDelivery). The delivery and the schedule's move to its new test are one transaction,
 * guarded by the test being compared, so however many agents compare, a change is queued once. A cancelled (or
 * purged) test is dropped without comparison; the next test is compared with the one before it.
 */
export async function compareEndedTests(
  knex: Knex,
  opts: { now?: number; limit?: number } = {},
): Promise<ComparedTest[]> {
  const now = opts.now ?? Date.now();
  const ended = (await knex('schedules as s')
    .leftJoin('test_results as t', 't.hash_id', 's.pending_test_id')
    .select('s.id', 's.domain', 's.pending_test_id', 's.last_test_id', 's.webhook_url', 't.state')
    .whereNotNull('s.pending_test_id')
    .andWhere((q) => q.where('t.progress', 100).orWhereNull('t.hash_id'))
    .orderBy('s.id')
    .limit(opts.limit ?? 100)) as EndedRow[];

  const compared: ComparedTest[] = [];
  for (const row of ended) {
    const scheduleId = Number(row.id);
    const usable = row.state !== null && row.state !== 'cancelled';
    // Findings of ended tests do not change: read before the transaction, which then only writes.
    const body =
      usable && row.webhook_url !== null && row.last_test_id !== null
        ? await noticeBody(knex, scheduleId, row.domain, row.last_test_id, row.pending_test_id)
        : undefined;
    const deliveryId = await knex.transaction(async (trx) => {
      if (!(await lockedBy(trx, scheduleId, row.pending_test_id))) return null;
      const moved = await trx('schedules')
        .where({ id: scheduleId, pending_test_id: row.pending_test_id })
        .update({ pending_test_id: null, last_test_id: usable ? row.pending_test_id : row.last_test_id });
      if (changedRows(moved) !== 1) return null;
      if (body === undefined) return undefined;
      return insertReturningId(trx, 'webhook_deliveries', {
        schedule_id: scheduleId,
        hash_id: row.pending_test_id,
        previous_hash_id: row.last_test_id,
        body,
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: toDbTime(new Date(now)),
      });
    });
    if (deliveryId === null) continue;
    compared.push({ scheduleId, testId: row.pending_test_id, ...(deliveryId ? { deliveryId } : {}) });
  }
  return compared;
}

/**
 * PostgreSQL and MySQL/MariaDB: takes the schedule's row by its primary key, skipping it when another agent
 * holds it (that agent is comparing or starting it), and says whether it still waits for `testId`. Without it, two
 * agents updating the same row through the pending_test_id index deadlock on MySQL. SQLite: the conditional
 * UPDATE that follows is the guard.
 */
async function lockedBy(trx: Knex.Transaction, scheduleId: number, testId: string): Promise<boolean> {
  const dialect = dialectOf(trx);
  if (dialect === 'sqlite') return true;
  const result = (await trx.raw('SELECT pending_test_id FROM schedules WHERE id = ? FOR UPDATE SKIP LOCKED', [
    scheduleId,
  ])) as { rows: Array<{ pending_test_id: string | null }> } | [Array<{ pending_test_id: string | null }>];
  const rows = Array.isArray(result) ? result[0] : result.rows;
  return rows[0]?.pending_test_id === testId;
}

async function noticeBody(
  knex: Knex,
  scheduleId: number,
  domain: string,
  previousId: string,
  currentId: string,
): Promise<string | undefined> {
  const [previous, current] = [
    await getTestWithEntries(knex, previousId),
    await getTestWithEntries(knex, currentId),
  ];
  if (previous === undefined || current === undefined) return undefined;
  const notice = changeNotice(
    scheduleId,
    domain,
    { testId: previousId, entries: previous.entries },
    { testId: currentId, entries: current.entries },
  );
  return notice === undefined ? undefined : JSON.stringify(notice);
}
