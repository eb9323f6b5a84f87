/** The users table: api users who may create batches. api_key holds a hash (or, in an adopted database, plaintext). */
import type { Knex } from 'knex';

export interface StoredUser {
  id: number;
  username: string;
  api_key: string;
}

/** Inserts a user; false when the username is taken. */
export async function insertUser(knex: Knex, username: string, apiKeyHash: string): Promise<boolean> {
  if (await findUser(knex, username)) return false;
  try {
    await knex('users').insert({ username, api_key: apiKeyHash });
    return true;
  } catch (e) {
    // a concurrent insert of the same name hit the UNIQUE constraint
    if (await findUser(knex, username)) return false;
    throw e;
  }
}

export async function findUser(knex: Knex, username: string): Promise<StoredUser | undefined> {
  const row = (await knex('users')
    .select('id', 'username', 'api_key')
    .where('username', username)
    .first()) as StoredUser | undefined;
  return row === undefined ? undefined : { ...row, id: Number(row.id) };
}

/** Replaces a stored key (used to re-hash a plaintext key on first use); only if it still holds `previous`. */
export async function replaceApiKey(knex: Knex, id: number, previous: string, next: string): Promise<void> {
  await knex('users').update({ api_key: next }).where({ id, api_key: previous });
}
