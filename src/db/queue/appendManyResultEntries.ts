import type { Knex } from 'knex';
import { renewLeases } from './renewLeases.js';
import { insertResultEntries } from './insertResultEntries.js';
import type { Lease, ResultEntryInput } from './types.js';

/** One running test's share of a combined write: its new entries and progress, under its lease. */
export interface RunningTestWrite {
  testId: string;
  lease: Lease;
  entries: readonly ResultEntryInput[];
  progress?: number;
}

/**
 * appendResultEntries for many running tests in one transaction: the guarded renewals (lease, progress) first, one
 * statement for all the tests under the same lease (renewLeases), then the entries of the tests still held in
 * shared multi-row INSERTs. Returns, per write, whether its claim still held (false: nothing of it was written).
 * One commit and a few statements instead of four statements and a commit per test: an agent running 200 tests
 * writes them all every flush interval.
 */
export async function appendManyResultEntries(
  knex: Knex,
  writes: readonly RunningTestWrite[],
): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const byLease = new Map<string, RunningTestWrite[]>();
  for (const w of writes) {
    const key = `${w.lease.agentId}\n${w.lease.leaseUntil}`;
    const group = byLease.get(key);
    if (group) group.push(w);
    else byLease.set(key, [w]);
  }
  return knex.transaction(async (trx) => {
    const held = new Set<string>();
    for (const group of byLease.values()) {
      const renewed = await renewLeases(
        trx,
        group[0]!.lease,
        group.map((w) => ({ testId: w.testId, progress: w.progress ?? 1 })),
      );
      for (const id of renewed) held.add(id);
    }
    await insertResultEntries(
      trx,
      writes.filter((w) => held.has(w.testId)),
    );
    return writes.map((w) => held.has(w.testId));
  });
}
