import type { Knex } from 'knex';
import { fromDbJson } from '../json.js';
import { toDbTime } from '../time.js';
import { dialectOf } from '../connection.js';
import type { ClaimedTest } from './types.js';

export type TestKind = 'frontend' | 'batch';

export interface ClaimRequest {
  agentId: string;
  /** The queue label this agent serves (lock_on_queue). */
  queue: number;
  /** frontend = tests without batch_id, batch = tests of a batch. */
  kind: TestKind;
  leaseMs: number;
  now?: number;
  /** true: only a recovered test waiting for its re-run; false: only a test never started; absent: any. */
  rerun?: boolean;
}

const COLUMNS = 'id, hash_id, domain, batch_id, priority, queue, params, attempts';

function candidateSql(kind: TestKind, rerun: boolean | undefined, limit: number): string {
  const batchFilter = kind === 'batch' ? 'batch_id IS NOT NULL' : 'batch_id IS NULL';
  const attemptsFilter = rerun === undefined ? '' : rerun ? ' AND attempts > 0' : ' AND attempts = 0';
  return `SELECT id FROM test_results WHERE progress = 0 AND queue = ? AND ${batchFilter}${attemptsFilter} ORDER BY priority DESC, id ASC LIMIT ${limit}`;
}

const SET_CLAIM =
  "progress = 1, state = 'running', started_at = ?, claimed_by = ?, lease_expires_at = ?, attempts = attempts + 1";

/**
 * Atomically takes the waiting test of highest priority (oldest first within a priority) for this agent, or
 * returns undefined when none waits. PostgreSQL and MySQL/MariaDB skip rows other agents are claiming
 * (FOR UPDATE SKIP LOCKED); SQLite runs the claim as one statement, which its single writer serialises.
 */
export async function claimTest(knex: Knex, req: ClaimRequest): Promise<ClaimedTest | undefined> {
  return (await claimTests(knex, req, 1))[0];
}

/**
 * claimTest for up to `limit` tests in one statement (one short transaction on MySQL/MariaDB): an agent with
 * several free slots fills them with one query. In claim order (priority, then oldest first).
 */
export async function claimTests(knex: Knex, req: ClaimRequest, limit: number): Promise<ClaimedTest[]> {
  const now = req.now ?? Date.now();
  const count = Math.max(1, Math.floor(limit));
  const bindings = [toDbTime(new Date(now)), req.agentId, now + req.leaseMs];
  const candidates = candidateSql(req.kind, req.rerun, count);
  const dialect = dialectOf(knex);
  let rows: Record<string, unknown>[];
  if (dialect === 'sqlite') {
    rows = (await knex.raw(
      `UPDATE test_results SET ${SET_CLAIM} WHERE progress = 0 AND id IN (${candidates}) RETURNING ${COLUMNS}`,
      [...bindings, req.queue],
    )) as Record<string, unknown>[];
  } else if (dialect === 'pg') {
    // The candidates as a CTE: locked and limited once, whatever plan PostgreSQL picks for the UPDATE.
    const returning = COLUMNS.split(', ')
      .map((c) => `t.${c}`)
      .join(', ');
    const result = (await knex.raw(
      `WITH c AS (${candidates} FOR UPDATE SKIP LOCKED) UPDATE test_results t SET ${SET_CLAIM} FROM c WHERE t.id = c.id AND t.progress = 0 RETURNING ${returning}`,
      [req.queue, ...bindings],
    )) as { rows: Record<string, unknown>[] };
    rows = result.rows;
  } else {
    rows = await knex.transaction(async (trx) => {
      const [found] = (await trx.raw(`${candidates} FOR UPDATE SKIP LOCKED`, [req.queue])) as [
        { id: number }[],
      ];
      const ids = found.map((r) => r.id);
      if (ids.length === 0) return [];
      const list = ids.map(() => '?').join(',');
      await trx.raw(`UPDATE test_results SET ${SET_CLAIM} WHERE id IN (${list}) AND progress = 0`, [
        ...bindings,
        ...ids,
      ]);
      const [claimed] = (await trx.raw(`SELECT ${COLUMNS} FROM test_results WHERE id IN (${list})`, ids)) as [
        Record<string, unknown>[],
      ];
      return claimed;
    });
  }
  return rows
    .map((row) => toClaimedTest(row, now))
    .sort((a, b) => b.priority - a.priority || a.rowId - b.rowId);
}

function toClaimedTest(row: Record<string, unknown>, now: number): ClaimedTest {
  return {
    rowId: Number(row.id),
    testId: String(row.hash_id),
    domain: String(row.domain),
    batchId: row.batch_id === null || row.batch_id === undefined ? null : Number(row.batch_id),
    priority: Number(row.priority),
    queue: Number(row.queue),
    params: fromDbJson<Record<string, unknown>>(row.params) ?? {},
    attempts: Number(row.attempts),
    startedAt: now,
  };
}
