import type { Knex } from 'knex';

/**
 * Which of the tests this agent is running have been cancelled. One indexed lookup per agent, however many
 * tests it runs: cheap enough to ask every second.
 */
export async function cancelledAmong(
  knex: Knex,
  agentId: string,
  testIds: readonly string[],
): Promise<string[]> {
  if (testIds.length === 0) return [];
  const rows = (await knex('test_results')
    .select('hash_id')
    .whereIn('hash_id', testIds)
    .andWhere({ claimed_by: agentId, state: 'cancelled' })) as Array<{ hash_id: string }>;
  return rows.map((r) => r.hash_id);
}
