import type { Knex } from 'knex';
import { changedRows } from '../../db/queue/dialect.js';

/**
 * Deletes a user's schedule with its delivery log and its pending deliveries. The tests it started stay: they are
 * ordinary tests. False when the user has no such schedule.
 */
export async function deleteSchedule(knex: Knex, username: string, scheduleId: number): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const deleted = await trx('schedules').where({ id: scheduleId, username }).delete();
    if (changedRows(deleted) !== 1) return false;
    await trx('webhook_attempts')
      .whereIn('delivery_id', trx('webhook_deliveries').select('id').where('schedule_id', scheduleId))
      .delete();
    await trx('webhook_deliveries').where('schedule_id', scheduleId).delete();
    await trx('schedule_tests').where('schedule_id', scheduleId).delete();
    return true;
  });
}
