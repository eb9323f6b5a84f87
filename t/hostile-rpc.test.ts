/**
 * The API under hostile or unlucky clients, over HTTP on the database named by $TARGET: credentials before any
 * per-domain work, nothing kept between requests, integer ids within the columns, no username enumeration by
 * timing, one test for a burst of identical requests, and a clear error while the database is away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineServices, type EngineServices } from '../src/rpc/engine-adapter.js';
import type { RunningRpcServer } from '../src/rpc/server.js';
import { startQuietRpcServer } from './lib/rpc.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { databaseOutage, type Outage } from './lib/db-outage.js';

let db: TestDatabase;
let server: RunningRpcServer;
let normalized = 0;

const counting = (engine: EngineServices): EngineServices => ({
  ...engine,
  normalizeName(input) {
    normalized += 1;
    return engine.normalizeName(input);
  },
});

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: {
      RPCAPI: { enable_add_api_user: 'yes' },
      ZONEMASTER: { age_reuse_previous_test: '600' },
    },
  });
  server = await startQuietRpcServer(db.config, { knex: db.knex, engine: counting(createEngineServices()) });
  expect(
    (await call(server.url, 'add_api_user', { username: 'registry', api_key: 'right-key' })).result,
  ).toBe(1);
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function call(url: string, method: string, params: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('credentials come first', () => {
  // long non-ASCII names: the costliest input normalization gets
  const domains = Array.from({ length: 2000 }, (_, i) => `${'ö'.repeat(60)}.${'ü'.repeat(60)}${i}.test`);

  it.each([
    ['an unknown user', 'nobody', 'some-key'],
    ['a wrong key', 'registry', 'wrong-key'],
  ])('%s: refused before any domain is normalized', async (_, username, apiKey) => {
    normalized = 0;
    const answer = await call(server.url, 'add_batch_job', { username, api_key: apiKey, domains });
    expect(answer.error).toMatchObject({ code: -32603, message: 'User not authorized to use batch mode' });
    expect(normalized).toBe(0);
  });

  it('malformed credentials are a validation error, still without touching the domains', async () => {
    normalized = 0;
    const answer = await call(server.url, 'batch_create', { username: 'a b', api_key: 'k', domains });
    expect(answer.error.code).toBe(-32602);
    expect(answer.error.data).toEqual([{ path: '/username', message: expect.any(String) }]);
    expect(normalized).toBe(0);
  });

  it('the right credentials: the batch is validated and created as before', async () => {
    const answer = await call(server.url, 'add_batch_job', {
      username: 'registry',
      api_key: 'right-key',
      domains: ['a.test', 'b.test', 'bad..name'],
    });
    expect(answer.error).toMatchObject({ code: -32602, data: [{ path: '/domains/2' }] });
    const created = await call(server.url, 'add_batch_job', {
      username: 'registry',
      api_key: 'right-key',
      domains: ['a.test', 'b.test'],
    });
    expect(created.result).toBeGreaterThan(0);
  });
});

describe('no memory kept between requests', () => {
  it('names are normalized again by the next request (the memo lives for one request)', async () => {
    const params = { domain: 'memo.test' };
    normalized = 0;
    await call(server.url, 'get_test_history', { frontend_params: params });
    const once = normalized;
    expect(once).toBeGreaterThan(0);
    await call(server.url, 'get_test_history', { frontend_params: params });
    expect(normalized).toBe(2 * once);
  });
});

describe('integer ids stay within their columns', () => {
  it.each([2 ** 31, 2 ** 53, '9999999999'])(
    'batch_status with batch_id %s is a validation error',
    async (id) => {
      const answer = await call(server.url, 'batch_status', { batch_id: id });
      expect(answer.error).toMatchObject({ code: -32602, data: [{ path: '/batch_id' }] });
    },
  );

  it('the largest 32-bit id is a valid (unknown) batch', async () => {
    const answer = await call(server.url, 'batch_status', { batch_id: 2 ** 31 - 1 });
    expect(answer.error).toMatchObject({ code: -32603, message: 'Unknown batch' });
  });
});

describe('usernames cannot be told apart by timing', () => {
  async function timeMs(username: string): Promise<number> {
    const started = performance.now();
    await call(server.url, 'add_batch_job', { username, api_key: 'wrong-key', domains: ['x.test'] });
    return performance.now() - started;
  }

  it('an unknown user costs about what a wrong key of a known user costs', async () => {
    // Interleaved, and the fastest of each: other load on a shared CI machine slows both alike.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i++) {
      known.push(await timeMs('registry'));
      unknown.push(await timeMs('nobody-at-all'));
    }
    const [k, u] = [Math.min(...known), Math.min(...unknown)];
    // one scrypt hash each (~40 ms); without the dummy hash an unknown user answers in ~1 ms
    expect(u).toBeGreaterThan(k * 0.25);
    expect(k).toBeGreaterThan(u * 0.25);
  });
});

describe('a burst of identical start_domain_test requests', () => {
  it('creates exactly one test', async () => {
    const params = { domain: 'burst.test', nameservers: [{ ns: 'ns1.burst.test', ip: '127.9.9.9' }] };
    for (let round = 0; round < 3; round++) {
      const domain = `burst${round}.test`;
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => call(server.url, 'start_domain_test', { ...params, domain })),
      );
      const ids = new Set(answers.map((a) => a.result));
      expect(ids.size).toBe(1);
      expect((await db.knex('test_results').where({ domain })).length).toBe(1);
    }
  }, 60_000);
});

describe('while the database is away', () => {
  let outage: Outage;
  let cut: RunningRpcServer;

  beforeAll(async () => {
    outage = await databaseOutage(db.config);
    cut = await startQuietRpcServer(outage.config);
  });
  afterAll(async () => {
    await outage?.end();
    await cut?.close();
    await outage?.close();
  });

  it('clients are told the database is unavailable, and served again once it is back', async () => {
    expect((await call(cut.url, 'start_domain_test', { domain: 'before.test' })).result).toMatch(
      /^[0-9a-f]{16}$/,
    );
    await outage.begin();
    const answer = await call(cut.url, 'start_domain_test', { domain: 'during.test' });
    expect(answer.error).toEqual({ code: -32603, message: 'Database unavailable' });
    await outage.end();
    expect((await call(cut.url, 'start_domain_test', { domain: 'after.test' })).result).toMatch(
      /^[0-9a-f]{16}$/,
    );
  }, 60_000);
});
