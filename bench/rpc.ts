/**
 * RPC API benchmark: requests/s and p50/p99 latency at concurrency 32 for version_info, start_domain_test and
 * get_test_results (200 entries), and the time to accept a 100,000-domain batch.
 *   npm run bench:rpc -- [--target SQLite|PostgreSQL|MySQL] [--requests N]
 * The daemon runs as its own process, built (bin/zonemaster-backend-rpcapi); this process is the client. For scale, the first line
 * is a bare node:http server answering a constant: the ceiling of the machine for one Node process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { toDbTime } from '../src/db/time.js';
import { PROJECT_ROOT } from '../src/paths.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
process.env.TARGET = option('--target') ?? process.env.TARGET ?? 'SQLite';
const REQUESTS = Number(option('--requests') ?? 5000);
const CONCURRENCY = 32;
const BATCH_SIZE = 100_000;

// Imported after TARGET is set.
const { createTestDatabase } = await import('../t/lib/db.js');
const db = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_api_user: 'yes' } } });

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'rpcapi.js'))) {
  console.error('The daemon is not built: run `npm run build` (npm run bench:rpc does).');
  process.exit(1);
}
const daemon = spawn(
  process.execPath,
  [join(PROJECT_ROOT, 'bin', 'zonemaster-backend-rpcapi'), '--listen', `127.0.0.1:${port}`, '--config', db.config.file],
  {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ZM_BACKEND_RPCAPI_LOGLEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let target = port;

function post(body: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

for (let i = 0; ; i++) {
  try {
    await post('{"jsonrpc":"2.0","id":1,"method":"version_info"}');
    break;
  } catch (error) {
    if (i > 200) throw error;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function load(name: string, count: number, body: (i: number) => string): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const answer = await post(body(i));
        latencies.push(performance.now() - t0);
        if (answer.error) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
  console.log(
    `${name.padEnd(34)} ${String(Math.round(count / seconds)).padStart(6)} req/s   p50 ${pct(50).padStart(7)} ms   p99 ${pct(99).padStart(7)} ms` +
      (failures ? `   (${failures} errors)` : ''),
  );
}

const rpc = (method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) });

console.log(`RPC API on ${process.env.TARGET}, concurrency ${CONCURRENCY}, ${REQUESTS} requests per method`);
const bare = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('{"jsonrpc":"2.0","id":1,"result":1}'));
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
target = (bare.address() as AddressInfo).port;
await load('(bare node:http, same process)', REQUESTS, () => rpc('version_info'));
bare.close();
target = port;
await load('version_info', REQUESTS, () => rpc('version_info'));
await load('start_domain_test (all new tests)', REQUESTS, (i) =>
  rpc('start_domain_test', { domain: `bench-${i}.example` }),
);

const [{ result: testId }] = [await post(rpc('start_domain_test', { domain: 'results.bench.example' }))];
await db
  .knex('test_results')
  .where('hash_id', testId)
  .update({ progress: 100, started_at: toDbTime(), ended_at: toDbTime() });
const entries = Array.from({ length: 200 }, (_, i) => ({
  hash_id: testId,
  level: (i % 5) + 1,
  module: ['BASIC', 'DELEGATION', 'NAMESERVER', 'ZONE', 'DNSSEC'][i % 5],
  testcase: ['Basic01', 'Delegation01', 'Nameserver01', 'Zone01', 'Dnssec01'][i % 5],
  tag: 'BENCH_TAG',
  timestamp: i / 10,
  args: JSON.stringify({ ns: `ns${i}.example`, address: '127.0.0.1' }),
}));
await db.knex.batchInsert('result_entries', entries, 100);
await load('get_test_results (200 entries)', Math.round(REQUESTS / 5), () =>
  rpc('get_test_results', { id: testId, language: 'en' }),
);

await post(rpc('add_api_user', { username: 'bench', api_key: 'bench-key' }));
const domains = Array.from({ length: BATCH_SIZE }, (_, i) => `batch-${i}.bench.example`);
const t0 = performance.now();
const batch = await post(rpc('add_batch_job', { username: 'bench', api_key: 'bench-key', domains }));
const batchSeconds = (performance.now() - t0) / 1000;
if (batch.error) throw new Error(JSON.stringify(batch.error));
const [{ n }] = (await db.knex('test_results').where('batch_id', batch.result).count('* as n')) as Array<{
  n: number | string;
}>;
console.log(
  `add_batch_job (${BATCH_SIZE} domains)         ${batchSeconds.toFixed(2)} s  (${n} tests stored)`,
);

daemon.kill('SIGTERM');
await new Promise((resolve) => daemon.once('exit', resolve));
agent.destroy();
await db.destroy();
