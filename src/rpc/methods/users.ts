/** add_api_user / user_create (administrative), and the credential check of the batch methods. */
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

/**
 * True when the user exists and the key matches. A key stored in plaintext (a database adopted from the
 * reference backend) is replaced by its hash on first successful use.
 */
export async function isAuthorized(knex: Knex, username: string, apiKey: string): Promise<boolean> {
  const user = await findUser(knex, username);
  if (!user || typeof user.api_key !== 'string') return false;
  if (!(await verifyApiKey(apiKey, user.api_key))) return false;
  if (!isHashedApiKey(user.api_key))
    await replaceApiKey(knex, user.id, user.api_key, await hashApiKey(apiKey));
  return true;
}
