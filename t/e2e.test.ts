/**
 * End to end on a real database ($TARGET): JSON-RPC API → queue → agent → real engine → local DNS on loopback
 * → results through the API.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { rpcCall, waitForResults } from '../src/agent/rpcClient.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { startRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

let tree: LocalTree;
let db: TestDatabase;
let rpc: { url: string; close(): Promise<void> };
let agent: TestAgent;

beforeAll(async () => {
  tree = await startLocalTree(
    [
      { origin: '', servers: [{ name: 'a.root-servers.test', address: '127.54.1.1' }] },
      { origin: 'test', servers: [{ name: 'ns1.nic.test', address: '127.54.1.2' }] },
      {
        origin: 'good.test',
        servers: [
          { name: 'ns1.good.test', address: '127.54.1.3' },
          { name: 'ns2.good.test', address: '127.54.1.4' },
        ],
        lines: ['www A 127.0.0.80'],
      },
      { origin: 'dead.test', servers: [{ name: 'ns1.dead.test', address: '127.54.1.5' }] },
    ],
    { '127.54.1.5': { rcode: 'REFUSED' } },
  );
  const hints = writeHints(mkdtempSync(join(tmpdir(), 'zmt-e2e-')), tree.rootServers);
  db = await createTestDatabase({
    configOverrides: {
      ZONEMASTER: { root_hints: hints, number_of_processes_for_batch_testing: '10' },
      RPCAPI: { enable_add_api_user: 'true', enable_add_batch_job: 'true' },
    },
  });
  const silent = pino({ level: 'silent' });
  rpc = await startRpcServer(db.config, {
    port: 0,
    logger: silent,
    deps: { knex: db.knex, engine: createEngineServices({ dnsPort: tree.port }), logger: silent },
  });
  agent = new TestAgent({ config: db.config, knex: db.knex, engineOptions: { port: tree.port }, pollMs: 50 });
  agent.start();
}, 30_000);

afterAll(async () => {
  await agent?.stop(0);
  await rpc?.close();
  await db?.destroy();
  await tree?.stop();
});

it("start_domain_test → test_progress reaches 100 → get_test_results has the engine's messages", async () => {
  const id = await rpcCall<string>(rpc.url, 'start_domain_test', { domain: 'good.test' });
  expect(id).toMatch(/^[0-9a-f]{16}$/);
  const seen: number[] = [];
  const results = await waitForResults(rpc.url, id, {
    pollMs: 50,
    timeoutMs: 20_000,
    onProgress: (p) => seen.push(p),
  });
  expect(seen.at(-1)).toBe(100);
  const tags = results.results.map((r) => r.tag);
  expect(tags).toContain('B01_PARENT_FOUND'); // Basic01
  expect(tags).toContain('B02_AUTH_RESPONSE_SOA'); // Basic02
  expect(
    results.results.every((r) => ['INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'].includes(r.level)),
  ).toBe(true);
  expect(results.results.find((r) => r.tag === 'B01_PARENT_FOUND')?.message).toMatch(/\S/);
}, 30_000);

it('a broken zone completes with its errors', async () => {
  const id = await rpcCall<string>(rpc.url, 'start_domain_test', { domain: 'dead.test' });
  const results = await waitForResults(rpc.url, id, { pollMs: 50, timeoutMs: 25_000 });
  expect(results.results.some((r) => r.level === 'CRITICAL' || r.level === 'ERROR')).toBe(true);
  expect(results.results.map((r) => r.tag)).not.toContain('TEST_DIED');
}, 30_000);

it('a batch of 50 domains completes', async () => {
  await rpcCall(rpc.url, 'add_api_user', { username: 'e2e', api_key: 'secret-key' });
  const domains = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? `missing${i}.test` : 'good.test'));
  const batchId = await rpcCall<number>(rpc.url, 'add_batch_job', {
    username: 'e2e',
    api_key: 'secret-key',
    domains,
  });
  const deadline = Date.now() + 120_000;
  let status: { waiting_count: number; running_count: number; finished_count: number };
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await rpcCall(rpc.url, 'batch_status', { batch_id: batchId });
  } while (status.finished_count < 50 && Date.now() < deadline);
  expect(status).toMatchObject({ waiting_count: 0, running_count: 0, finished_count: 50 });
}, 130_000);

it('a test for a queue no agent serves waits, and priority is accepted', async () => {
  const id = await rpcCall<string>(rpc.url, 'start_domain_test', {
    domain: 'queued.test',
    queue: 3,
    priority: 20,
  });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await rpcCall<number>(rpc.url, 'test_progress', { test_id: id })).toBe(0);
  const row = (await db.knex('test_results').first('queue', 'priority').where({ hash_id: id })) as {
    queue: number;
    priority: number;
  };
  expect({ queue: Number(row.queue), priority: Number(row.priority) }).toEqual({ queue: 3, priority: 20 });
});

const exec = promisify(execFile);
const zmtest = (...args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', 'src/cli/zmtest.ts', ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

it('zmtest --json prints the results of a test, progress on stderr', async () => {
  const { code, stdout, stderr } = await zmtest('--server', rpc.url, '--noipv6', '--json', 'www.good.test');
  expect(code).toBe(0);
  expect(stderr).toMatch(/100% done/);
  const results = JSON.parse(stdout) as {
    hash_id: string;
    params: { ipv6: boolean };
    results: { tag: string }[];
  };
  expect(results.params.ipv6).toBe(false);
  expect(results.results.length).toBeGreaterThan(0);
}, 30_000);

it('zmtest prints a summary by level and module, and the messages from --level up', async () => {
  const { code, stdout } = await zmtest('--server', rpc.url, '--noipv6', 'dead.test');
  expect(code).toBe(0);
  const lines = stdout.split('\n');
  expect(lines[0]).toMatch(/^dead\.test: test [0-9a-f]{16}$/);
  expect(lines.find((line) => line.startsWith('total'))).toMatch(/^total\s+\d+/);
  expect(lines.some((line) => /^Basic\s/.test(line))).toBe(true);
  expect(stdout).not.toMatch(/^ {2}INFO /m);
  expect(stdout).toMatch(/^ {2}CRITICAL Basic02 /m);

  const all = await zmtest('--server', rpc.url, '--noipv6', '--level', 'info', 'dead.test');
  expect(all.stdout).toMatch(/^ {2}INFO /m);
  expect((await zmtest('--server', rpc.url, '--level', 'loud', 'dead.test')).code).toBe(2);
}, 30_000);

it('zmtest exits 2 on a usage error and 1 on an RPC error, with the reasons the API gave', async () => {
  expect((await zmtest()).code).toBe(2);
  const rpcError = await zmtest('--server', rpc.url, '--profile', 'no-such-profile', 'good.test');
  expect(rpcError.code).toBe(1);
  expect(rpcError.stderr).toMatch(/RPC error -32602: Invalid method parameter\(s\)\.?\n {2}\/profile: .+/);
}, 30_000);

it('zmtest says which address it could not reach when the API is down', async () => {
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  const down = await zmtest('--server', `http://127.0.0.1:${port}/`, 'good.test');
  expect(down.code).toBe(1);
  expect(down.stderr).toBe(
    `zmtest: cannot reach the Zonemaster API at http://127.0.0.1:${port}/: connect ECONNREFUSED 127.0.0.1:${port} ` +
      '(is zonemaster-backend-rpcapi running there? --server sets the address)\n',
  );
}, 30_000);
