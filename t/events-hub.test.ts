/**
 * The reads behind live event streams and the shared poller's behaviour with clients that are slow, stalled or
 * gone, on a real database ($TARGET) with entries written straight into it.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesAfter, newEntries } from '../src/db/api/eventStream.js';
import { toDbTime } from '../src/db/time.js';
import type { RunningRpcServer } from '../src/rpc/server.js';
import { waitFor } from './agent.helpers.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import { startQuietRpcServer } from './lib/rpc.js';

let db: TestDatabase;
let api: RunningRpcServer;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startQuietRpcServer(db.config, {
    knex: db.knex,
    events: { tickMs: 50, heartbeatMs: 100, stallMs: 5000 },
  });
}, 30_000);

afterAll(async () => {
  await api?.close();
  await db?.destroy();
});

async function runningTest(): Promise<string> {
  const hash_id = randomBytes(8).toString('hex');
  await db.knex('test_results').insert({
    hash_id,
    domain: 'example.test',
    created_at: toDbTime(),
    started_at: toDbTime(),
    progress: 1,
    state: 'running',
    fingerprint: randomBytes(16).toString('hex'),
    params: '{}',
  });
  return hash_id;
}

/** `count` entries (tags T0, T1, ...), `padding` characters of args each, in one insert per 200. */
async function addEntries(testId: string, count: number, from = 0, padding = 10): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({
    hash_id: testId,
    level: 1,
    module: 'BASIC',
    testcase: 'Basic01',
    tag: `T${from + i}`,
    timestamp: from + i,
    args: JSON.stringify({ pad: 'x'.repeat(padding) }),
  }));
  for (let i = 0; i < rows.length; i += 200) await db.knex('result_entries').insert(rows.slice(i, i + 200));
}

const end = (testId: string) =>
  db.knex('test_results').where('hash_id', testId).update({ progress: 100, state: 'completed' });

const metric = async (name: string): Promise<number> => {
  const text = await (await fetch(new URL('metrics', api.url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
};

/** A raw stream response; the caller decides when to read. */
function open(testId: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(new URL(`jobs/${testId}/events`, api.url), resolve).on('error', reject);
  });
}

/** The whole body; rejects when the connection is cut before its end. */
function readAll(res: http.IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  res.on('data', (c: string) => (text += c));
  res.resume();
  return new Promise((resolve, reject) => {
    res.on('end', () => resolve(text));
    res.on('error', reject);
    res.on('close', () => (res.complete ? resolve(text) : reject(new Error('stream cut before its end'))));
  });
}

const tagsOf = (text: string) => [...text.matchAll(/"tag":"(T\d+)"/g)].map((m) => m[1]);

describe(`event stream reads on ${target()}`, () => {
  it('read each test after its own cursor, in pages, and say which tests a full page may have cut', async () => {
    const [a, b, c] = [await runningTest(), await runningTest(), await runningTest()];
    await addEntries(a, 5);
    await addEntries(b, 5);
    const idsA = (await entriesAfter(db.knex, a, 0, 100)).map((e) => e.id);
    expect(idsA).toHaveLength(5);
    expect((await entriesAfter(db.knex, a, idsA[1]!, 2)).map((e) => e.id)).toEqual(idsA.slice(2, 4));

    const all = await newEntries(
      db.knex,
      new Map([
        [a, idsA[2]!],
        [b, 0],
        [c, 0],
      ]),
      100,
    );
    expect(all.unfinished.size).toBe(0);
    expect(all.entries.filter((e) => e.testId === a).map((e) => e.tag)).toEqual(['T3', 'T4']);
    expect(all.entries.filter((e) => e.testId === b).map((e) => e.tag)).toEqual([
      'T0',
      'T1',
      'T2',
      'T3',
      'T4',
    ]);

    // a full page: whatever was read of a test is a prefix, and reading on from there gets the rest once
    const cursors = new Map([
      [a, 0],
      [b, 0],
      [c, 0],
    ]);
    const seen = new Map<string, string[]>([
      [a, []],
      [b, []],
      [c, []],
    ]);
    for (let round = 0; round < 10; round++) {
      const page = await newEntries(db.knex, cursors, 3);
      for (const e of page.entries) {
        seen.get(e.testId)!.push(e.tag);
        cursors.set(e.testId, e.id);
      }
      if (page.entries.length === 0) break;
    }
    expect(seen.get(a)).toEqual(['T0', 'T1', 'T2', 'T3', 'T4']);
    expect(seen.get(b)).toEqual(['T0', 'T1', 'T2', 'T3', 'T4']);
    expect(seen.get(c)).toEqual([]);
    const cut = await newEntries(
      db.knex,
      new Map([
        [a, 0],
        [b, 0],
        [c, 0],
      ]),
      3,
    );
    expect(cut.entries).toHaveLength(3);
    expect([...cut.unfinished].sort()).toEqual(expect.arrayContaining([c]));
  });
});

describe(`event stream delivery on ${target()}`, () => {
  it('sends keep-alive comments while nothing happens, and forgets clients that leave', async () => {
    const testId = await runningTest();
    const streams = await Promise.all([open(testId), open(testId), open(testId)]);
    await waitFor(async () => (await metric('zonemaster_rpcapi_event_streams')) === 3, 5000);
    const first = streams[0]!;
    first.setEncoding('utf8');
    let text = '';
    first.on('data', (c: string) => (text += c));
    await waitFor(() => text.includes(': keep-alive\n\n'), 5000);
    for (const res of streams) res.destroy();
    await waitFor(async () => (await metric('zonemaster_rpcapi_event_streams')) === 0, 5000);
    await end(testId);
  });

  it('holds back for a client that does not read, gives it everything once when it does, cuts it when it stalls', async () => {
    const testId = await runningTest();
    const reader = readAll(await open(testId));
    // 24 MB: more than the sockets' buffers hold
    await addEntries(testId, 3000, 0, 8000);
    const slow = await open(testId);
    slow.pause();
    const stalled = await open(testId);
    stalled.pause();
    stalled.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // the slow client reads again before stallMs
    const slowText = readAll(slow);
    await addEntries(testId, 10, 3000);
    await end(testId);
    const expected = Array.from({ length: 3010 }, (_, i) => `T${i}`);
    expect(tagsOf(await reader)).toEqual(expected);
    expect(tagsOf(await slowText)).toEqual(expected);
    // the stalled client, which cannot have taken everything, is cut after stallMs
    await waitFor(async () => (await metric('zonemaster_rpcapi_event_streams')) === 0, 10_000);
  }, 60_000);

  it('closes the stream of a test that is deleted', async () => {
    const deleted = await runningTest();
    const text = readAll(await open(deleted));
    await db.knex('test_results').where('hash_id', deleted).delete();
    expect(await text).not.toContain('event: end');
  });
});
