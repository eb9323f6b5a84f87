/**
 * Crash recovery: an agent process is killed with SIGKILL while it runs tests; a second agent takes every one of
 * them over once their leases expire. None is lost, none runs twice at the same time, none stays below 100%.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import {
  allDone,
  entryTags,
  insertTests,
  newEventsFile,
  spansByDomain,
  standInRunner,
  testRow,
  waitFor,
} from './agent.helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: { ZONEMASTER: { number_of_processes_for_frontend_testing: '8' } },
  });
});
afterAll(async () => db?.destroy());

it('a second agent finishes every test of a killed agent, never running one twice at once', async () => {
  const { events } = newEventsFile('zmt-crash-');
  const domains = Array.from({ length: 16 }, (_, i) => `crash${i}.test`);
  const ids = await insertTests(
    db.knex,
    domains.map((domain) => ({ domain })),
  );

  const child = spawn(process.execPath, ['--import', 'tsx', 't/agent.child.ts', db.config.file, events], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Kill it while it is in the middle of its first tests: some entries written, none finished.
  await waitFor(
    async () =>
      (await db
        .knex('result_entries')
        .count({ n: '*' })
        .then((r) => Number((r[0] as { n: number }).n))) >= 8,
    20_000,
  );
  const finishedBeforeKill = (await Promise.all(ids.map((id) => testRow(db.knex, id)))).filter(
    (r) => r.progress === 100,
  ).length;
  child.kill('SIGKILL');
  await exited;
  const killedAt = Date.now();
  const running = (await Promise.all(ids.map((id) => testRow(db.knex, id)))).filter(
    (r) => r.progress > 0 && r.progress < 100,
  );
  expect(running.length).toBeGreaterThan(0);

  const survivor = new TestAgent({
    config: db.config,
    knex: db.knex,
    agentId: 'survivor',
    leaseMs: 1000,
    pollMs: 20,
    flushMs: 50,
    recoveryMs: 100,
    runner: standInRunner({
      cases: 5,
      caseMs: 20,
      onStart: (domain) => appendFileSync(events, `start ${domain} survivor ${Date.now()}\n`),
      onEnd: (domain) => appendFileSync(events, `end ${domain} survivor ${Date.now()}\n`),
    }),
  });
  survivor.start();
  try {
    await waitFor(() => allDone(db.knex, ids), 20_000);
  } finally {
    await survivor.stop(0);
  }

  for (const id of ids) {
    // Every test complete, with exactly one run's entries (the killed run's partial entries were discarded).
    expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    expect((await testRow(db.knex, id)).attempts).toBeLessThanOrEqual(2);
  }
  const spans = spansByDomain(events);
  let takenOver = 0;
  for (const domain of domains) {
    const list = spans.get(domain)!;
    for (let i = 1; i < list.length; i++) {
      const previousEnd = list[i - 1]!.end ?? killedAt;
      expect(list[i]!.start).toBeGreaterThanOrEqual(previousEnd);
    }
    if (list.some((s) => s.agent === 'survivor') && list.some((s) => s.agent !== 'survivor')) takenOver++;
  }
  expect(takenOver).toBe(running.length);
  expect(finishedBeforeKill + running.length).toBeLessThanOrEqual(ids.length);
}, 45_000);
