import type { Knex } from 'knex';

/**
 * Whether a recovered test (its agent stopped renewing its lease: killed, or crashed by a neighbour) waits for
 * its re-run in this queue. The caller must then run it alone: nothing else claimed beside it until it ends.
 */
export async function rerunWaiting(knex: Knex, queue: number): Promise<boolean> {
  const row: unknown = await knex('test_results')
    .first('id')
    .where('progress', 0)
    .andWhere('attempts', '>', 0)
    .andWhere('queue', queue);
  return row !== undefined;
}
