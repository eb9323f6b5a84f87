/** Batches seen through the stored job states: counts per state, a user's batches, their owner, cancellation. */
import type { Knex } from 'knex';
import { cancelTests } from '../queue/cancelTests.js';
import { addStateCount, emptyStateCounts, type StateCounts } from '../queue/jobState.js';
import { toApiTime } from '../time.js';

export async function batchStateCounts(knex: Knex, batchId: number): Promise<StateCounts> {
  const rows = (await knex('test_results')
    .select('state')
    .count({ n: '*' })
    .where('batch_id', batchId)
    .groupBy('state')) as Array<{ state: string; n: unknown }>;
  const counts = emptyStateCounts();
  for (const row of rows) addStateCount(counts, row.state, row.n);
  return counts;
}

export interface BatchSummary {
  batch_id: number;
  created_at: string;
  counts: StateCounts;
}

/** A user's batches, oldest first, each with its test counts per state. */
export async function listUserBatches(knex: Knex, username: string): Promise<BatchSummary[]> {
  const batches = (await knex('batch_jobs')
    .select('id', 'created_at')
    .where('username', username)
    .orderBy('id')) as Array<{ id: number; created_at: unknown }>;
  if (batches.length === 0) return [];
  const summaries = new Map<number, BatchSummary>(
    batches.map((b) => [
      Number(b.id),
      { batch_id: Number(b.id), created_at: toApiTime(b.created_at), counts: emptyStateCounts() },
    ]),
  );
  const rows = (await knex('test_results as t')
    .join('batch_jobs as b', 't.batch_id', 'b.id')
    .select('t.batch_id', 't.state')
    .count({ n: '*' })
    .where('b.username', username)
    .groupBy('t.batch_id', 't.state')) as Array<{ batch_id: number; state: string; n: unknown }>;
  for (const row of rows) {
    const summary = summaries.get(Number(row.batch_id));
    if (summary) addStateCount(summary.counts, row.state, row.n);
  }
  return [...summaries.values()];
}

/** The user who created the batch, or undefined when there is no such batch. */
export async function batchOwner(knex: Knex, batchId: number): Promise<string | undefined> {
  const row = (await knex('batch_jobs').select('username').where('id', batchId).first()) as
    { username: string } | undefined;
  return row?.username;
}

/** Cancels every waiting or running test of the batch; returns how many. */
export async function cancelBatch(knex: Knex, batchId: number): Promise<number> {
  return cancelTests(knex, { batchId });
}

/** Tests of the user's batches still waiting. */
export async function waitingTestsOfUser(knex: Knex, username: string): Promise<number> {
  const row = (await knex('test_results as t')
    .join('batch_jobs as b', 't.batch_id', 'b.id')
    .count({ n: '*' })
    .where('b.username', username)
    .andWhere('t.state', 'waiting')
    .first()) as { n: unknown } | undefined;
  return Number(row?.n ?? 0);
}
