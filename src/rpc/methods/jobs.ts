/** job_cancel and job_dump (administrative), job_diff. */
import {
  cancelJob,
  getJobStatus,
  getRecording,
  getTestFindings,
  previousCompletedTest,
  type TestFindings,
} from '../../db/api/jobs.js';
import { getTestParams, type StoredEntry } from '../../db/api/tests.js';
import { diffFindings } from '../../findings/diff.js';
import type { ApiContext, CallContext, Handler, Params } from '../context.js';
import { noPreviousTest, noRecording, remoteNotPermitted, testNotFound } from '../errors.js';
import { isAdministrativeClient } from '../remote.js';

const DEFAULT_LANGUAGE = 'en';

/** Same rule as add_api_user: only from loopback (or in process). */
function requireAdministrative(method: string, call: CallContext): void {
  if (!isAdministrativeClient(call.remoteAddress)) throw remoteNotPermitted(method, call.remoteAddress ?? '');
}

export function jobMethods(api: ApiContext): Record<string, Handler> {
  const findings = async (testId: string): Promise<TestFindings> => {
    const test = await getTestFindings(api.knex, testId);
    if (test === undefined) throw testNotFound(testId);
    return test;
  };

  const rendered = async <E extends StoredEntry>(entries: E[], language: string) =>
    Promise.all(
      entries.map(async (e) => ({
        module: e.module,
        testcase: e.testcase,
        tag: e.tag,
        args: e.args,
        level: e.level,
        ...('from_level' in e ? { from_level: e.from_level } : {}),
        message: await api.engine.translate(e, language),
      })),
    );

  return {
    job_cancel: async (params: Params, call) => {
      requireAdministrative('job_cancel', call);
      const jobId = params.job_id as string;
      const cancelled = await cancelJob(api.knex, jobId);
      const status = await getJobStatus(api.knex, jobId);
      if (status === undefined) throw testNotFound(jobId);
      return { job_id: jobId, cancelled, state: status.state };
    },

    job_dump: async (params: Params, call) => {
      requireAdministrative('job_dump', call);
      const jobId = params.job_id as string;
      const test = await findings(jobId);
      const recording = await getRecording(api.knex, jobId);
      if (recording === undefined) throw noRecording(jobId);
      return {
        job_id: jobId,
        domain: test.domain,
        state: test.state,
        params: await getTestParams(api.knex, jobId),
        recording,
      };
    },

    job_diff: async (params: Params) => {
      const language = (params.language as string | undefined) ?? DEFAULT_LANGUAGE;
      const to = await findings(params.job_id as string);
      let fromId = params.other_job_id as string | undefined;
      if (fromId === undefined) {
        fromId = await previousCompletedTest(api.knex, to.hash_id);
        if (fromId === undefined) throw noPreviousTest(to.hash_id);
      }
      const from = await findings(fromId);
      const diff = diffFindings(from.entries, to.entries);
      const side = (t: TestFindings) => ({ job_id: t.hash_id, domain: t.domain, created_at: t.created_at });
      return {
        from: side(from),
        to: side(to),
        added: await rendered(diff.added, language),
        removed: await rendered(diff.removed, language),
        changed: await rendered(diff.changed, language),
      };
    },
  };
}
