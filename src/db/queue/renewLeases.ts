import type { Knex } from 'knex';
import { dialectOf } from '../connection.js';
import { renewLease } from './renewLease.js';
import type { Lease } from './types.js';

/** One running test's renewal: its id and the progress to raise it to. */
export interface LeaseRenewal {
  testId: string;
  progress: number;
}

/** Keeps one statement's bound parameters well under every driver's limit (3 per test, plus 3). */
const TESTS_PER_STATEMENT = 500;

/**
 * renewLease for many tests of one agent under one new lease, as one UPDATE … RETURNING per 500 tests on SQLite and
 * PostgreSQL (one test after the other on MySQL/MariaDB, which has no UPDATE … RETURNING). Returns the ids of the
 * tests whose claim still held; the others were lost (recovered, handed back, completed or cancelled).
 */
export async function renewLeases(
  db: Knex | Knex.Transaction,
  lease: Lease,
  renewals: readonly LeaseRenewal[],
): Promise<Set<string>> {
  const held = new Set<string>();
  if (dialectOf(db) === 'mysql') {
    for (const r of renewals) if (await renewLease(db, r.testId, lease, r.progress)) held.add(r.testId);
    return held;
  }
  for (let i = 0; i < renewals.length; i += TESTS_PER_STATEMENT) {
    const chunk = renewals.slice(i, i + TESTS_PER_STATEMENT);
    const bindings: Knex.RawBinding[] = [lease.leaseUntil];
    for (const r of chunk) {
      const clamped = Math.min(99, Math.max(1, Math.floor(r.progress)));
      bindings.push(r.testId, clamped, clamped);
    }
    bindings.push(lease.agentId, ...chunk.map((r) => r.testId));
    const sql =
      'UPDATE test_results SET lease_expires_at = ?, progress = CASE hash_id ' +
      'WHEN ? THEN (CASE WHEN progress < ? THEN ? ELSE progress END) '.repeat(chunk.length) +
      'ELSE progress END WHERE claimed_by = ? AND progress > 0 AND progress < 100 ' +
      `AND hash_id IN (${chunk.map(() => '?').join(',')}) RETURNING hash_id`;
    const result = (await db.raw(sql, bindings)) as
      Array<{ hash_id: string }> | { rows: Array<{ hash_id: string }> };
    for (const row of Array.isArray(result) ? result : result.rows) held.add(row.hash_id);
  }
  return held;
}
