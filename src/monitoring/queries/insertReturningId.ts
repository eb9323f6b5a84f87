import type { Knex } from 'knex';
import { dialectOf } from '../../db/connection.js';

/** Inserts one row and returns its generated id (MySQL has no RETURNING; its driver gives the id anyway). */
export async function insertReturningId(
  db: Knex | Knex.Transaction,
  table: string,
  row: Record<string, unknown>,
): Promise<number> {
  const [inserted] = (await (dialectOf(db) === 'mysql'
    ? db(table).insert(row)
    : db(table).insert(row, ['id']))) as Array<number | { id: number | string }>;
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}
