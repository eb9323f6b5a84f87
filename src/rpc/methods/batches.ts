/** add_batch_job / batch_create (authenticated), batch_status. */
import { batchExists, createBatch, getBatchStatus } from '../../db/api/batches.js';
import { batchStateCounts, waitingTestsOfUser } from '../../db/api/batchStates.js';
import type { NewTestRow } from '../../db/api/tests.js';
import { toDbTime } from '../../db/time.js';
import { toBoolean } from '../coerce.js';
import { normalizedName, type ApiContext, type CallContext, type Handler, type Params } from '../context.js';
import { invalidParams, notAuthorized, unknownBatch } from '../errors.js';
import { canonicalJson, isUndelegated, project, storedParams } from '../test-params.js';
import { createHash } from 'node:crypto';
import { newTestId, withTestDefaults } from './tests.js';
import { isAuthorized } from './users.js';

export function batchMethods(api: ApiContext): Record<string, Handler> {
  const normalize = (name: string) => normalizedName(api, name);

  const addBatchJob = async (
    params: Params,
    call: CallContext,
    testParamsKey: 'test_params' | 'job_params',
  ): Promise<number> => {
    const username = params.username as string;
    const checked = call.authenticatedUser === username;
    if (!checked && !(await isAuthorized(api.knex, username, params.api_key as string)))
      throw notAuthorized(username);
    await refuseOverLimit(username, (params.domains as string[]).length);
    const testParams = withTestDefaults(api, (params[testParamsKey] as Params | undefined) ?? {}, 5);
    const domains = params.domains as string[];
    // Everything but the domain is the same for every test: project once, then vary the domain.
    const base = project({ ...testParams, domain: '.' }, normalize);
    const undelegated = isUndelegated(base);
    // Canonical JSON sorts keys and "domain" sorts first: the fingerprint input is the domain plus a shared tail.
    const tail = canonicalJson({ ...base, domain: undefined }).slice(1);
    const fingerprintOf = (domain: string) =>
      createHash('md5')
        .update(`{"domain":${JSON.stringify(domain)},${tail}`)
        .digest('hex');
    const createdAt = toDbTime(api.now());
    function* rowsFor(batchId: number): Generator<NewTestRow> {
      for (const input of domains) {
        const domain = normalize(input);
        const projection = { ...base, domain };
        yield {
          hash_id: newTestId(),
          domain,
          batch_id: batchId,
          created_at: createdAt,
          priority: testParams.priority as number,
          queue: testParams.queue as number,
          fingerprint: fingerprintOf(domain),
          params: storedParams(testParams, projection),
          undelegated,
        };
      }
    }
    return createBatch(api.knex, username, createdAt, rowsFor);
  };

  /** [RPCAPI] max_waiting_tests_per_user: checked before the insert (two racing batches may both pass). */
  const refuseOverLimit = async (username: string, newTests: number): Promise<void> => {
    const limit = api.config.RPCAPI.max_waiting_tests_per_user;
    if (limit === undefined) return;
    const waiting = await waitingTestsOfUser(api.knex, username);
    if (waiting + newTests <= limit) return;
    throw invalidParams(api.engine.renderMessage('INVALID_PARAMS', {}, undefined), [
      {
        path: '/domains',
        message:
          `${newTests} new tests with ${waiting} already waiting would exceed ` +
          `max_waiting_tests_per_user = ${limit}`,
      },
    ]);
  };

  return {
    add_batch_job: (params, call) => addBatchJob(params, call, 'test_params'),
    batch_create: async (params, call) => ({ batch_id: await addBatchJob(params, call, 'job_params') }),
    batch_status: async (params) => {
      const batchId = params.batch_id as number;
      if (!(await batchExists(api.knex, batchId))) throw unknownBatch(batchId);
      const status = await getBatchStatus(api.knex, batchId, {
        waiting: toBoolean(params.list_waiting_tests),
        running: toBoolean(params.list_running_tests),
        finished: toBoolean(params.list_finished_tests),
      });
      return { ...status, counts: await batchStateCounts(api.knex, batchId) };
    },
  };
}
