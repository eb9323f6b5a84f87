/** user_usage: a user's own usage per day (authenticated like batch_create). */
import { userUsage } from '../../db/api/usage.js';
import type { ApiContext, Handler } from '../context.js';
import { notAuthorized } from '../errors.js';
import { isAuthorized } from './users.js';

const DEFAULT_DAYS = 30;

export function usageMethods(api: ApiContext): Record<string, Handler> {
  return {
    user_usage: async (params) => {
      const username = params.username as string;
      if (!(await isAuthorized(api.knex, username, params.api_key as string))) throw notAuthorized(username);
      const days = (params.days as number | undefined) ?? DEFAULT_DAYS;
      // Whole UTC days: today and the days-1 before it.
      const since = new Date(api.now().getTime() - (days - 1) * 86_400_000);
      since.setUTCHours(0, 0, 0, 0);
      return { username, days, usage: await userUsage(api.knex, username, since) };
    },
  };
}
