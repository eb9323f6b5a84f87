/** Rows changed by an UPDATE/DELETE: knex returns a number for every driver we use. */
export function changedRows(result: unknown): number {
  return typeof result === 'number' ? result : 0;
}
