/**
 * schedule_create, schedule_list, schedule_delete, schedule_deliveries: a user's schedules (a domain tested every
 * `interval` seconds by the agents) and the webhooks sent when a scheduled test's findings change. Authenticated
 * like batch_create; a user sees and deletes only its own schedules.
 */
import { randomBytes } from 'node:crypto';
import {
  createSchedule,
  deleteSchedule,
  listDeliveries,
  listSchedules,
  scheduleOwner,
} from '../../monitoring/queries/index.js';
import { targetPolicy, urlHost } from '../../monitoring/targetPolicy.js';
import { normalizedName, type ApiContext, type Handler, type Params } from '../context.js';
import { INTERNAL_ERROR, invalidParams, RpcError, type ValidationErrorItem } from '../errors.js';
import { fingerprint, project, storedParams } from '../test-params.js';
import { withTestDefaults } from './tests.js';

const TEST_PARAMS = ['domain', 'profile', 'ipv4', 'ipv6', 'nameservers', 'ds_info'];

export const unknownSchedule = (scheduleId: unknown): RpcError =>
  new RpcError(INTERNAL_ERROR, 'Unknown schedule', { schedule_id: scheduleId });

export function scheduleMethods(api: ApiContext): Record<string, Handler> {
  const settings = api.config.MONITORING;
  const policy = targetPolicy(settings.allowed_webhook_hosts);

  /** The checks that depend on the configuration: the smallest interval, the webhook target. */
  const problems = (params: Params): ValidationErrorItem[] => {
    const found: ValidationErrorItem[] = [];
    const interval = params.interval as number;
    if (interval < settings.min_interval)
      found.push({
        path: '/interval',
        message: api.engine.renderMessage('BELOW_MINIMUM', {
          actual: interval,
          limit: settings.min_interval,
        }),
      });
    const url = params.webhook_url as string | undefined;
    if (url !== undefined && !webhookUrlAllowed(url))
      found.push({ path: '/webhook_url', message: api.engine.renderMessage('INVALID_VALUE') });
    return found;
  };

  const webhookUrlAllowed = (text: string): boolean => {
    try {
      const url = new URL(text);
      return ['http:', 'https:'].includes(url.protocol) && policy.hostAllowed(urlHost(url));
    } catch {
      return false;
    }
  };

  /** Credentials were checked by the dispatcher (x-credentials); the schedule must be the user's. */
  const ownSchedule = async (params: Params): Promise<number> => {
    const scheduleId = params.schedule_id as number;
    // Another user's schedule is answered like a missing one: ids are not a way to learn about others.
    if ((await scheduleOwner(api.knex, scheduleId)) !== params.username) throw unknownSchedule(scheduleId);
    return scheduleId;
  };

  return {
    schedule_create: async (params) => {
      const found = problems(params);
      if (found.length > 0) throw invalidParams(api.engine.renderMessage('INVALID_PARAMS'), found);
      const testParams = Object.fromEntries(
        TEST_PARAMS.filter((k) => k in params).map((k) => [k, params[k]]),
      );
      const full = withTestDefaults(api, testParams, 5);
      const projection = project(full, (name) => normalizedName(api, name));
      const webhookUrl = (params.webhook_url as string | undefined) ?? null;
      // A webhook is always signed: without a secret of the client's, one is made and returned once.
      const givenSecret = params.webhook_secret as string | undefined;
      const madeSecret =
        webhookUrl !== null && givenSecret === undefined ? randomBytes(24).toString('hex') : undefined;
      const scheduleId = await createSchedule(api.knex, {
        username: params.username as string,
        domain: projection.domain,
        params: storedParams(full, projection),
        fingerprint: fingerprint(projection),
        intervalSeconds: params.interval as number,
        webhookUrl,
        webhookSecret: webhookUrl === null ? null : (givenSecret ?? madeSecret!),
        now: api.now().getTime(),
        jitter: Math.random(),
      });
      return madeSecret === undefined
        ? { schedule_id: scheduleId }
        : { schedule_id: scheduleId, webhook_secret: madeSecret };
    },
    schedule_list: async (params) => ({
      schedules: await listSchedules(api.knex, params.username as string),
    }),
    schedule_delete: async (params) => {
      const scheduleId = await ownSchedule(params);
      if (!(await deleteSchedule(api.knex, params.username as string, scheduleId)))
        throw unknownSchedule(scheduleId);
      return { schedule_id: scheduleId, deleted: true };
    },
    schedule_deliveries: async (params) => {
      const scheduleId = await ownSchedule(params);
      return { schedule_id: scheduleId, deliveries: await listDeliveries(api.knex, scheduleId) };
    },
  };
}
