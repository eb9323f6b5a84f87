import type { Knex } from 'knex';
import { renewLease } from './renewLease.js';
import { insertResultEntries } from './insertResultEntries.js';
import type { Lease, ResultEntryInput } from './types.js';

/**
 * Stores entries of a running test (and its progress) if this agent still holds the claim. The guarded UPDATE
 * comes first so that it locks the row: a concurrent recovery or hand-back either happens before (and this
 * writes nothing) or waits until these entries are committed (and then deletes them with the claim).
 */
export async function appendResultEntries(
  knex: Knex,
  testId: string,
  lease: Lease,
  entries: readonly ResultEntryInput[],
  progress?: number,
): Promise<boolean> {
  return knex.transaction(async (trx) => {
    if (!(await renewLease(trx, testId, lease, progress))) return false;
    await insertResultEntries(trx, [{ testId, entries }]);
    return true;
  });
}
