/** Four agents, each with its own connection pool, on one database claim 500 queued tests: each runs exactly once. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { TestAgent } from '../src/agent/index.js';
import { createKnex } from '../src/db/connection.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { allDone, insertTests, standInRunner, waitFor } from './agent.helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: { ZONEMASTER: { number_of_processes_for_frontend_testing: '20' } },
  });
});
afterAll(async () => db?.destroy());

it('500 tests, 4 agents: every test run exactly once', async () => {
  const ids = await insertTests(
    db.knex,
    Array.from({ length: 500 }, (_, i) => ({ domain: `race${i}.test`, priority: i % 3 })),
  );
  const runs = new Map<string, number>();
  const runsByAgent = new Map<string, number>();
  const pools: Knex[] = [];
  const agents = Array.from({ length: 4 }, (_, n) => {
    const knex = createKnex(db.config);
    pools.push(knex);
    return new TestAgent({
      config: db.config,
      knex,
      agentId: `racer-${n}`,
      pollMs: 20,
      flushMs: 50,
      runner: standInRunner({
        cases: 1,
        caseMs: 1,
        onStart: (domain) => {
          runs.set(domain, (runs.get(domain) ?? 0) + 1);
          runsByAgent.set(`racer-${n}`, (runsByAgent.get(`racer-${n}`) ?? 0) + 1);
        },
      }),
    });
  });
  try {
    for (const agent of agents) agent.start();
    await waitFor(() => allDone(db.knex, ids), 40_000, 100);
  } finally {
    await Promise.all(agents.map((a) => a.stop(0)));
    await Promise.all(pools.map((p) => p.destroy()));
  }
  expect(runs.size).toBe(500);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  // Each row was claimed once and carries its claimant.
  const claims = (await db.knex('test_results').select('claimed_by', 'attempts')) as {
    claimed_by: string;
    attempts: number;
  }[];
  expect(claims.every((c) => Number(c.attempts) === 1 && c.claimed_by.startsWith('racer-'))).toBe(true);
  expect(runsByAgent.size).toBe(4);
}, 50_000);
