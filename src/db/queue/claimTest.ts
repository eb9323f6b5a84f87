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

function candidateSql(kind: TestKind, rerun: boolean | undefined): string {
  const batchFilter = kind === 'batch' ? 'batch_id IS NOT NULL' : 'batch_id IS NULL';
  const attemptsFilter = rerun === undefined ? '' : rerun ? ' AND attempts > 0' : ' AND attempts = 0';
  return `SELECT id FROM test_results WHERE progress = 0 AND queue = ? AND ${batchFilter}${attemptsFilter} ORDER BY priority DESC, id ASC LIMIT 1`;
}

const SET_CLAIM =
  "progress = 1, state = 'running', started_at = ?, claimed_by = ?, lease_expires_at = ?, attempts = attempts + 1";

/**
 * Atomically takes the waiting test of highest priority (oldest first within a priority) for this agent, or
 * returns undefined when none waits. PostgreSQL and MySQL/MariaDB skip rows other agents are claiming
 * (FOR UPDATE SKIP LOCKED); SQLite runs the claim as one statement, which its single writer serialises.
 */
export async function claimTest(knex: Knex, req: ClaimRequest): Promise<ClaimedTest | undefined> {
  const now = req.now ?? Date.now();
  const bindings = [toDbTime(new Date(now)), req.agentId, now + req.leaseMs];
  const dialect = dialectOf(knex);
  let row: Record<string, unknown> | undefined;
  if (dialect === 'sqlite') {
    const rows = (await knex.raw(
      `UPDATE test_results SET ${SET_CLAIM} WHERE progress = 0 AND id = (${candidateSql(req.kind, req.rerun)}) RETURNING ${COLUMNS}`,
      [...bindings, req.queue],
    )) as Record<string, unknown>[];
    row = rows[0];
  } else if (dialect === 'pg') {
    const result = (await knex.raw(
      `UPDATE test_results SET ${SET_CLAIM} WHERE progress = 0 AND id = (${candidateSql(req.kind, req.rerun)} FOR UPDATE SKIP LOCKED) RETURNING ${COLUMNS}`,
      [...bindings, req.queue],
    )) as { rows: Record<string, unknown>[] };
    row = result.rows[0];
  } else {
    row = await knex.transaction(async (trx) => {
      const [found] = (await trx.raw(`${candidateSql(req.kind, req.rerun)} FOR UPDATE SKIP LOCKED`, [
        req.queue,
      ])) as [{ id: number }[]];
      const id = found[0]?.id;
      if (id === undefined) return undefined;
      await trx.raw(`UPDATE test_results SET ${SET_CLAIM} WHERE id = ? AND progress = 0`, [...bindings, id]);
      const [rows] = (await trx.raw(`SELECT ${COLUMNS} FROM test_results WHERE id = ?`, [id])) as [
        Record<string, unknown>[],
      ];
      return rows[0];
    });
  }
  return row === undefined ? undefined : toClaimedTest(row, now);
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
