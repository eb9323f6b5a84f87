/**
 * Batch results streaming benchmark: a batch of N tests (default 100,000), each finished with 4 result entries
 * (INFO, NOTICE, WARNING, ERROR on every fourth), read through GET /batches/<id>/results. Prints the time to the
 * last record, records/s, and the daemon's resident memory before, at its peak and after (sampled every 50 ms
 * from /proc), so a stream that held the batch in memory would show.
 *   npm run bench:batch-results -- [--target SQLite|PostgreSQL|MySQL] [--tests N] [--format ndjson|csv] [--level INFO]
 * The daemon runs as its own process (bin/zonemaster-backend-rpcapi); this process fills the database and reads.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { toDbTime } from '../src/db/time.js';
import { startDaemonProcess } from './lib/daemon.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
process.env.TARGET = option('--target') ?? process.env.TARGET ?? 'SQLite';
const TESTS = Number(option('--tests') ?? 100_000);
const FORMAT = option('--format') ?? 'ndjson';
const LEVEL = option('--level') ?? 'INFO';
const USER = { username: 'bench', api_key: 'bench-key' };

const { createTestDatabase } = await import('../t/lib/db.js');
const db = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_api_user: 'yes' } } });
const { knex } = db;

// --- the batch, written directly
const fillStarted = performance.now();
const createdAt = toDbTime();
await knex('batch_jobs').insert({ username: USER.username, created_at: createdAt });
const batchId = Number(((await knex('batch_jobs').max({ id: 'id' }).first()) as { id: number }).id);
const ENTRIES: Array<[number, string, Record<string, unknown>]> = [
  [1, 'B02_AUTH_RESPONSE_SOA', { domain: 'x', ns_list: 'ns1.example/192.0.2.1;ns2.example/192.0.2.2' }],
  [2, 'NO_RESPONSE_DNSKEY', { ns: 'ns1.example', ns_ip: '192.0.2.1' }],
  [3, 'B02_NS_BROKEN', { ns: 'ns2.example', ns_ip: '192.0.2.2' }],
  [4, 'B02_NO_WORKING_NS', { domain: 'x' }],
];
const CHUNK = 1000;
for (let start = 0; start < TESTS; start += CHUNK) {
  const tests = [];
  const entries = [];
  for (let i = start; i < Math.min(TESTS, start + CHUNK); i++) {
    const testId = randomBytes(8).toString('hex');
    const domain = `domain${i}.example`;
    tests.push({
      hash_id: testId,
      domain,
      batch_id: batchId,
      created_at: createdAt,
      started_at: createdAt,
      ended_at: createdAt,
      progress: 100,
      state: 'completed',
      fingerprint: randomBytes(16).toString('hex'),
      params: JSON.stringify({ domain }),
    });
    for (const [k, [level, tag, entryArgs]] of ENTRIES.entries()) {
      if (level === 4 && i % 4 !== 0) continue;
      entries.push({
        hash_id: testId,
        level,
        module: 'BASIC',
        testcase: 'Basic02',
        tag,
        timestamp: k,
        args: JSON.stringify({ ...entryArgs, ...('domain' in entryArgs ? { domain } : {}) }),
      });
    }
  }
  await knex.batchInsert('test_results', tests, 250);
  await knex.batchInsert('result_entries', entries, 250);
}
// Fresh statistics, as autovacuum (PostgreSQL) or InnoDB's automatic recalculation would have them in service.
if (process.env.TARGET === 'PostgreSQL') await knex.raw('ANALYZE test_results, result_entries');
if (process.env.TARGET === 'MySQL') await knex.raw('ANALYZE TABLE test_results, result_entries');
console.log(
  `${process.env.TARGET}: batch of ${TESTS} tests with ${TESTS * 3 + Math.ceil(TESTS / 4)} entries written in ` +
    `${((performance.now() - fillStarted) / 1000).toFixed(1)} s`,
);

// --- the daemon
const daemon = await startDaemonProcess(db.config.file, 'bench:batch-results');
const { port } = daemon;

function request(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}
const drain = (res: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
for (let i = 0; ; i++) {
  try {
    const rpc = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'user_create', params: USER });
    await drain(await request('POST', '/', rpc, { 'content-type': 'application/json' }));
    break;
  } catch (error) {
    if (i > 100) throw error;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rss = daemon.rssMb;

const before = rss();
let peak = before;
const samples: number[] = [];
const sampler = setInterval(() => {
  const now = rss();
  samples.push(now);
  peak = Math.max(peak, now);
}, 50);

const started = performance.now();
const res = await request('GET', `/batches/${batchId}/results?format=${FORMAT}&level=${LEVEL}`, undefined, {
  authorization: `Basic ${Buffer.from(`${USER.username}:${USER.api_key}`).toString('base64')}`,
});
if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await drain(res)}`);
let records = 0;
let bytes = 0;
let firstAt = 0;
const NEWLINE = 0x0a;
await new Promise<void>((resolve, reject) => {
  res.on('data', (chunk: Buffer) => {
    if (firstAt === 0) firstAt = performance.now();
    bytes += chunk.length;
    for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) records++;
  });
  res.on('end', resolve).on('error', reject);
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const after = rss();
// CSV: the header is a line, and entries inside a quoted field are separated by line breaks too
const tests = FORMAT === 'csv' ? `${records} lines` : `${records} records`;
console.log(
  `GET /batches/${batchId}/results?format=${FORMAT}&level=${LEVEL}: ${tests}, ${(bytes / 1e6).toFixed(1)} MB in ` +
    `${seconds.toFixed(1)} s (first byte after ${((firstAt - started) / 1000).toFixed(2)} s, ` +
    `${Math.round(records / seconds)} lines/s)`,
);
const quartiles = [0.25, 0.5, 0.75].map((q) => samples[Math.floor(q * (samples.length - 1))]?.toFixed(0));
console.log(
  `daemon RSS: ${before.toFixed(0)} MB before, ${quartiles.join(' / ')} MB at 25/50/75 % of the stream, ` +
    `peak ${peak.toFixed(0)} MB, ${after.toFixed(0)} MB after`,
);

await daemon.stop();
await db.destroy();
