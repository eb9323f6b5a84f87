/**
 * start_domain_test / job_create, test_progress / job_status, get_test_params / job_params,
 * get_test_results / job_results, get_test_history / domain_history.
 */
import { randomBytes } from 'node:crypto';
import {
  createOrReuseTest,
  getTestHistory,
  getTestParams,
  getTestProgress,
  getTestWithEntries,
  type HistoryFilter,
} from '../../db/api/tests.js';
import { getJobStatus } from '../../db/api/jobs.js';
import { toDbTime } from '../../db/time.js';
import { normalizedName, profilePath, type ApiContext, type Handler, type Params } from '../context.js';
import { testNotFound } from '../errors.js';
import { renderResults } from '../results.js';
import { fingerprint, isUndelegated, project, storedParams } from '../test-params.js';

// Limits of the SQL LIMIT/OFFSET parameters; the reference has none.
const MAX_ROWS = 2147483647;

// Random bytes are drawn in blocks: one system call per 1024 test ids instead of one per id.
const ID_BYTES = 8;
let idPool = Buffer.alloc(0);
let idOffset = 0;

/** A new test id: 16 random lower-case hex digits. */
export function newTestId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_BYTES * 1024);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return idPool.toString('hex', idOffset - ID_BYTES, idOffset);
}

/** The params of a test with the reference's defaults filled in: profile, priority, queue, ipv4, ipv6. */
export function withTestDefaults(api: ApiContext, params: Params, defaultPriority: number): Params {
  const out: Params = { ...params };
  out.profile ??= 'default';
  out.priority ??= defaultPriority;
  out.queue ??= 0;
  if (out.ipv4 === undefined || out.ipv6 === undefined) {
    const defaults = api.engine.ipDefaults(profilePath(api.config, String(out.profile)));
    out.ipv4 ??= defaults.ipv4;
    out.ipv6 ??= defaults.ipv6;
  }
  return out;
}

export function testMethods(api: ApiContext): Record<string, Handler> {
  const normalize = (name: string) => normalizedName(api, name);

  const startDomainTest = async (params: Params): Promise<string> => {
    const full = withTestDefaults(api, params, 10);
    const projection = project(full, normalize);
    const print = fingerprint(projection);
    const now = api.now();
    const reuseSince = new Date(now.getTime() - api.config.ZONEMASTER.age_reuse_previous_test * 1000);
    return createOrReuseTest(
      api.knex,
      {
        hash_id: newTestId(),
        domain: projection.domain,
        batch_id: null,
        created_at: toDbTime(now),
        priority: full.priority as number,
        queue: full.queue as number,
        fingerprint: print,
        params: storedParams(full, projection),
        undelegated: isUndelegated(projection),
      },
      toDbTime(reuseSince),
    );
  };

  const testProgress = async (testId: string): Promise<number> => {
    const progress = await getTestProgress(api.knex, testId);
    if (progress === undefined) throw testNotFound(testId);
    return progress;
  };

  const testParams = async (testId: string) => {
    const params = await getTestParams(api.knex, testId);
    if (params === undefined) throw testNotFound(testId);
    return params;
  };

  const testResults = async (testId: string, language: string) => {
    const test = await getTestWithEntries(api.knex, testId);
    if (test === undefined) throw testNotFound(testId);
    const rendered = await renderResults(test.entries, language, api.engine);
    return { hash_id: test.hash_id, created_at: test.created_at, params: test.params, ...rendered };
  };

  const history = (params: Params, domainParams: Params) =>
    getTestHistory(
      api.knex,
      normalize(domainParams.domain as string),
      ((params.filter as string | undefined) ?? 'all') as HistoryFilter,
      Math.min((params.limit as number | undefined) ?? 200, MAX_ROWS),
      Math.min((params.offset as number | undefined) ?? 0, MAX_ROWS),
    );

  return {
    start_domain_test: startDomainTest,
    job_create: async (params) => ({ job_id: await startDomainTest(params) }),
    test_progress: (params) => testProgress(params.test_id as string),
    job_status: async (params) => {
      const status = await getJobStatus(api.knex, params.job_id as string);
      if (status === undefined) throw testNotFound(params.job_id as string);
      return status;
    },
    get_test_params: (params) => testParams(params.test_id as string),
    job_params: (params) => testParams(params.job_id as string),
    get_test_results: (params) => testResults(params.id as string, params.language as string),
    job_results: async (params) => {
      const r = await testResults(params.job_id as string, params.language as string);
      return {
        job_id: r.hash_id,
        created_at: r.created_at,
        params: r.params,
        results: r.results,
        testcase_descriptions: r.testcase_descriptions,
      };
    },
    get_test_history: (params) => history(params, params.frontend_params as Params),
    domain_history: async (params) => ({
      history: (await history(params, params.params as Params)).map((h) => ({
        job_id: h.id,
        created_at: h.created_at,
        overall_result: h.overall_result,
        undelegated: h.undelegated,
      })),
    }),
  };
}
