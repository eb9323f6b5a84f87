/** add_api_user / user_create (administrative), and the credential check of the batch methods. */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { findUser, insertUser, replaceApiKey } from '../../db/api/users.js';
import { hashApiKey, isHashedApiKey, verifyApiKey } from '../apikey.js';
import type { ApiContext, Handler, Params } from '../context.js';
import { remoteNotPermitted, userExists } from '../errors.js';
import { isAdministrativeClient } from '../remote.js';

export function userMethods(api: ApiContext): Record<string, Handler> {
  const addApiUser: Handler = async (params: Params, call) => {
    if (!isAdministrativeClient(call.remoteAddress))
      throw remoteNotPermitted('add_api_user', call.remoteAddress ?? '');
    const username = params.username as string;
    const created = await insertUser(api.knex, username, await hashApiKey(params.api_key as string));
    if (!created) throw userExists(username);
    return 1;
  };
  return {
    add_api_user: addApiUser,
    user_create: async (params, call) => ({ success: await addApiUser(params, call) }),
  };
}

// Hashed against when there is no stored hash, so an unknown user costs what a wrong key costs.
let dummyHash: Promise<string> | undefined;

/**
 * True when the user exists and the key matches. A key stored in plaintext (a database adopted from the
 * reference backend) is replaced by its hash on first successful use. Every answer costs one scrypt hash,
 * whether the user exists or not (usernames cannot be told apart by timing).
 */
export async function isAuthorized(knex: Knex, username: string, apiKey: string): Promise<boolean> {
  const user = await findUser(knex, username);
  const stored = typeof user?.api_key === 'string' ? user.api_key : undefined;
  if (stored === undefined || !isHashedApiKey(stored)) {
    await verifyApiKey(apiKey, await (dummyHash ??= hashApiKey(randomBytes(16).toString('hex'))));
    if (stored === undefined) return false;
  }
  if (!(await verifyApiKey(apiKey, stored))) return false;
  if (!isHashedApiKey(stored)) await replaceApiKey(knex, user!.id, stored, await hashApiKey(apiKey));
  return true;
}
