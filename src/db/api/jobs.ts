/**
 * The statements behind the job methods added to the API: a test's state and times, the findings of a test and
 * the test it is compared with, cancellation, and the recording of its DNS responses.
 */
import { gunzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import { cancelTests } from '../queue/cancelTests.js';
import type { JobState } from '../queue/jobState.js';
import { toApiTime } from '../time.js';
import { getTestWithEntries, type StoredEntry } from './tests.js';

export interface JobStatus {
  progress: number;
  state: JobState;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

const apiTimeOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : toApiTime(v));

export async function getJobStatus(knex: Knex, testId: string): Promise<JobStatus | undefined> {
  const row = (await knex('test_results')
    .select('progress', 'state', 'created_at', 'started_at', 'ended_at')
    .where('hash_id', testId)
    .first()) as Record<string, unknown> | undefined;
  if (row === undefined) return undefined;
  return {
    progress: Number(row.progress),
    state: row.state as JobState,
    created_at: toApiTime(row.created_at),
    started_at: apiTimeOrNull(row.started_at),
    ended_at: apiTimeOrNull(row.ended_at),
  };
}

export interface TestFindings {
  hash_id: string;
  domain: string;
  state: JobState;
  created_at: string;
  entries: StoredEntry[];
}

/** A test's identity and stored findings (levels by name), or undefined when there is no such test. */
export async function getTestFindings(knex: Knex, testId: string): Promise<TestFindings | undefined> {
  const row = (await knex('test_results').select('domain', 'state').where('hash_id', testId).first()) as
    { domain: string; state: JobState } | undefined;
  if (row === undefined) return undefined;
  const test = await getTestWithEntries(knex, testId);
  if (test === undefined) return undefined;
  return {
    hash_id: testId,
    domain: row.domain,
    state: row.state,
    created_at: test.created_at,
    entries: test.entries,
  };
}

/**
 * The completed test before this one of the same domain with the same parameters (same fingerprint), newest
 * first; undefined when there is none.
 */
export async function previousCompletedTest(knex: Knex, testId: string): Promise<string | undefined> {
  const row = (await knex('test_results as p')
    .join('test_results as t', 'p.fingerprint', 't.fingerprint')
    .select('p.hash_id')
    .where('t.hash_id', testId)
    .andWhere('p.state', 'completed')
    .andWhere('p.id', '<', knex.ref('t.id'))
    .orderBy('p.id', 'desc')
    .first()) as { hash_id: string } | undefined;
  return row?.hash_id;
}

/** Cancels one test if it is waiting or running; false when it had already ended. */
export async function cancelJob(knex: Knex, testId: string): Promise<boolean> {
  return (await cancelTests(knex, { testId })) === 1;
}

/** The recorded DNS responses of a test (recorded-data text), or undefined when none were kept. */
export async function getRecording(knex: Knex, testId: string): Promise<string | undefined> {
  const row = (await knex('test_recordings').select('recording').where('hash_id', testId).first()) as
    { recording: string } | undefined;
  return row === undefined ? undefined : gunzipSync(Buffer.from(row.recording, 'base64')).toString('utf8');
}
