/**
 * Every method's success path and documented errors, end to end over HTTP against the database named by $TARGET.
 * Result entries are written directly (the agent is not part of this test).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { toDbTime } from '../src/db/time.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { fingerprint, project } from '../src/rpc/test-params.js';
import { normalizeName } from '../src/engine/normalize.js';
import { ENGINE_VERSION } from '../src/engine/run.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { localeDirWith } from './lib/locale.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';

let db: TestDatabase;
let server: RunningRpcServer;
let clock = new Date('2025-01-01T00:00:00Z');
const DIGEST = 'ab'.repeat(32);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zmt-rpc-'));
  writeFileSync(join(dir, 'no-ipv6.json'), JSON.stringify({ net: { ipv6: false } }));
  writeFileSync(join(dir, 'secret.json'), '{}');
  db = await createTestDatabase({
    configOverrides: {
      RPCAPI: { enable_add_api_user: 'yes', trusted_proxies: '127.0.0.1' },
      LANGUAGE: { locale: 'en_US fr_FR' },
      ZONEMASTER: { age_reuse_previous_test: '600' },
      'PUBLIC PROFILES': { 'No-IPv6': join(dir, 'no-ipv6.json') },
      'PRIVATE PROFILES': { secret: join(dir, 'secret.json') },
    },
  });
  server = await startRpcServer(db.config, {
    port: 0,
    deps: {
      knex: db.knex,
      now: () => clock,
      engine: createEngineServices({
        localeDir: localeDirWith({
          fr: {
            BASIC: { B01_CHILD_NOT_EXIST: "La zone {domain} n'existe pas." },
            BACKEND: { TEST_DIED: 'Le test s’est arrêté sur une erreur interne.' },
          },
        }),
      }),
    },
    logger: createLogger('rpcapi', { level: 'fatal' }),
  });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function call(method: string, params?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, ...(params === undefined ? {} : { params }) }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function result(method: string, params?: unknown): Promise<any> {
  const answer = await call(method, params);
  expect(answer.error).toBeUndefined();
  return answer.result;
}

const row = async (testId: string) => db.knex('test_results').where('hash_id', testId).first();

async function finish(
  testId: string,
  entries: Array<{ level: number; module: string; testcase: string; tag: string; args?: object }>,
) {
  await db
    .knex('test_results')
    .where('hash_id', testId)
    .update({ progress: 100, started_at: toDbTime(clock), ended_at: toDbTime(clock) });
  if (entries.length === 0) return;
  await db.knex('result_entries').insert(
    entries.map((e, i) => ({
      hash_id: testId,
      level: e.level,
      module: e.module,
      testcase: e.testcase,
      tag: e.tag,
      timestamp: i * 0.5,
      args: JSON.stringify(e.args ?? {}),
    })),
  );
}

describe('information methods', () => {
  it('version_info / system_versions', async () => {
    const v = await result('version_info');
    expect(Object.keys(v).sort()).toEqual(['zonemaster_backend', 'zonemaster_engine', 'zonemaster_ldns']);
    const own = JSON.parse(readFileSync('package.json', 'utf8')).version;
    // one version everywhere, the engine's GLOBAL_VERSION message included; the DNS codec is the project's own
    expect(v).toEqual({ zonemaster_backend: own, zonemaster_engine: own, zonemaster_ldns: `zonemaster-ts/dns ${own}` });
    expect(ENGINE_VERSION).toBe(own);
    expect(await result('system_versions', {})).toEqual(v);
  });

  it('profile_names lists public profiles in lower case with default; conf_profiles wraps them', async () => {
    expect(await result('profile_names')).toEqual(['default', 'no-ipv6']);
    expect((await result('conf_profiles')).profiles).toEqual(['default', 'no-ipv6']);
  });

  it('get_language_tags / conf_languages', async () => {
    expect(await result('get_language_tags')).toEqual(['en', 'fr']);
    expect(await result('conf_languages', {})).toEqual({ languages: ['en', 'fr'] });
  });
});

describe('start_domain_test and test params', () => {
  it('creates a waiting test with normalized, defaulted params', async () => {
    const id = await result('start_domain_test', {
      domain: 'Zone-A.Example.',
      client_id: 'GUI',
      client_version: '5.0',
      language: 'en',
    });
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const r = await row(id);
    expect(r).toMatchObject({
      domain: 'zone-a.example',
      priority: 10,
      queue: 0,
      progress: 0,
      batch_id: null,
    });
    expect(Number(r.undelegated)).toBe(0);
    const params = await result('get_test_params', { test_id: id });
    expect(params).toEqual({
      domain: 'zone-a.example',
      ipv4: true,
      ipv6: true,
      profile: 'default',
      priority: 10,
      queue: 0,
      nameservers: [],
      ds_info: [],
      client_id: 'GUI',
      client_version: '5.0',
      language: 'en',
    });
    expect(await result('job_params', { job_id: id })).toEqual(params);
    expect(r.fingerprint).toBe(
      fingerprint(project(params, (n) => (normalizeName(n) as { name: string }).name)),
    );
  });

  it('takes ipv4/ipv6 defaults from the profile, case-insensitively, private profiles included', async () => {
    const id = await result('start_domain_test', { domain: 'zone-b.example', profile: 'NO-IPV6' });
    expect(await result('get_test_params', { test_id: id })).toMatchObject({
      profile: 'no-ipv6',
      ipv4: true,
      ipv6: false,
    });
    const id2 = await result('start_domain_test', { domain: 'zone-b.example', profile: 'secret' });
    expect(await result('get_test_params', { test_id: id2 })).toMatchObject({
      profile: 'secret',
      ipv6: true,
    });
  });

  it('coerces what the GUI sends: integers in strings, booleans in several forms, ns without ip', async () => {
    const job = await result('job_create', {
      domain: 'zone-c.example',
      ipv4: '0',
      ipv6: 1,
      priority: '12',
      queue: 3.4,
      nameservers: [{ ns: 'NS2.zone-c.example' }, { ns: 'ns1.zone-c.example', ip: '127.0.0.9' }],
      ds_info: [{ keytag: '12345', algorithm: '13', digtype: '2', digest: DIGEST.toUpperCase() }],
    });
    const params = await result('get_test_params', { test_id: job.job_id });
    expect(params).toMatchObject({
      ipv4: false,
      ipv6: true,
      priority: 12,
      queue: 3,
      nameservers: [{ ns: 'ns1.zone-c.example', ip: '127.0.0.9' }, { ns: 'ns2.zone-c.example' }],
      ds_info: [{ keytag: 12345, algorithm: 13, digtype: 2, digest: DIGEST.toUpperCase() }],
    });
    const r = await row(job.job_id);
    expect(Number(r.undelegated)).toBe(1);
    expect(r).toMatchObject({ priority: 12, queue: 3 });
  });

  it('reuses a waiting or recently started identical test, whatever priority, queue or client', async () => {
    const a = await result('start_domain_test', { domain: 'reuse.example', ipv4: true });
    expect(
      await result('start_domain_test', { domain: 'REUSE.example.', priority: 1, queue: 2, client_id: 'x' }),
    ).toBe(a);
    // ds_info-only tests are undelegated and differ from the delegated one
    const b = await result('start_domain_test', {
      domain: 'reuse.example',
      ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: DIGEST }],
    });
    expect(b).not.toBe(a);
    expect(Number((await row(b)).undelegated)).toBe(1);
    // started 599 s ago: reused; 601 s ago: a new test
    await db
      .knex('test_results')
      .where('hash_id', a)
      .update({ progress: 50, started_at: toDbTime(new Date(clock.getTime() - 599_000)) });
    expect(await result('start_domain_test', { domain: 'reuse.example' })).toBe(a);
    await db
      .knex('test_results')
      .where('hash_id', a)
      .update({ started_at: toDbTime(new Date(clock.getTime() - 601_000)) });
    const c = await result('start_domain_test', { domain: 'reuse.example' });
    expect(c).not.toBe(a);
  });

  it('test_progress / job_status, and "Test not found" for unknown ids', async () => {
    const id = await result('start_domain_test', { domain: 'progress.example' });
    expect(await result('test_progress', { test_id: id })).toBe(0);
    await db.knex('test_results').where('hash_id', id).update({ progress: 42 });
    // job_status also carries the stored state and times (t/jobs-rpc.test.ts)
    expect(await result('job_status', { job_id: id })).toMatchObject({ progress: 42 });
    for (const [method, params] of [
      ['test_progress', { test_id: 'ffffffffffffffff' }],
      ['job_status', { job_id: 'ffffffffffffffff' }],
      ['get_test_params', { test_id: 'ffffffffffffffff' }],
      ['get_test_results', { id: 'ffffffffffffffff', language: 'en' }],
      ['job_results', { job_id: 'ffffffffffffffff', language: 'en' }],
    ] as const) {
      expect((await call(method, params)).error).toEqual({
        code: -32603,
        message: 'Test not found',
        data: { test_id: 'ffffffffffffffff' },
      });
    }
  });
});

describe('results and history', () => {
  it('renders results in the requested language with tag, args and a description per test case', async () => {
    const id = await result('start_domain_test', { domain: 'results.example' });
    await finish(id, [
      {
        level: 1,
        module: 'SYSTEM',
        testcase: 'Unspecified',
        tag: 'GLOBAL_VERSION',
        args: { version: '1.0' },
      },
      {
        level: 4,
        module: 'BASIC',
        testcase: 'Basic01',
        tag: 'B01_CHILD_NOT_EXIST',
        args: { domain: 'results.example' },
      },
      {
        level: 3,
        module: 'NAMESERVER',
        testcase: 'Nameserver01',
        tag: 'IS_A_RECURSOR',
        args: { ns: 'ns1.results.example', ip: '127.0.0.1' },
      },
      { level: 1, module: 'NAMESERVER', testcase: 'Nameserver02', tag: 'EDNS0_SUPPORT', args: {} },
      { level: 5, module: 'Backend', testcase: '', tag: 'TEST_DIED', args: {} },
    ]);
    const r = await result('get_test_results', { id, language: 'fr' });
    expect(r.hash_id).toBe(id);
    expect(r.created_at).toBe('2025-01-01T00:00:00Z');
    expect(r.params.domain).toBe('results.example');
    expect(r.results).toHaveLength(5);
    expect(r.results[1]).toMatchObject({
      module: 'BASIC',
      level: 'ERROR',
      testcase: 'Basic01',
      tag: 'B01_CHILD_NOT_EXIST',
      args: { domain: 'results.example' },
      message: "La zone results.example n'existe pas.\n",
    });
    for (const entry of r.results) {
      expect(typeof entry.message).toBe('string');
      expect(entry.message.endsWith('\n')).toBe(true);
    }
    expect(r.results[4].message).toBe('Le test s’est arrêté sur une erreur interne.\n');
    expect(r.results[2].ns).toBe('ns1.results.example');
    expect(r.results[3].ns).toBe('All');
    expect(r.results[0].ns).toBeUndefined();
    expect(Object.keys(r.testcase_descriptions).sort()).toEqual([
      '',
      'Basic01',
      'Nameserver01',
      'Nameserver02',
      'Unspecified',
    ]);
    expect(r.testcase_descriptions['']).toBe('');
    const job = await result('job_results', { job_id: id, language: 'en' });
    expect(Object.keys(job).sort()).toEqual([
      'created_at',
      'job_id',
      'params',
      'results',
      'testcase_descriptions',
    ]);
    expect(job.job_id).toBe(id);
    expect(Object.keys(job.testcase_descriptions)).toHaveLength(5);
  });

  it('answers get_test_results of an unfinished test with what is stored', async () => {
    const id = await result('start_domain_test', { domain: 'unfinished.example' });
    expect(await result('get_test_results', { id, language: 'en' })).toMatchObject({
      hash_id: id,
      results: [],
      testcase_descriptions: {},
    });
  });

  it('requires id and language for get_test_results', async () => {
    const answer = await call('get_test_results', { id: 'ffffffffffffffff' });
    expect(answer.error.data).toEqual([{ path: '/language', message: 'Missing property' }]);
  });

  it('lists finished tests newest first, with filters, paging and overall_result', async () => {
    const domain = 'history.example';
    const make = async (params: object, at: string, entries: Parameters<typeof finish>[1]) => {
      clock = new Date(at);
      const id = await result('start_domain_test', { domain, ...params });
      await finish(id, entries);
      return id;
    };
    const ok = await make({}, '2025-02-01T00:00:00Z', [
      { level: 2, module: 'BASIC', testcase: 'Basic01', tag: 'X' },
    ]);
    const warning = await make({ ipv6: false }, '2025-02-02T00:00:00Z', [
      { level: 3, module: 'BASIC', testcase: 'Basic01', tag: 'X' },
    ]);
    const error = await make(
      { nameservers: [{ ns: 'ns.history.example', ip: '127.0.0.2' }] },
      '2025-02-03T00:00:00Z',
      [
        { level: 4, module: 'BASIC', testcase: 'Basic01', tag: 'X' },
        { level: 3, module: 'BASIC', testcase: 'Basic01', tag: 'Y' },
      ],
    );
    const critical = await make({ ipv4: false }, '2025-02-04T00:00:00Z', [
      { level: 5, module: 'BASIC', testcase: 'Basic01', tag: 'X' },
    ]);
    await result('start_domain_test', { domain, profile: 'secret' }); // waiting: not listed
    clock = new Date('2025-01-01T00:00:00Z');

    const all = await result('get_test_history', { frontend_params: { domain: 'History.Example.' } });
    expect(all).toEqual([
      { id: critical, created_at: '2025-02-04T00:00:00Z', undelegated: false, overall_result: 'critical' },
      { id: error, created_at: '2025-02-03T00:00:00Z', undelegated: true, overall_result: 'error' },
      { id: warning, created_at: '2025-02-02T00:00:00Z', undelegated: false, overall_result: 'warning' },
      { id: ok, created_at: '2025-02-01T00:00:00Z', undelegated: false, overall_result: 'ok' },
    ]);
    const delegated = await result('get_test_history', { frontend_params: { domain }, filter: 'delegated' });
    expect(delegated.map((h: { id: string }) => h.id)).toEqual([critical, warning, ok]);
    const undelegated = await result('get_test_history', {
      frontend_params: { domain },
      filter: 'undelegated',
    });
    expect(undelegated.map((h: { id: string }) => h.id)).toEqual([error]);
    const page = await result('get_test_history', { frontend_params: { domain }, offset: '1', limit: 2 });
    expect(page.map((h: { id: string }) => h.id)).toEqual([error, warning]);
    const aliased = await result('domain_history', { params: { domain }, limit: 1 });
    expect(aliased).toEqual({
      history: [
        {
          job_id: critical,
          created_at: '2025-02-04T00:00:00Z',
          overall_result: 'critical',
          undelegated: false,
        },
      ],
    });
    const bad = await call('get_test_history', { frontend_params: { domain }, filter: 'some', offset: -1 });
    expect(bad.error.data.map((d: { path: string }) => d.path).sort()).toEqual(['/filter', '/offset']);
  });
});

describe('users', () => {
  it('add_api_user from loopback creates a user once, with a hashed key', async () => {
    expect(await result('add_api_user', { username: 'alice', api_key: 'secret-key' })).toBe(1);
    const stored = await db.knex('users').where('username', 'alice').first();
    expect(stored.api_key).toMatch(/^scrypt\$/);
    expect(stored.api_key).not.toContain('secret-key');
    expect((await call('add_api_user', { username: 'alice', api_key: 'other' })).error).toEqual({
      code: -32603,
      message: 'User already exists',
      data: { username: 'alice' },
    });
    expect(await result('user_create', { username: 'bob', api_key: 'k' })).toEqual({ success: 1 });
  });

  it('refuses administrative calls from a remote address given by a trusted proxy; ignores the header otherwise', async () => {
    const remote = await call(
      'add_api_user',
      { username: 'carol', api_key: 'k' },
      { 'x-forwarded-for': '192.0.2.1' },
    );
    expect(remote.error).toEqual({
      code: -32603,
      message: 'Call to "add_api_user" method not permitted from a remote IP',
      data: { remote_ip: '192.0.2.1' },
    });
    expect(await db.knex('users').where('username', 'carol').first()).toBeUndefined();
  });

  it('validates username and api_key', async () => {
    const answer = await call('add_api_user', { username: 'bad name', api_key: null });
    expect(answer.error.code).toBe(-32602);
    expect(answer.error.data).toEqual(
      expect.arrayContaining([
        { path: '/api_key', message: 'Expected string - got null.' },
        expect.objectContaining({ path: '/username' }),
      ]),
    );
  });
});

describe('batches', () => {
  it('add_batch_job checks credentials', async () => {
    await result('add_api_user', { username: 'batcher', api_key: 'right' });
    for (const params of [
      { username: 'batcher', api_key: 'wrong', domains: ['a.example'] },
      { username: 'nobody', api_key: 'right', domains: ['a.example'] },
    ]) {
      expect((await call('add_batch_job', params)).error).toEqual({
        code: -32603,
        message: 'User not authorized to use batch mode',
        data: { username: params.username },
      });
    }
  });

  it('creates all tests of a batch with priority 5 and reports their status', async () => {
    const domains = ['b1.example', 'B2.Example.', 'b3.example'];
    const batchId = await result('add_batch_job', {
      username: 'batcher',
      api_key: 'right',
      domains,
      test_params: { nameservers: [{ ns: 'ns.b.example', ip: '' }], queue: 2 },
    });
    expect(Number.isInteger(batchId) && batchId > 0).toBe(true);
    const rows = await db.knex('test_results').where('batch_id', batchId).orderBy('id');
    expect(rows.map((r: { domain: string }) => r.domain)).toEqual(['b1.example', 'b2.example', 'b3.example']);
    for (const r of rows) {
      expect(r).toMatchObject({ priority: 5, queue: 2, progress: 0 });
      expect(Number(r.undelegated)).toBe(1);
      const params = await result('get_test_params', { test_id: r.hash_id });
      expect(params).toMatchObject({
        domain: r.domain,
        nameservers: [{ ns: 'ns.b.example' }],
        priority: 5,
        queue: 2,
        ipv4: true,
        ipv6: true,
      });
      expect(r.fingerprint).toBe(
        fingerprint(project(params, (n) => (normalizeName(n) as { name: string }).name)),
      );
    }
    // batch tests are never reused by single tests
    const single = await result('start_domain_test', {
      domain: 'b1.example',
      nameservers: [{ ns: 'ns.b.example' }],
    });
    expect(rows.map((r: { hash_id: string }) => r.hash_id)).not.toContain(single);

    await db.knex('test_results').where('hash_id', rows[0].hash_id).update({ progress: 100 });
    await db.knex('test_results').where('hash_id', rows[1].hash_id).update({ progress: 30 });
    // batch_status also carries counts per stored state (t/jobs-rpc.test.ts)
    const { counts, ...status } = await result('batch_status', { batch_id: batchId });
    expect(status).toEqual({ waiting_count: 1, running_count: 1, finished_count: 1 });
    expect(counts).toBeDefined();
    expect(
      await result('batch_status', {
        batch_id: String(batchId),
        list_waiting_tests: true,
        list_running_tests: 'yes',
        list_finished_tests: 1,
      }),
    ).toMatchObject({
      waiting_count: 1,
      running_count: 1,
      finished_count: 1,
      waiting_tests: [rows[2].hash_id],
      running_tests: [rows[1].hash_id],
      finished_tests: [rows[0].hash_id],
    });
    expect((await call('batch_status', { batch_id: 999999 })).error).toEqual({
      code: -32603,
      message: 'Unknown batch',
      data: { batch_id: 999999 },
    });
    expect((await call('batch_status', { batch_id: 0 })).error.code).toBe(-32602);
  });

  it('batch_create takes job_params and answers {batch_id}', async () => {
    const answer = await result('batch_create', {
      username: 'batcher',
      api_key: 'right',
      domains: ['c.example'],
      job_params: { priority: 9 },
    });
    expect(Number.isInteger(answer.batch_id)).toBe(true);
    expect((await db.knex('test_results').where('batch_id', answer.batch_id).first()).priority).toBe(9);
  });

  it('accepts a plaintext key of an adopted database and re-hashes it on first use', async () => {
    await db.knex('users').insert({ username: 'legacy', api_key: 'plain-key' });
    expect(
      (await call('add_batch_job', { username: 'legacy', api_key: 'wrong', domains: ['d.example'] })).error
        .code,
    ).toBe(-32603);
    expect((await db.knex('users').where('username', 'legacy').first()).api_key).toBe('plain-key');
    expect(
      typeof (await result('add_batch_job', {
        username: 'legacy',
        api_key: 'plain-key',
        domains: ['d.example'],
      })),
    ).toBe('number');
    expect((await db.knex('users').where('username', 'legacy').first()).api_key).toMatch(/^scrypt\$/);
    expect(
      typeof (await result('add_batch_job', {
        username: 'legacy',
        api_key: 'plain-key',
        domains: ['d.example'],
      })),
    ).toBe('number');
  });
});

describe('methods disabled by configuration', () => {
  it('answer "not found" once their params are valid', async () => {
    const dbOff = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_batch_job: 'no' } } });
    const off = await startRpcServer(dbOff.config, {
      port: 0,
      deps: { knex: dbOff.knex },
      logger: createLogger('rpcapi', { level: 'fatal' }),
    });
    try {
      const post = async (method: string, params: object): Promise<any> =>
        (
          await fetch(off.url, {
            method: 'POST',
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
          })
        ).json();
      for (const method of ['add_api_user', 'user_create']) {
        expect((await post(method, { username: 'a', api_key: 'b' })).error).toEqual({
          code: -32601,
          message: `Procedure '${method}' not found`,
        });
      }
      expect(
        (await post('add_batch_job', { username: 'a', api_key: 'b', domains: ['x.example'] })).error.code,
      ).toBe(-32601);
      expect((await post('batch_create', { username: 'a', api_key: 'b', domains: [] })).error.code).toBe(
        -32602,
      );
    } finally {
      await off.close();
      await dbOff.destroy();
    }
  });
});
