import type { Knex } from 'knex';
import { renewLease } from './renewLease.js';
import { INSERT_CHUNK, resultEntryRows } from './resultEntryRows.js';
import type { Lease, ResultEntryInput } from './types.js';

/** One running test's share of a combined write: its new entries and progress, under its lease. */
export interface RunningTestWrite {
  testId: string;
  lease: Lease;
  entries: readonly ResultEntryInput[];
  progress?: number;
}

/**
 * appendResultEntries for many running tests in one transaction: each test's guarded UPDATE (lease, progress)
 * first, in test id order, then the entries of the tests still held in shared multi-row INSERTs. Returns, per
 * write, whether its claim still held (false: nothing of it was written). One commit instead of one per test: an
 * agent running 200 tests writes them every flush interval at the cost of a few statements.
 */
export async function appendManyResultEntries(
  knex: Knex,
  writes: readonly RunningTestWrite[],
): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const order = writes.map((_, i) => i).sort((a, b) => (writes[a]!.testId < writes[b]!.testId ? -1 : 1));
  return knex.transaction(async (trx) => {
    const held = new Array<boolean>(writes.length).fill(false);
    const rows: Record<string, unknown>[] = [];
    for (const i of order) {
      const w = writes[i]!;
      held[i] = await renewLease(trx, w.testId, w.lease, w.progress);
      if (held[i]) for (const row of resultEntryRows(w.testId, w.entries)) rows.push(row);
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await trx('result_entries').insert(rows.slice(i, i + INSERT_CHUNK));
    }
    return held;
  });
}
