/**
 * Live event streams benchmark: S streams (default 1,000) on one daemon following T running tests (default 100)
 * while this process writes entries and progress for them as agents would (R entries per test per second,
 * default 2). Prints the daemon's resident memory (before, with every stream open, peak), the database
 * statements its streams made per second (its zonemaster_rpcapi_event_stream_queries_total counter; on
 * PostgreSQL also the database's committed transactions per second, every statement of the daemon included),
 * its CPU use, and the events delivered; then ends every test and checks that every stream got its `end`.
 *   npm run bench:sse -- [--target SQLite|PostgreSQL|MySQL] [--streams S] [--tests T] [--rate R] [--seconds W]
 * The daemon runs as its own process (bin/zonemaster-backend-rpcapi); streams' clients live in this process.
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
const STREAMS = Number(option('--streams') ?? 1000);
const TESTS = Number(option('--tests') ?? 100);
const RATE = Number(option('--rate') ?? 2);
const SECONDS = Number(option('--seconds') ?? 20);
const WRITE_MS = 250;

const { createTestDatabase } = await import('../t/lib/db.js');
const db = await createTestDatabase({ configOverrides: { RPCAPI: { max_event_streams: String(STREAMS) } } });
const { knex } = db;

// --- running tests, written directly (no agent runs: nothing claims or recovers them)
const now = toDbTime();
const testIds = Array.from({ length: TESTS }, () => randomBytes(8).toString('hex'));
await knex.batchInsert(
  'test_results',
  testIds.map((hash_id, i) => ({
    hash_id,
    domain: `domain${i}.example`,
    created_at: now,
    started_at: now,
    progress: 1,
    state: 'running',
    fingerprint: randomBytes(16).toString('hex'),
    params: JSON.stringify({ domain: `domain${i}.example` }),
  })),
  250,
);

// --- the daemon
const daemon = await startDaemonProcess(db.config.file, 'bench:sse');
const { port } = daemon;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, agent }, resolve);
    req.on('error', reject);
  });
const text = (res: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
for (let i = 0; ; i++) {
  try {
    await text(await get('/healthz'));
    break;
  } catch (error) {
    if (i > 100) throw error;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rss = daemon.rssMb;
const cpuSeconds = daemon.cpuSeconds;
const metric = async (name: string): Promise<number> => {
  const line = (await text(await get('/metrics'))).split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
};
const pgCommits = async (): Promise<number | undefined> => {
  if (process.env.TARGET !== 'PostgreSQL') return undefined;
  const r = (await knex.raw(
    'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
  )) as {
    rows: Array<{ xact_commit: string }>;
  };
  return Number(r.rows[0]!.xact_commit);
};

// --- the writer: entries and progress for every test, as agents write them (one transaction per round)
let entryCount = 0;
let writing = true;
const writer = (async () => {
  let round = 0;
  let carry = 0;
  while (writing) {
    const started = Date.now();
    carry += (RATE * WRITE_MS) / 1000;
    const perTest = Math.floor(carry);
    carry -= perTest;
    round++;
    await knex.transaction(async (trx) => {
      if (perTest > 0) {
        const rows = testIds.flatMap((hash_id) =>
          Array.from({ length: perTest }, (_, k) => ({
            hash_id,
            level: 1 + ((round + k) % 3),
            module: 'BASIC',
            testcase: 'Basic02',
            tag: 'B02_AUTH_RESPONSE_SOA',
            timestamp: round / 4,
            args: JSON.stringify({ domain: 'x', ns_list: 'ns1.example/192.0.2.1;ns2.example/192.0.2.2' }),
          })),
        );
        for (let i = 0; i < rows.length; i += 250) await trx('result_entries').insert(rows.slice(i, i + 250));
        entryCount += rows.length;
      }
      await trx('test_results')
        .whereIn('hash_id', testIds)
        .andWhere('progress', '<', 99)
        .increment('progress', 1);
    });
    await new Promise((r) => setTimeout(r, Math.max(0, WRITE_MS - (Date.now() - started))));
  }
})();

// --- the streams
const before = rss();
let findings = 0;
let progressEvents = 0;
let ends = 0;
let opened = 0;
let failed = 0;
const closed: Array<Promise<void>> = [];
const countIn = (chunk: string, needle: string) => chunk.split(needle).length - 1;
async function openStream(i: number): Promise<void> {
  const res = await get(`/jobs/${testIds[i % TESTS]}/events?language=en`);
  if (res.statusCode !== 200) {
    failed++;
    console.error(`stream ${i}: HTTP ${res.statusCode} ${await text(res)}`);
    return;
  }
  opened++;
  res.setEncoding('utf8');
  // counted on whole lines only, so that no "event: x" is split between two chunks
  let partial = '';
  res.on('data', (chunk: string) => {
    const data = partial + chunk;
    const cut = data.lastIndexOf('\n');
    partial = data.slice(cut + 1);
    const whole = data.slice(0, cut + 1);
    findings += countIn(whole, 'event: finding\n');
    progressEvents += countIn(whole, 'event: progress\n');
    ends += countIn(whole, 'event: end\n');
  });
  closed.push(new Promise((resolve) => res.on('close', () => resolve())));
}
const openStarted = performance.now();
// 50 at a time: within the listen backlog
for (let i = 0; i < STREAMS; i += 50)
  await Promise.all(Array.from({ length: Math.min(50, STREAMS - i) }, (_, k) => openStream(i + k)));
const openSeconds = (performance.now() - openStarted) / 1000;
console.log(
  `${process.env.TARGET}: ${opened} streams open on ${TESTS} running tests (${failed} refused), ` +
    `${RATE} entries per test per second written; opened in ${openSeconds.toFixed(1)} s`,
);

// --- the window
await new Promise((r) => setTimeout(r, 3000));
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rss()), 200);
const q0 = await metric('zonemaster_rpcapi_event_stream_queries_total');
const c0 = await pgCommits();
const cpu0 = cpuSeconds();
const f0 = findings;
const e0 = entryCount;
const t0 = performance.now();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const seconds = (performance.now() - t0) / 1000;
const q1 = await metric('zonemaster_rpcapi_event_stream_queries_total');
const c1 = await pgCommits();
const cpu1 = cpuSeconds();
const f1 = findings;
const e1 = entryCount;
clearInterval(sampler);
const openGauge = await metric('zonemaster_rpcapi_event_streams');

const sorted = [...samples].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(
  `window ${seconds.toFixed(1)} s with ${openGauge} streams open: ${((q1 - q0) / seconds).toFixed(1)} stream ` +
    `statements/s` +
    (c0 !== undefined && c1 !== undefined
      ? `, ${((c1 - c0) / seconds).toFixed(1)} PostgreSQL transactions/s (daemon and writer)`
      : '') +
    `; ${Math.round((e1 - e0) / seconds)} entries/s written, ${Math.round((f1 - f0) / seconds)} finding events/s ` +
    `delivered (${((f1 - f0) / Math.max(1, e1 - e0)).toFixed(1)} per entry; ${STREAMS / TESTS} streams per test)`,
);
console.log(
  `daemon RSS: ${before.toFixed(0)} MB before the streams, median ${median.toFixed(0)} MB / peak ` +
    `${(sorted.at(-1) ?? 0).toFixed(0)} MB with ${opened} open; CPU ${(((cpu1 - cpu0) / seconds) * 100).toFixed(0)} % of a core`,
);

// --- the end: every test completes, every stream must get its end event and close
writing = false;
await writer;
await knex('test_results')
  .whereIn('hash_id', testIds)
  .update({ progress: 100, state: 'completed', ended_at: toDbTime() });
const endStarted = performance.now();
const allClosed = await Promise.race([
  Promise.all(closed).then(() => true),
  new Promise<false>((r) => setTimeout(() => r(false), 30_000)),
]);
// every stream started at the first entry of its test: it must have got each of them once
const stored = Number(((await knex('result_entries').count({ n: '*' }).first()) as { n: number | string }).n);
const expected =
  testIds.reduce((sum, _id, t) => sum + Math.ceil((STREAMS - t) / TESTS), 0) * (stored / TESTS);
console.log(`finding events received: ${findings}, expected ${expected} (each stored entry once per stream)`);
console.log(
  `tests ended: ${ends}/${opened} streams got their end event and ${allClosed ? 'all' : 'NOT all'} closed in ` +
    `${((performance.now() - endStarted) / 1000).toFixed(1)} s; daemon RSS after ${rss().toFixed(0)} MB; ` +
    `${progressEvents} progress events in all`,
);

await daemon.stop();
agent.destroy();
await db.destroy();
if (ends !== opened || !allClosed || findings !== expected) process.exit(1);
