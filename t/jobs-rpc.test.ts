/**
 * The job and batch-management methods over HTTP against the database named by $TARGET: success paths, the
 * documented errors, and the streamed batch results. Result entries are written directly (no agent).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeRecording } from '../src/db/queue/index.js';
import { toDbTime } from '../src/db/time.js';
import { createLogger } from '../src/log.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

let db: TestDatabase;
let server: RunningRpcServer;
const clock = new Date('2025-03-10T12:00:00Z');
const USER = { username: 'registry', api_key: 'registry-key' };

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: {
      RPCAPI: { enable_add_api_user: 'yes', trusted_proxies: '127.0.0.1', max_waiting_tests_per_user: '10' },
      LANGUAGE: { locale: 'en_US fr_FR' },
    },
  });
  server = await startRpcServer(db.config, {
    port: 0,
    deps: { knex: db.knex, now: () => clock },
    logger: createLogger('rpcapi', { level: 'fatal' }),
  });
  await result('user_create', USER);
  await result('user_create', { username: 'other', api_key: 'other-key' });
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});
beforeEach(async () => {
  await db.knex('result_entries').delete();
  await db.knex('test_recordings').delete();
  await db.knex('test_results').delete();
  await db.knex('batch_jobs').delete();
});

async function call(method: string, params?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) }),
  });
  return res.json();
}

async function result(method: string, params?: unknown): Promise<any> {
  const answer = await call(method, params);
  expect(answer.error).toBeUndefined();
  return answer.result;
}

const REMOTE = { 'x-forwarded-for': '192.0.2.1' };

type Entry = { level: number; module?: string; testcase?: string; tag: string; args?: object };

/** Ends a test as an agent would: state, times, entries. */
async function finish(testId: string, entries: Entry[], state = 'completed', day = '2025-03-10') {
  await db
    .knex('test_results')
    .where('hash_id', testId)
    .update({
      progress: 100,
      state,
      started_at: `${day} 11:00:00`,
      ended_at: `${day} 11:00:05`,
      cpu_seconds: 0.5,
    });
  if (entries.length > 0)
    await db.knex('result_entries').insert(
      entries.map((e, i) => ({
        hash_id: testId,
        level: e.level,
        module: e.module ?? 'BASIC',
        testcase: e.testcase ?? 'Basic02',
        tag: e.tag,
        timestamp: i,
        args: JSON.stringify(e.args ?? {}),
      })),
    );
}

const batchCreate = async (domains: string[], user = USER) =>
  (await result('batch_create', { ...user, domains })).batch_id as number;
const testsOf = async (batchId: number) =>
  (
    (await db.knex('test_results').select('hash_id').where('batch_id', batchId).orderBy('id')) as Array<{
      hash_id: string;
    }>
  ).map((r) => r.hash_id);

describe('job_status', () => {
  it('also returns the stored state and the times (progress unchanged)', async () => {
    const id = await result('start_domain_test', { domain: 'zone.example' });
    expect(await result('job_status', { job_id: id })).toEqual({
      progress: 0,
      state: 'waiting',
      created_at: '2025-03-10T12:00:00Z',
      started_at: null,
      ended_at: null,
    });
    await finish(id, []);
    expect(await result('job_status', { job_id: id })).toMatchObject({
      progress: 100,
      state: 'completed',
      started_at: '2025-03-10T11:00:00Z',
      ended_at: '2025-03-10T11:00:05Z',
    });
    expect(await result('test_progress', { test_id: id })).toBe(100);
  });
});

describe('job_cancel (administrative)', () => {
  it('cancels a waiting test; an ended test is left as it is', async () => {
    const id = await result('start_domain_test', { domain: 'zone.example' });
    expect(await result('job_cancel', { job_id: id })).toEqual({
      job_id: id,
      cancelled: true,
      state: 'cancelled',
    });
    expect(await result('test_progress', { test_id: id })).toBe(100);
    expect(await result('job_cancel', { job_id: id })).toEqual({
      job_id: id,
      cancelled: false,
      state: 'cancelled',
    });
    // a cancelled test is not reused: asking again runs the test
    const again = await result('start_domain_test', { domain: 'zone.example' });
    expect(again).not.toBe(id);
    expect(await result('start_domain_test', { domain: 'zone.example' })).toBe(again);
  });

  it('is refused from a remote address, and answers Test not found / invalid params', async () => {
    const id = await result('start_domain_test', { domain: 'zone.example' });
    expect((await call('job_cancel', { job_id: id }, REMOTE)).error).toEqual({
      code: -32603,
      message: 'Call to "job_cancel" method not permitted from a remote IP',
      data: { remote_ip: '192.0.2.1' },
    });
    expect(await result('job_status', { job_id: id })).toMatchObject({ state: 'waiting' });
    expect((await call('job_cancel', { job_id: '0123456789abcdef' })).error).toMatchObject({
      code: -32603,
      message: 'Test not found',
    });
    expect((await call('job_cancel', { job_id: 'nope' })).error).toMatchObject({
      code: -32602,
      data: [{ path: '/job_id' }],
    });
  });
});

describe('batch_list, batch_status counts, batch_cancel', () => {
  it("lists the user's batches with counts per state; batch_cancel cancels the unfinished tests", async () => {
    const first = await batchCreate(['a.example', 'b.example', 'c.example']);
    const second = await batchCreate(['d.example']);
    await batchCreate(['e.example'], { username: 'other', api_key: 'other-key' });
    const [a, b] = await testsOf(first);
    await finish(a!, [], 'completed');
    await db.knex('test_results').where('hash_id', b).update({ progress: 30, state: 'running' });

    const empty = { waiting: 0, running: 0, completed: 0, cancelled: 0, crashed: 0 };
    expect(await result('batch_list', USER)).toEqual({
      batches: [
        {
          batch_id: first,
          created_at: '2025-03-10T12:00:00Z',
          counts: { ...empty, waiting: 1, running: 1, completed: 1 },
        },
        { batch_id: second, created_at: '2025-03-10T12:00:00Z', counts: { ...empty, waiting: 1 } },
      ],
    });
    expect(await result('batch_status', { batch_id: first })).toEqual({
      waiting_count: 1,
      running_count: 1,
      finished_count: 1,
      counts: { ...empty, waiting: 1, running: 1, completed: 1 },
    });

    expect(await result('batch_cancel', { ...USER, batch_id: first })).toEqual({
      batch_id: first,
      cancelled: 2,
    });
    expect((await result('batch_status', { batch_id: first })).counts).toEqual({
      ...empty,
      completed: 1,
      cancelled: 2,
    });
    expect(await result('batch_cancel', { ...USER, batch_id: first })).toEqual({
      batch_id: first,
      cancelled: 0,
    });
  });

  it("refuses a wrong key, and answers another user's batch as unknown", async () => {
    const theirs = await batchCreate(['e.example'], { username: 'other', api_key: 'other-key' });
    const wrongKey = { username: 'registry', api_key: 'wrong' };
    const notAuthorized = {
      code: -32603,
      message: 'User not authorized to use batch mode',
      data: { username: 'registry' },
    };
    expect((await call('batch_list', wrongKey)).error).toEqual(notAuthorized);
    expect((await call('batch_cancel', { ...wrongKey, batch_id: theirs })).error).toEqual(notAuthorized);
    expect((await call('batch_cancel', { ...USER, batch_id: theirs })).error).toEqual({
      code: -32603,
      message: 'Unknown batch',
      data: { batch_id: theirs },
    });
    expect((await call('batch_cancel', { ...USER, batch_id: 999999 })).error).toMatchObject({
      message: 'Unknown batch',
    });
    expect((await call('batch_cancel', USER)).error).toMatchObject({
      code: -32602,
      data: [{ path: '/batch_id' }],
    });
    expect((await result('batch_status', { batch_id: theirs })).counts.waiting).toBe(1);
  });
});

describe('[RPCAPI] max_waiting_tests_per_user', () => {
  it('refuses a batch that would leave the user more waiting tests than the limit, naming it', async () => {
    await batchCreate(Array.from({ length: 8 }, (_, i) => `w${i}.example`));
    const refused = await call('batch_create', { ...USER, domains: ['x.example', 'y.example', 'z.example'] });
    expect(refused.error).toEqual({
      code: -32602,
      message: 'Invalid method parameter(s).',
      data: [
        {
          path: '/domains',
          message: '3 new tests with 8 already waiting would exceed max_waiting_tests_per_user = 10',
        },
      ],
    });
    expect(
      (await call('add_batch_job', { ...USER, domains: ['x.example', 'y.example', 'z.example'] })).error.code,
    ).toBe(-32602);
    await batchCreate(['x.example', 'y.example']);
    // another user has a budget of their own
    await batchCreate(['x.example', 'y.example', 'z.example'], { username: 'other', api_key: 'other-key' });
  });
});

describe('user_usage', () => {
  it('counts per day: tests started, batch domains submitted, agent CPU seconds, tests crashed', async () => {
    const batchId = await batchCreate(['a.example', 'b.example', 'c.example']);
    const [a, b, c] = await testsOf(batchId);
    await finish(a!, [], 'completed', '2025-03-09');
    await finish(b!, [{ level: 5, module: 'Backend', testcase: 'Unspecified', tag: 'TEST_DIED' }], 'crashed');
    await finish(c!, []);
    await db
      .knex('batch_jobs')
      .where('id', batchId)
      .update({ created_at: toDbTime(new Date('2025-03-08T10:00:00Z')) });
    await batchCreate(['z.example'], { username: 'other', api_key: 'other-key' });

    expect(await result('user_usage', USER)).toEqual({
      username: 'registry',
      days: 30,
      usage: [
        {
          date: '2025-03-08',
          tests_started: 0,
          batch_domains_submitted: 3,
          agent_cpu_seconds: 0,
          tests_crashed: 0,
        },
        {
          date: '2025-03-09',
          tests_started: 1,
          batch_domains_submitted: 0,
          agent_cpu_seconds: 0.5,
          tests_crashed: 0,
        },
        {
          date: '2025-03-10',
          tests_started: 2,
          batch_domains_submitted: 0,
          agent_cpu_seconds: 1,
          tests_crashed: 1,
        },
      ],
    });
    expect(
      (await result('user_usage', { ...USER, days: 1 })).usage.map((u: { date: string }) => u.date),
    ).toEqual(['2025-03-10']);
    expect((await call('user_usage', { ...USER, api_key: 'wrong' })).error).toMatchObject({
      message: 'User not authorized to use batch mode',
    });
    expect((await call('user_usage', { ...USER, days: 0 })).error).toMatchObject({ code: -32602 });
  });
});

describe('job_diff', () => {
  it('compares with an explicit test, or the previous completed test with the same parameters', async () => {
    const older = await batchCreate(['zone.example']);
    const [first] = await testsOf(older);
    await finish(first!, [
      { level: 1, tag: 'B02_AUTH_RESPONSE_SOA', args: { domain: 'zone.example', ns_list: 'ns1/127.0.0.1' } },
      { level: 3, tag: 'B02_NS_BROKEN', args: { ns: 'ns2', ns_ip: '127.0.0.2' } },
      {
        level: 4,
        module: 'DELEGATION',
        testcase: 'Delegation01',
        tag: 'NOT_ENOUGH_NS_DEL',
        args: { count: 1, minimum: 2, ns_list: 'a' },
      },
    ]);
    const newer = await batchCreate(['zone.example']);
    const [second] = await testsOf(newer);
    await finish(second!, [
      { level: 1, tag: 'B02_AUTH_RESPONSE_SOA', args: { ns_list: 'ns1/127.0.0.1', domain: 'zone.example' } },
      {
        level: 4,
        module: 'DELEGATION',
        testcase: 'Delegation01',
        tag: 'NOT_ENOUGH_NS_DEL',
        args: { minimum: 2, ns_list: 'a', count: 1 },
      },
      { level: 5, tag: 'B02_NO_WORKING_NS', args: { domain: 'zone.example' } },
    ]);
    // a later completed test is not "previous"; nor is a test with other parameters
    const later = await batchCreate(['zone.example']);
    await finish((await testsOf(later))[0]!, []);

    const diff = await result('job_diff', { job_id: second, language: 'fr' });
    expect(diff.from).toEqual({ job_id: first, domain: 'zone.example', created_at: '2025-03-10T12:00:00Z' });
    expect(diff.to.job_id).toBe(second);
    expect(diff.added).toMatchObject([
      { module: 'BASIC', testcase: 'Basic02', tag: 'B02_NO_WORKING_NS', level: 'CRITICAL' },
    ]);
    expect(diff.removed).toMatchObject([
      { tag: 'B02_NS_BROKEN', level: 'WARNING', args: { ns: 'ns2', ns_ip: '127.0.0.2' } },
    ]);
    expect(diff.changed).toEqual([]);
    expect(diff.added[0].message).toMatch(/zone\.example/);
    const explicit = await result('job_diff', { job_id: second, other_job_id: first });
    expect(explicit.from.job_id).toBe(first);
    expect(explicit.added.map((f: { tag: string }) => f.tag)).toEqual(['B02_NO_WORKING_NS']);

    // the same finding with another level is changed
    await db.knex('result_entries').where({ hash_id: second, tag: 'NOT_ENOUGH_NS_DEL' }).update({ level: 2 });
    expect((await result('job_diff', { job_id: second, other_job_id: first })).changed).toMatchObject([
      { tag: 'NOT_ENOUGH_NS_DEL', level: 'NOTICE', from_level: 'ERROR' },
    ]);
  });

  it('answers an error when there is nothing to compare with or no such test', async () => {
    const id = await result('start_domain_test', { domain: 'alone.example' });
    expect((await call('job_diff', { job_id: id })).error).toEqual({
      code: -32603,
      message: 'No earlier completed test with the same parameters',
      data: { job_id: id },
    });
    expect((await call('job_diff', { job_id: id, other_job_id: '0123456789abcdef' })).error).toMatchObject({
      message: 'Test not found',
    });
    expect((await call('job_diff', { job_id: id, language: 'xx' })).error).toMatchObject({ code: -32602 });
  });
});

describe('job_dump (administrative)', () => {
  it("returns a test's recording with its domain and params; refused from a remote address", async () => {
    const id = await result('start_domain_test', { domain: 'zone.example' });
    expect((await call('job_dump', { job_id: id })).error).toEqual({
      code: -32603,
      message: 'No recording kept for this test',
      data: { job_id: id },
    });
    await finish(id, [{ level: 5, module: 'Backend', testcase: 'Unspecified', tag: 'TEST_DIED' }], 'crashed');
    await storeRecording(db.knex, id, 'ns1.zone.example 127.0.0.1 {}\n');
    const dump = await result('job_dump', { job_id: id });
    expect(dump).toMatchObject({
      job_id: id,
      domain: 'zone.example',
      state: 'crashed',
      params: { domain: 'zone.example' },
      recording: 'ns1.zone.example 127.0.0.1 {}\n',
    });
    expect((await call('job_dump', { job_id: id }, REMOTE)).error).toMatchObject({
      message: 'Call to "job_dump" method not permitted from a remote IP',
    });
  });
});

describe('GET /batches/<id>/results', () => {
  const url = (batchId: number, query = '') => `${server.url}batches/${batchId}/results${query}`;
  const basic = (user: string, key: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`,
  });
  const auth = basic(USER.username, USER.api_key);

  it('streams one NDJSON record per test with its entries at or above the level, rendered', async () => {
    const batchId = await batchCreate(['a.example', 'b.example', 'c.example']);
    const [a, b] = await testsOf(batchId);
    await finish(a!, [
      { level: 1, tag: 'B02_AUTH_RESPONSE_SOA', args: { domain: 'a.example', ns_list: 'ns1' } },
      { level: 4, tag: 'B02_NO_WORKING_NS', args: { domain: 'a.example' } },
    ]);
    await finish(b!, [
      { level: 1, tag: 'B02_AUTH_RESPONSE_SOA', args: { domain: 'b.example', ns_list: 'ns1' } },
    ]);

    const res = await fetch(url(batchId, '?format=ndjson&language=fr'), { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const records = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.domain, r.state, r.overall_result, r.results.length])).toEqual([
      ['a.example', 'completed', 'error', 1],
      ['b.example', 'completed', 'ok', 0],
      ['c.example', 'waiting', 'ok', 0],
    ]);
    expect(records[0].results[0]).toMatchObject({ tag: 'B02_NO_WORKING_NS', level: 'ERROR' });
    expect(records[0].results[0].message).toMatch(/a\.example/);

    const info = await (await fetch(url(batchId, '?level=info'), { headers: auth })).text();
    expect(
      info
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).results.length),
    ).toEqual([2, 1, 0]);
  });

  it('streams CSV with a header, one row per test', async () => {
    const batchId = await batchCreate(['a.example', 'b.example']);
    const [a] = await testsOf(batchId);
    await finish(a!, [{ level: 3, tag: 'B02_NS_BROKEN', args: { ns: 'ns2, "x"', ns_ip: '127.0.0.2' } }]);
    const res = await fetch(url(batchId, '?format=csv'), { headers: auth });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await res.text();
    expect(text.startsWith('job_id,domain,state,overall_result,results\r\n')).toBe(true);
    expect(text).toContain(`${a},a.example,completed,warning,"WARNING Basic02 B02_NS_BROKEN: `);
    expect(text).toContain('""x""');
    expect(text.trim().split('\r\n')).toHaveLength(3);
  });

  it('401 without or with wrong credentials, 404 for an unknown or foreign batch, 400 for bad options', async () => {
    const batchId = await batchCreate(['a.example']);
    const none = await fetch(url(batchId));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(url(batchId), { headers: basic('registry', 'wrong') })).status).toBe(401);
    expect((await fetch(url(batchId), { headers: basic('other', 'other-key') })).status).toBe(404);
    expect((await fetch(url(999999), { headers: auth })).status).toBe(404);
    expect((await fetch(url(batchId, '?format=xml'), { headers: auth })).status).toBe(400);
    expect((await fetch(url(batchId, '?language=xx'), { headers: auth })).status).toBe(400);
    expect((await fetch(url(batchId, '?level=LOUD'), { headers: auth })).status).toBe(400);
  });
});
