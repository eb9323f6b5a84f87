/**
 * The JSON-RPC envelope, validation error data and malformed input, against a running daemon on $TARGET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { localeDirWith } from './lib/locale.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { createLogger } from '../src/log.js';

let db: TestDatabase;
let server: RunningRpcServer;

beforeAll(async () => {
  db = await createTestDatabase({
    // fi_FI is configured but has no catalogue here: neither offered nor accepted
    configOverrides: { RPCAPI: { max_request_size: '1mb' }, LANGUAGE: { locale: 'en_US sv_SE fi_FI' } },
  });
  const localeDir = localeDirWith({
    sv: {
      RPCAPI: {
        PROPERTIES_NOT_ALLOWED: 'Egenskaper som inte får anges: {names}.',
        REPEATED_DOTS: 'Punkter i rad.',
        INVALID_ASCII: 'Otillåtet tecken i "{label}".',
      },
    },
  });
  server = await startRpcServer(db.config, {
    port: 0,
    deps: { knex: db.knex, engine: createEngineServices({ localeDir }) },
    logger: createLogger('rpcapi', { level: 'fatal' }),
  });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

async function post(
  body: string | Buffer,
  contentType = 'application/json',
): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': contentType } });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

const call = (method: string, params?: unknown, id: unknown = 1) =>
  post(
    JSON.stringify(
      params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
    ),
  );

describe('envelope', () => {
  it('answers non-JSON with -32700, id null and HTTP 200', async () => {
    const r = await post('{"jsonrpc": "2.0", ');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Invalid JSON was received by the server.' },
    });
    expect(typeof r.json.error.data).toBe('string');
  });

  it('answers malformed UTF-8 with -32700', async () => {
    const r = await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(r.json.error.code).toBe(-32700);
  });

  it('reads the body whatever the content type says', async () => {
    const r = await post('{"jsonrpc":"2.0","id":3,"method":"version_info"}', 'text/plain');
    expect(r.status).toBe(200);
    expect(r.json.result).toHaveProperty('zonemaster_backend');
  });

  it.each([
    ['a number', '5', '/: Expected object - got integer.'],
    ['no method', '{"jsonrpc":"2.0","id":1}', '/method: Missing property.'],
    ['no jsonrpc', '{"id":1,"method":"version_info"}', '/jsonrpc: Missing property.'],
    ['no id', '{"jsonrpc":"2.0","method":"version_info"}', '/id: Missing property.'],
    [
      'an object id',
      '{"jsonrpc":"2.0","id":{},"method":"version_info"}',
      '/id: Expected null/number/string - got object.',
    ],
    ['a bad method name', '{"jsonrpc":"2.0","id":1,"method":"a b"}', '/method: String does not match'],
  ])('rejects %s with -32600', async (_name, body, data) => {
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: null,
      error: { code: -32600, message: 'The JSON sent is not a valid request object.' },
    });
    expect(r.json.error.data).toContain(data);
  });

  it('echoes ids beyond 2^53 exactly, and string and null ids', async () => {
    const big = '123456789012345678901234567890';
    const r = await post(`{"jsonrpc":"2.0","id":${big},"method":"version_info"}`);
    expect(r.text).toContain(`"id":${big},`);
    expect((await call('version_info', undefined, 'abc')).json.id).toBe('abc');
    expect((await call('version_info', undefined, null)).json.id).toBe(null);
    const now = Date.now();
    expect((await call('version_info', {}, now)).json.id).toBe(now);
  });

  it('ignores extra top-level keys and does not check the jsonrpc value', async () => {
    const r = await post('{"jsonrpc":"1.0","id":1,"method":"version_info","extra":true}');
    expect(r.json.result).toHaveProperty('zonemaster_engine');
  });

  it('answers unknown methods with -32601', async () => {
    const r = await call('non_existing_method', { a: 1 });
    expect(r.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32601, message: "Procedure 'non_existing_method' not found" },
    });
  });

  it('answers a batch array with an array of answers, in order', async () => {
    const r = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'get_language_tags' },
        { jsonrpc: '2.0', id: 2, method: 'nope' },
        7,
        { jsonrpc: '2.0', id: 4, method: 'profile_names', params: {} },
      ]),
    );
    expect(r.json).toHaveLength(4);
    expect(r.json[0]).toEqual({ jsonrpc: '2.0', id: 1, result: ['en', 'sv'] });
    expect(r.json[1].error.code).toBe(-32601);
    expect(r.json[2]).toMatchObject({ id: null, error: { code: -32600 } });
    expect(r.json[3].result).toEqual(['default']);
  });

  it('answers an empty batch array with one -32600 error', async () => {
    const r = await post('[]');
    expect(r.json).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('answers a body over [RPCAPI] max_request_size with HTTP 200 and -32600', async () => {
    const r = await call('start_domain_test', { domain: 'x'.repeat(2 * 1024 * 1024) });
    expect(r.status).toBe(200);
    expect(r.json.error.code).toBe(-32600);
  });

  it('serves Prometheus metrics with counts per method and status', async () => {
    await call('version_info');
    const res = await fetch(new URL('/metrics', server.url));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      /zonemaster_rpcapi_requests_total\{method="version_info",status="RPC_SUCCESS"\} \d+/,
    );
    expect(text).toMatch(
      /zonemaster_rpcapi_requests_total\{method="unknown",status="RPC_METHOD_NOT_FOUND"\} \d+/,
    );
    expect(text).toContain('zonemaster_rpcapi_request_duration_seconds_bucket');
  });
});

describe('params validation', () => {
  it('accepts no params, {} or null params for methods without arguments', async () => {
    for (const params of [undefined, {}, null]) {
      expect((await call('version_info', params)).json.result).toHaveProperty('zonemaster_ldns');
    }
  });

  it('rejects extra properties', async () => {
    const r = await call('version_info', { foo: 1, bar: 2 });
    expect(r.json.error).toEqual({
      code: -32602,
      message: 'Invalid method parameter(s).',
      data: [{ path: '/', message: 'Properties not allowed: foo, bar.' }],
    });
  });

  it('answers missing params of a method with required arguments with -32602 "Missing \'params\' object"', async () => {
    const r = await call('get_host_by_name');
    expect(r.json.error).toEqual({ code: -32602, message: "Missing 'params' object" });
  });

  it('reports a missing property at its JSON pointer', async () => {
    const r = await call('get_host_by_name', {});
    expect(r.json.error.data).toEqual([{ path: '/hostname', message: 'Missing property' }]);
  });

  it("gives a refused domain name's reason in the request's language, with its label", async () => {
    const messages = async (domain: string, language: string) => {
      const r = await call('start_domain_test', { domain, language });
      expect(r.json.error.code).toBe(-32602);
      return (r.json.error.data as Array<{ path: string; message: string }>).map(
        (d) => `${d.path} ${d.message}`,
      );
    };
    expect(await messages('a..b', 'sv')).toEqual(['/domain Punkter i rad.']);
    expect(await messages('b%d.example', 'sv')).toEqual(['/domain Otillåtet tecken i "b%d".']);
    expect(await messages(`${'a'.repeat(64)}.example`, 'en')).toEqual([
      `/domain The label "${'a'.repeat(64)}" is longer than 63 characters.`,
    ]);
  });

  it('reports every problem of start_domain_test with its path', async () => {
    const r = await call('start_domain_test', {
      domain: 'a..b',
      ds_info: [{ algorithm: 'x', digest: 'zz', digtype: -1, keytag: 3 }],
      nameservers: [{ ns: 'ns.example', ip: '1.2.3' }, { ip: '127.0.0.1' }],
      profile: 'nope',
      client_id: 'bad/char',
      priority: 'high',
      language: 'xx',
    });
    expect(r.json.error.code).toBe(-32602);
    const byPath = Object.fromEntries(
      (r.json.error.data as Array<{ path: string; message: string }>).map((d) => [d.path, d.message]),
    );
    expect(byPath).toMatchObject({
      '/domain': expect.stringMatching(/dots/),
      '/ds_info/0/algorithm': 'Algorithm must be a positive integer',
      '/ds_info/0/digest': 'Invalid digest format',
      '/ds_info/0/digtype': 'Digest type must be a positive integer',
      '/nameservers/0/ip': 'Invalid IP address',
      '/nameservers/1/ns': 'Missing property',
      '/profile': 'Unknown profile',
      '/client_id': expect.stringMatching(/^String does not match/),
      '/priority': 'Expected integer - got string.',
      '/language': 'Unkown language string',
    });
  });

  it('distinguishes profile and language format errors from unknown values', async () => {
    const r = await call('start_domain_test', { domain: 'example.com', profile: '-bad-', language: 'EN' });
    expect(r.json.error.data).toEqual(
      expect.arrayContaining([
        { path: '/profile', message: 'Invalid profile format' },
        { path: '/language', message: 'Invalid language tag format' },
      ]),
    );
  });

  it('renders validation messages from the catalogue of the request language, English where it has no text', async () => {
    const r = await call('get_data_from_parent_zone', { domain: 'example.com', language: 'sv', extra: 1 });
    expect(r.json.error.message).toBe('Invalid method parameter(s).');
    expect(r.json.error.data).toEqual([{ path: '/', message: 'Egenskaper som inte får anges: extra.' }]);
    const english = await call('get_data_from_parent_zone', {
      domain: 'example.com',
      language: 'en',
      extra: 1,
    });
    expect(english.json.error.data).toEqual([{ path: '/', message: 'Properties not allowed: extra.' }]);
  });

  it('rejects a configured language that has no catalogue', async () => {
    const r = await call('start_domain_test', { domain: 'example.com', language: 'fi' });
    expect(r.json.error.data).toEqual([{ path: '/language', message: 'Unkown language string' }]);
  });

  it('answers params: null with the validation error of a wrong type, for methods that take params', async () => {
    const r = await call('job_status', null);
    expect(r.json).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32602,
        message: 'Invalid method parameter(s).',
        data: [{ path: '/', message: 'Expected object - got null.' }],
      },
    });
    expect((await call('system_versions', null)).json.result).toHaveProperty('zonemaster_engine');
  });

  it.each(['ipv4', 'ipv6'])('rejects %s given as an object', async (key) => {
    const r = await call('start_domain_test', { domain: 'example.com', [key]: { a: 1 } });
    expect(r.json.error.code).toBe(-32602);
    expect(r.json.error.data).toEqual([{ path: `/${key}`, message: 'Expected boolean - got object.' }]);
    const list = await call('start_domain_test', { domain: 'example.com', [key]: [1] });
    expect(list.json.error).toBeUndefined();
  });

  it('rejects a batch with no domains with "Not enough items: 0/1."', async () => {
    const r = await call('add_batch_job', { username: 'u', api_key: 'k', domains: [] });
    expect(r.json.error.data).toEqual([{ path: '/domains', message: 'Not enough items: 0/1.' }]);
  });

  it.each([
    ['a wrong type', { test_id: 42 }, '/test_id'],
    ['an array for an object', [1, 2], '/'],
    ['a huge string', { test_id: 'f'.repeat(500_000) }, '/test_id'],
    ['a test id with upper case', { test_id: '0123456789ABCDEF' }, '/test_id'],
  ])('rejects %s with -32602', async (_name, params, path) => {
    const r = await call('test_progress', params);
    expect(r.status).toBe(200);
    expect(r.json.error.code).toBe(-32602);
    expect(r.json.error.data.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('survives deep nesting in params and in the envelope', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r1 = await post(
      `{"jsonrpc":"2.0","id":1,"method":"test_progress","params":{"test_id":"0123456789abcdef","x":${deep}}}`,
    );
    expect(r1.json.error.code).toBe(-32602);
    const r2 = await post(
      `{"jsonrpc":"2.0","id":1,"method":"start_domain_test","params":{"domain":"example.com","ipv4":${deep}}}`,
    );
    expect(typeof r2.json.result).toBe('string');
    const r3 = await post(deep);
    expect(r3.status).toBe(200);
    // a batch array whose one element is an array
    expect(r3.json).toEqual([{ jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) }]);
  });

  it('rejects a huge domain name with a validation error, quickly', async () => {
    const started = Date.now();
    const r = await call('get_host_by_name', { hostname: 'a'.repeat(500_000) });
    expect(r.json.error.data[0].path).toBe('/hostname');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('StatsD', () => {
  it('counts dispatched requests as zonemaster.rpcapi.requests.<method>.<status> when statsd_host is set', async () => {
    const { createSocket } = await import('node:dgram');
    const socket = createSocket('udp4');
    const packets: string[] = [];
    socket.on('message', (m) => packets.push(...String(m).split('\n')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const statsDb = await createTestDatabase({
      configOverrides: { METRICS: { statsd_host: '127.0.0.1', statsd_port: String(socket.address().port) } },
    });
    const statsServer = await startRpcServer(statsDb.config, {
      port: 0,
      deps: { knex: statsDb.knex },
      logger: createLogger('rpcapi', { level: 'fatal' }),
    });
    try {
      const send = (body: string) => fetch(statsServer.url, { method: 'POST', body }).then((r) => r.json());
      await send('{"jsonrpc":"2.0","id":1,"method":"version_info"}');
      await send('{"jsonrpc":"2.0","id":1,"method":"no_such_method"}');
      await send('{"jsonrpc":"2.0","id":1,"method":"test_progress","params":{"test_id":"ffffffffffffffff"}}');
      for (let i = 0; i < 50 && packets.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(packets).toEqual(
        expect.arrayContaining([
          'zonemaster.rpcapi.requests.version_info.RPC_SUCCESS:1|c',
          'zonemaster.rpcapi.requests.no_such_method.RPC_METHOD_NOT_FOUND:1|c',
          'zonemaster.rpcapi.requests.test_progress.RPC_INTERNAL_ERROR:1|c',
        ]),
      );
    } finally {
      await statsServer.close();
      await statsDb.destroy();
      socket.close();
    }
  });
});

describe('faults inside a method', () => {
  it('answer -32603 "Internal server error" with HTTP 200 and keep serving', async () => {
    const brokenDb = await createTestDatabase();
    const broken = await startRpcServer(brokenDb.config, {
      port: 0,
      deps: { knex: brokenDb.knex },
      logger: createLogger('rpcapi', { level: 'silent' }),
    });
    try {
      await brokenDb.destroy(); // the database goes away under the daemon
      const send = (body: string) => fetch(broken.url, { method: 'POST', body });
      const res = await send(
        '{"jsonrpc":"2.0","id":9,"method":"start_domain_test","params":{"domain":"example.com"}}',
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        id: 9,
        error: { code: -32603, message: 'Internal server error' },
      });
      const after = await (await send('{"jsonrpc":"2.0","id":10,"method":"version_info"}')).json();
      expect((after as { result: unknown }).result).toBeDefined();
    } finally {
      await broken.close();
    }
  });
});

describe('HTTP details', () => {
  it('accepts a gzip-compressed body and answers an unknown content encoding with -32700', async () => {
    const { gzipSync } = await import('node:zlib');
    const zipped = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"jsonrpc":"2.0","id":5,"method":"get_language_tags"}'),
    });
    expect(await zipped.json()).toEqual({ jsonrpc: '2.0', id: 5, result: ['en', 'sv'] });
    const unknown = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-encoding': 'zstd-x' },
      body: 'xx',
    });
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as any).error.code).toBe(-32700);
  });

  it('serves the same API when the express app itself is mounted', async () => {
    const { createRpcApp } = await import('../src/rpc/server.js');
    const app = createRpcApp(db.config, {
      knex: db.knex,
      logger: createLogger('rpcapi', { level: 'silent' }),
    });
    const listening = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(listening.address() as { port: number }).port}/some/path`;
      const answer = await (
        await fetch(url, { method: 'POST', body: '{"jsonrpc":"2.0","id":"e","method":"nope"}' })
      ).json();
      expect(answer).toEqual({
        jsonrpc: '2.0',
        id: 'e',
        error: { code: -32601, message: "Procedure 'nope' not found" },
      });
      const big = await fetch(url, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
      expect(big.status).toBe(200);
      expect(((await big.json()) as any).error.code).toBe(-32600);
      expect((await fetch(url.replace('/some/path', '/metrics'))).status).toBe(200);
    } finally {
      await new Promise((resolve) => listening.close(resolve));
      await app.closeResources();
    }
  });
});
