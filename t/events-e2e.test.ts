/**
 * Live job event streams end to end on a real database ($TARGET): a real agent runs tests on an in-process DNS
 * world on loopback while clients follow GET /jobs/<id>/events on two API daemons sharing the database.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { rpcCall, type TestResult } from '../src/agent/rpcClient.js';
import { jobEventsUrl, readJobEvents, type JobEvent } from '../src/cli/jobEvents.js';
import type { Config } from '../src/config/types.js';
import { createKnex } from '../src/db/connection.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import { startLocalTree, type LocalTree, type LocalTreeZone } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

const exec = promisify(execFile);
const DOMAINS = ['one', 'two', 'three', 'four', 'five', 'six'].map((label) => `${label}.test`);
const ZONES: LocalTreeZone[] = [
  { origin: '', servers: [{ name: 'a.root-servers.test', address: '127.54.6.1' }] },
  { origin: 'test', servers: [{ name: 'ns1.nic.test', address: '127.54.6.2' }] },
  ...DOMAINS.map((origin, i) => ({
    origin,
    servers: [
      { name: `ns1.${origin}`, address: `127.54.6.${10 + 2 * i}` },
      { name: `ns2.${origin}`, address: `127.54.6.${11 + 2 * i}` },
    ],
    lines: ['www A 127.0.0.80'],
  })),
];

// The name servers of the first, third and fourth zone answer slowly: their tests run long enough to be
// followed live.
const SLOW = { delayMs: 15 };
const BEHAVIOUR = Object.fromEntries(
  ['127.54.6.10', '127.54.6.11', '127.54.6.14', '127.54.6.15', '127.54.6.16', '127.54.6.17'].map((a) => [
    a,
    SLOW,
  ]),
);

let tree: LocalTree;
let db: TestDatabase;
let agent: TestAgent;
let first: RunningRpcServer;
let second: RunningRpcServer;
let noStreams: RunningRpcServer;
let secondKnex: Knex;

async function startApi(config: Config, knex: Knex): Promise<RunningRpcServer> {
  const silent = pino({ level: 'silent' });
  return startRpcServer(config, {
    port: 0,
    logger: silent,
    deps: { knex, engine: createEngineServices({ dnsPort: tree.port }), logger: silent },
  });
}

beforeAll(async () => {
  tree = await startLocalTree(ZONES, BEHAVIOUR);
  const hints = writeHints(mkdtempSync(join(tmpdir(), 'zmt-events-')), tree.rootServers);
  db = await createTestDatabase({
    configOverrides: { ZONEMASTER: { root_hints: hints }, LANGUAGE: { locale: 'en_US fr_FR' } },
  });
  first = await startApi(db.config, db.knex);
  // A second daemon with its own connection pool: all it shares with the first is the database.
  secondKnex = createKnex(db.config);
  second = await startApi(db.config, secondKnex);
  noStreams = await startApi(
    { ...db.config, RPCAPI: { ...db.config.RPCAPI, max_event_streams: 0 } },
    db.knex,
  );
  agent = new TestAgent({ config: db.config, knex: db.knex, engineOptions: { port: tree.port }, pollMs: 50 });
  agent.start();
}, 30_000);

afterAll(async () => {
  await agent?.stop(0);
  await Promise.all([first?.close(), second?.close(), noStreams?.close()]);
  await secondKnex?.destroy();
  await db?.destroy();
  await tree?.stop();
});

interface Collected {
  events: JobEvent[];
  findings: Array<{ id: number; result: TestResult }>;
  progress: number[];
  end?: { state: string; overall_result: string };
}

/** Reads a stream to its end (or until `stopAfterFindings` findings, then disconnects). */
async function collect(
  api: RunningRpcServer,
  jobId: string,
  opts: { lastEventId?: string; language?: string; stopAfterFindings?: number } = {},
): Promise<Collected> {
  const out: Collected = { events: [], findings: [], progress: [] };
  const controller = new AbortController();
  try {
    for await (const event of readJobEvents(jobEventsUrl(api.url, jobId, opts.language ?? 'en'), {
      lastEventId: opts.lastEventId,
      signal: controller.signal,
    })) {
      out.events.push(event);
      const data = JSON.parse(event.data) as Record<string, unknown>;
      if (event.event === 'progress') out.progress.push(Number(data.progress));
      if (event.event === 'finding')
        out.findings.push({ id: Number(event.id), result: data as unknown as TestResult });
      if (event.event === 'end') out.end = data as Collected['end'];
      if (opts.stopAfterFindings !== undefined && out.findings.length >= opts.stopAfterFindings) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return out;
}

const start = (domain: string, params: Record<string, unknown> = {}) =>
  rpcCall<string>(first.url, 'start_domain_test', { domain, ...params });

async function storedResults(jobId: string, language = 'en'): Promise<TestResult[]> {
  return (await rpcCall<{ results: TestResult[] }>(first.url, 'get_test_results', { id: jobId, language }))
    .results;
}

/** Entries in the order they were written (row id), as tags. */
async function writtenTags(jobId: string): Promise<string[]> {
  const rows = (await db
    .knex('result_entries')
    .select('tag')
    .where('hash_id', jobId)
    .orderBy('id')) as Array<{
    tag: string;
  }>;
  return rows.map((r) => r.tag);
}

const canonical = (results: TestResult[]) => results.map((r) => JSON.stringify(r)).sort();

describe(`GET /jobs/<id>/events on ${target()}`, () => {
  it('streams the progress and every finding of a running test in order, then its end', async () => {
    const jobId = await start(DOMAINS[0]!);
    const live = await collect(first, jobId);

    expect(live.end).toEqual({
      state: 'completed',
      overall_result: expect.stringMatching(/^(ok|warning|error|critical)$/),
    });
    expect(live.events.at(-1)!.event).toBe('end');
    // followed while it ran: progress below 100 first, never going back, 100 at the end
    expect(live.progress.some((p) => p < 100)).toBe(true);
    expect(live.progress).toEqual([...live.progress].sort((a, b) => a - b));
    expect(live.progress.at(-1)).toBe(100);
    // every finding, as get_test_results renders it, in the order written
    const ids = live.findings.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(live.findings.map((f) => f.result.tag)).toEqual(await writtenTags(jobId));
    expect(canonical(live.findings.map((f) => f.result))).toEqual(canonical(await storedResults(jobId)));
    const { history } = await rpcCall<{ history: Array<{ job_id: string; overall_result: string }> }>(
      first.url,
      'domain_history',
      { params: { domain: DOMAINS[0] } },
    );
    expect(live.end!.overall_result).toBe(history.find((h) => h.job_id === jobId)!.overall_result);
  }, 60_000);

  it('gives a late client what is stored first, rendered in the requested language', async () => {
    const jobId = await start(DOMAINS[1]!);
    await collect(first, jobId);
    const late = await collect(first, jobId, { language: 'fr' });
    expect(late.progress).toEqual([100]);
    expect(late.end?.state).toBe('completed');
    expect(late.findings.map((f) => f.result)).toHaveLength((await storedResults(jobId)).length);
    expect(canonical(late.findings.map((f) => f.result))).toEqual(
      canonical(await storedResults(jobId, 'fr')),
    );
    expect(late.findings.map((f) => f.result.message)).not.toEqual(
      (await collect(first, jobId)).findings.map((f) => f.result.message),
    );
  }, 60_000);

  it('resumes after Last-Event-ID without duplicates or gaps, during the run and after it', async () => {
    const jobId = await start(DOMAINS[2]!);
    const head = await collect(first, jobId, { stopAfterFindings: 3 });
    expect(head.end).toBeUndefined();
    expect(await rpcCall(first.url, 'job_status', { job_id: jobId })).toMatchObject({ state: 'running' });
    const resumeAfter = head.events.at(-1)!.id;
    expect(resumeAfter).toBe(String(head.findings.at(-1)!.id));
    // resumed on the other daemon
    const tail = await collect(second, jobId, { lastEventId: resumeAfter });
    expect(tail.end?.state).toBe('completed');
    const whole = await collect(first, jobId);
    expect([...head.findings, ...tail.findings].map((f) => f.id)).toEqual(whole.findings.map((f) => f.id));

    // after the end: resuming from the middle gives the rest, from the end only the end
    const middle = whole.findings[Math.floor(whole.findings.length / 2)]!.id;
    const rest = await collect(first, jobId, { lastEventId: String(middle) });
    expect(rest.findings.map((f) => f.id)).toEqual(
      whole.findings.filter((f) => f.id > middle).map((f) => f.id),
    );
    const last = await collect(first, jobId, { lastEventId: whole.events.at(-1)!.id });
    expect(last.findings).toEqual([]);
    expect(last.end?.state).toBe('completed');
    // progress events carry the cursor too: resuming after one neither repeats nor skips
    const progressEvent = whole.events.find((e) => e.event === 'progress')!;
    const afterProgress = await collect(first, jobId, { lastEventId: progressEvent.id });
    expect(afterProgress.findings.map((f) => f.id)).toEqual(
      whole.findings.filter((f) => f.id > Number(progressEvent.id)).map((f) => f.id),
    );
  }, 60_000);

  it('is served by two daemons on one database alike', async () => {
    const jobId = await start(DOMAINS[3]!);
    const [a, b] = await Promise.all([collect(first, jobId), collect(second, jobId)]);
    expect(a.end?.state).toBe('completed');
    expect(a.progress.some((p) => p < 100) && b.progress.some((p) => p < 100)).toBe(true);
    expect(b.end).toEqual(a.end);
    expect(b.findings).toEqual(a.findings);
    expect(a.findings.length).toBe((await storedResults(jobId)).length);
  }, 60_000);

  it('answers 404 for an unknown job, 400 for a bad language or event id, 503 when streams are full', async () => {
    const get = async (api: RunningRpcServer, path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(new URL(path, api.url), { headers });
      return { status: response.status, body: (await response.json()) as { error: string } };
    };
    const jobId = await start(DOMAINS[4]!, { ipv6: false });
    expect(await get(first, 'jobs/0123456789abcdef/events')).toMatchObject({
      status: 404,
      body: { error: expect.any(String) },
    });
    expect(await get(first, 'jobs/not-a-job/events')).toMatchObject({ status: 404 });
    expect(await get(first, `jobs/${jobId}/events?language=xx`)).toMatchObject({ status: 400 });
    expect(await get(first, `jobs/${jobId}/events`, { 'Last-Event-ID': 'abc' })).toMatchObject({
      status: 400,
    });
    expect(await get(noStreams, `jobs/${jobId}/events`)).toMatchObject({ status: 503 });
    await collect(first, jobId);
  }, 60_000);
});

describe(`zmtest on ${target()}`, () => {
  const zmtest = (server: RunningRpcServer, ...args: string[]) =>
    exec(
      process.execPath,
      ['--import', 'tsx', 'src/cli/zmtest.ts', '--server', server.url, '--json', ...args],
      {
        maxBuffer: 64 << 20,
      },
    );
  /** test_progress calls the daemon has answered (from its /metrics). */
  const progressCalls = async (server: RunningRpcServer): Promise<number> => {
    const text = await (await fetch(new URL('metrics', server.url))).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('zonemaster_rpcapi_requests_total{method="test_progress"'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('follows the stream, and polls when the API offers none', async () => {
    const before = await progressCalls(first);
    const streamed = JSON.parse((await zmtest(first, DOMAINS[5]!)).stdout) as {
      hash_id: string;
      results: unknown[];
    };
    expect(await progressCalls(first)).toBe(before);
    expect(streamed.results).toEqual(await storedResults(streamed.hash_id));

    const polled = JSON.parse((await zmtest(noStreams, '--noipv6', DOMAINS[5]!)).stdout) as {
      hash_id: string;
      results: unknown[];
    };
    expect(polled.hash_id).not.toBe(streamed.hash_id);
    expect(await progressCalls(noStreams)).toBeGreaterThan(0);
    expect(polled.results).toEqual(await storedResults(polled.hash_id));
  }, 90_000);
});
