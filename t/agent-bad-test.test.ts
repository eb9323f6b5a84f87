/**
 * A bad test never takes others down: errors nobody catches inside one test's run (from a timer, an unhandled
 * rejection) end that test with TEST_DIED and leave the agent process and the tests beside it running. And when
 * a test does end the process, the tests that ran beside it are re-run alone, so only the culprit ends TEST_DIED.
 * Real agent processes, so that an uncaught error would really end them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { allDone, entryTags, insertTests, waitFor } from './agent.helpers.js';

let db: TestDatabase;

function startAgent(): { child: ChildProcess; exited: () => boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', 't/agent-service.child.ts', db.config.file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return { child, exited: () => exited };
}

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: {
      ZONEMASTER: { number_of_processes_for_frontend_testing: '8', lease_time: '5' },
      DB: { polling_interval: '0.1' },
    },
  });
});
afterAll(async () => db?.destroy());

it('stray errors of one test end that test only; the agent and its other tests carry on', async () => {
  const bad = ['timer-throw.test', 'reject.test', 'sync-throw.test'];
  const good = Array.from({ length: 5 }, (_, i) => `fine${i}.test`);
  const ids = await insertTests(
    db.knex,
    [...bad, ...good].map((domain) => ({ domain })),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 't/agent-service.child.ts', db.config.file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  try {
    await waitFor(() => exitCode !== null || allDone(db.knex, ids), 30_000, 100);
    expect(exitCode).toBeNull();
    const tags = await Promise.all(ids.map((id) => entryTags(db.knex, id)));
    for (const [i, list] of tags.entries()) {
      if (i < bad.length) expect(list).toContain('TEST_DIED');
      else expect(list).toEqual(['T1', 'T2', 'T3', 'T4']);
    }
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);

it('a test that crashes the process ends TEST_DIED alone: the tests beside it are re-run alone and complete', async () => {
  const innocent = Array.from({ length: 5 }, (_, i) => `neighbour${i}.test`);
  const ids = await insertTests(
    db.knex,
    [...innocent, 'exit.test'].map((domain) => ({ domain })),
  );
  let agents = 0;
  let agent = startAgent();
  try {
    for (;;) {
      agents++;
      await waitFor(async () => agent.exited() || (await allDone(db.knex, ids)), 40_000, 100);
      if (await allDone(db.knex, ids)) break;
      expect(agents).toBeLessThan(5);
      agent = startAgent();
    }
    const tags = await Promise.all(ids.map((id) => entryTags(db.knex, id)));
    for (const list of tags.slice(0, innocent.length)) expect(list).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(tags[innocent.length]).toContain('TEST_DIED');
  } finally {
    agent.child.kill('SIGKILL');
  }
}, 90_000);
