import { gzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import { toDbTime } from '../time.js';

/**
 * Keeps the DNS responses a run received (engine recorded-data text), gzip'd: a recording is mostly base64
 * packets and repeated keys and shrinks about fourfold (stored as base64 text). A second recording of the same test (a re-run)
 * replaces the first.
 */
export async function storeRecording(
  knex: Knex | Knex.Transaction,
  testId: string,
  recording: string,
  now: number = Date.now(),
): Promise<void> {
  const row = {
    hash_id: testId,
    created_at: toDbTime(new Date(now)),
    recording: gzipSync(recording).toString('base64'),
  };
  const write = async (trx: Knex.Transaction) => {
    await trx('test_recordings').where('hash_id', testId).delete();
    await trx('test_recordings').insert(row);
  };
  // inside a caller's transaction this is a savepoint
  await knex.transaction(write);
}
