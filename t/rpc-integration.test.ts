/**
 * The daemon's faces for operators and tools: GET / , the OpenRPC description (GET /openrpc.json and
 * rpc.discover, generated from the method table), /healthz, /readyz and the Prometheus metrics.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { METHOD_SCHEMAS } from '../src/rpc/schemas.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { makeTestConfig } from './lib/config.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

const quiet = () => createLogger('rpcapi', { level: 'fatal' });

let db: TestDatabase;
let server: RunningRpcServer;

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: { RPCAPI: { enable_add_api_user: 'true', enable_add_batch_job: 'true' } },
  });
  server = await startRpcServer(db.config, { port: 0, deps: { knex: db.knex }, logger: quiet() });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function get(path: string, base = server.url): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(new URL(path, base));
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : text };
}

async function rpc(method: string, params?: unknown): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) }),
  });
  return res.json();
}

describe('GET /', () => {
  it('names the service and links its description', async () => {
    const { status, type, body } = await get('/');
    expect(status).toBe(200);
    expect(type).toMatch(/application\/json/);
    expect(body.service).toBe('zonemaster-backend-rpcapi');
    expect(body.links.openrpc).toBe('/openrpc.json');
    expect((await get(body.links.openrpc)).status).toBe(200);
  });
});

describe('the OpenRPC description', () => {
  const publicMethods = Object.keys(METHOD_SCHEMAS).filter((name) => !name.startsWith('rpc.'));

  it('is the same document on GET /openrpc.json and through rpc.discover', async () => {
    const { status, body } = await get('/openrpc.json');
    expect(status).toBe(200);
    expect(body.openrpc).toMatch(/^1\.\d+\.\d+$/);
    expect((await rpc('rpc.discover')).result).toEqual(body);
  });

  it('describes every method of the method table, with its params', async () => {
    const { body } = await get('/openrpc.json');
    const described = new Map<string, any>(body.methods.map((m: any) => [m.name, m]));
    expect([...described.keys()].sort()).toEqual([...publicMethods].sort());
    const domainParam = described.get('start_domain_test').params.find((p: any) => p.name === 'domain');
    expect(domainParam).toMatchObject({ required: true, schema: { type: 'string' } });
    expect(
      described
        .get('get_test_results')
        .params.map((p: any) => p.name)
        .sort(),
    ).toEqual(['id', 'language']);
  });

  it('gives param schemas that are valid JSON Schema', async () => {
    const { body } = await get('/openrpc.json');
    const ajv = new Ajv({ strict: false });
    for (const method of body.methods)
      for (const param of method.params) expect(() => ajv.compile(param.schema), method.name).not.toThrow();
  });

  it('lists only methods the server answers (none is "method not found")', async () => {
    const { body } = await get('/openrpc.json');
    for (const method of body.methods) {
      const answer = await rpc(method.name, {});
      expect(answer.error?.code, method.name).not.toBe(-32601);
    }
  });
});

describe('health', () => {
  it('/healthz answers while the process runs', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('/readyz is 200 on a reachable, migrated database', async () => {
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('/readyz is 503 with the reason on a database whose schema is not migrated', async () => {
    const bare = await createTestDatabase({ migrate: false });
    const other = await startRpcServer(bare.config, { port: 0, deps: { knex: bare.knex }, logger: quiet() });
    try {
      const { status, body } = await get('/readyz', other.url);
      expect(status).toBe(503);
      expect(body.reason).toMatch(/schema not up to date \(pending: 0001_reference_schema/);
      expect((await get('/healthz', other.url)).status).toBe(200);
    } finally {
      await other.close();
      await bare.destroy();
    }
  });

  it('/readyz is 503 when the database server cannot be reached', async () => {
    const config = makeTestConfig({
      DB: { engine: 'PostgreSQL' },
      POSTGRESQL: { host: '127.0.0.1', port: '1', user: 'root', password: '', database: 'zm' },
    });
    const other = await startRpcServer(config, { port: 0, logger: quiet() });
    try {
      const started = Date.now();
      const { status, body } = await get('/readyz', other.url);
      expect(status).toBe(503);
      expect(body.reason).toMatch(/^database not reachable/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await other.close();
    }
  });
});

describe('metrics', () => {
  it('has the process metrics and the queue depth per queue and priority', async () => {
    const id = (await rpc('start_domain_test', { domain: 'waiting.example', priority: 7, queue: 3 })).result;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const { body } = await get('/metrics');
    expect(body).toMatch(/^process_cpu_seconds_total \d/m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(body).toMatch(/^zonemaster_queue_waiting_tests\{queue="3",priority="7"\} 1$/m);
  });
});
