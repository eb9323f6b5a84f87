/** batch_list and batch_cancel: a user manages its own batches (authenticated like batch_create). */
import { batchOwner, cancelBatch, listUserBatches } from '../../db/api/batchStates.js';
import type { ApiContext, Handler, Params } from '../context.js';
import { notAuthorized, unknownBatch } from '../errors.js';
import { isAuthorized } from './users.js';

export function batchManagementMethods(api: ApiContext): Record<string, Handler> {
  const authorized = async (params: Params): Promise<string> => {
    const username = params.username as string;
    if (!(await isAuthorized(api.knex, username, params.api_key as string))) throw notAuthorized(username);
    return username;
  };
  return {
    batch_list: async (params) => ({ batches: await listUserBatches(api.knex, await authorized(params)) }),
    batch_cancel: async (params) => {
      const username = await authorized(params);
      const batchId = params.batch_id as number;
      // Another user's batch is answered like a missing one: batch ids are not a way to learn about others.
      if ((await batchOwner(api.knex, batchId)) !== username) throw unknownBatch(batchId);
      return { batch_id: batchId, cancelled: await cancelBatch(api.knex, batchId) };
    },
  };
}
