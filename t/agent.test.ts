/** The agent with a stand-in engine on a real database ($TARGET): slots, order, queues, limits, shutdown. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import knexFactory, { type Knex } from 'knex';
import { pino } from 'pino';
import { createAgentMetrics, PrometheusMetrics, TestAgent, type AgentOptions } from '../src/agent/index.js';
import type { Config } from '../src/config/types.js';
import { createKnex } from '../src/db/connection.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import {
  allDone,
  entryTags,
  insertTest,
  insertTests,
  sleep,
  standInRunner,
  testRow,
  waitFor,
} from './agent.helpers.js';

let db: TestDatabase;
const agents: TestAgent[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.destroy());
beforeEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop(0)));
  await db.knex('result_entries').delete();
  await db.knex('test_results').delete();
});

function withZonemaster(overrides: Partial<Config['ZONEMASTER']>): Config {
  return { ...db.config, ZONEMASTER: { ...db.config.ZONEMASTER, ...overrides } };
}

function startAgent(
  opts: Partial<AgentOptions> & { zonemaster?: Partial<Config['ZONEMASTER']> } = {},
): TestAgent {
  const { zonemaster, ...rest } = opts;
  const agent = new TestAgent({
    config: withZonemaster(zonemaster ?? {}),
    knex: db.knex,
    pollMs: 20,
    flushMs: 20,
    runner: standInRunner(),
    ...rest,
  });
  agent.start();
  agents.push(agent);
  return agent;
}

describe('running tests', () => {
  it('runs a test to 100% and stores its entries of level INFO and above', async () => {
    const id = await insertTest(db.knex);
    startAgent();
    await waitFor(() => allDone(db.knex, [id]));
    expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'T3']);
    const row = await testRow(db.knex, id);
    expect(row.ended_at).not.toBeNull();
    expect(row.attempts).toBe(1);
  });

  it('shows progress and findings of a running test before it ends', async () => {
    const id = await insertTest(db.knex);
    startAgent({ runner: standInRunner({ cases: 4, caseMs: 400 }) });
    await waitFor(async () => (await testRow(db.knex, id)).progress >= 50);
    const row = await testRow(db.knex, id);
    expect(row.progress).toBeLessThan(100);
    expect((await entryTags(db.knex, id)).slice(0, 2)).toEqual(['T1', 'T2']);
    await waitFor(() => allDone(db.knex, [id]));
  });

  it('completes a batch of 50 with progress reported for batch tests too, within its slot limit', async () => {
    const ids = await insertTests(
      db.knex,
      Array.from({ length: 50 }, (_, i) => ({ domain: `d${i}.test`, batchId: 1, priority: 5 })),
    );
    let running = 0;
    let peak = 0;
    const runner = standInRunner({
      caseMs: 5,
      onStart: () => (peak = Math.max(peak, ++running)),
      onEnd: () => running--,
    });
    startAgent({
      runner,
      zonemaster: { number_of_processes_for_batch_testing: 7, number_of_processes_for_frontend_testing: 1 },
    });
    await waitFor(() => allDone(db.knex, ids), 20_000);
    expect(peak).toBeLessThanOrEqual(7);
    expect(peak).toBeGreaterThan(1);
    const counts = (await db.knex('result_entries').whereIn('hash_id', ids).count({ n: '*' })) as {
      n: number | string;
    }[];
    expect(Number(counts[0]!.n)).toBe(150);
  });

  it('keeps frontend slots free for frontend tests while batch tests fill theirs', async () => {
    await insertTests(
      db.knex,
      Array.from({ length: 6 }, () => ({ batchId: 2, priority: 5 })),
    );
    const single = await insertTest(db.knex, { priority: 10 });
    startAgent({
      runner: standInRunner({ cases: 2, caseMs: 300 }),
      zonemaster: { number_of_processes_for_batch_testing: 2, number_of_processes_for_frontend_testing: 1 },
    });
    // The single test starts at once although batch tests are waiting.
    await waitFor(async () => (await testRow(db.knex, single)).progress > 0, 2000);
    const runningBatch = await db
      .knex('test_results')
      .where({ batch_id: 2 })
      .andWhere('progress', '>', 0)
      .count({ n: '*' });
    expect(Number((runningBatch as { n: number }[])[0]!.n)).toBeLessThanOrEqual(2);
  });

  it('starts tests by priority, then by age', async () => {
    const [low, highOld, mid, highNew] = await insertTests(db.knex, [
      { domain: 'low.test', priority: 1 },
      { domain: 'high-old.test', priority: 10 },
      { domain: 'mid.test', priority: 5 },
      { domain: 'high-new.test', priority: 10 },
    ]);
    const order: string[] = [];
    startAgent({
      runner: standInRunner({ onStart: (d) => order.push(d) }),
      zonemaster: { number_of_processes_for_frontend_testing: 1 },
    });
    await waitFor(() => allDone(db.knex, [low!, highOld!, mid!, highNew!]));
    expect(order).toEqual(['high-old.test', 'high-new.test', 'mid.test', 'low.test']);
  });

  it('serves only the queue named by lock_on_queue', async () => {
    const [q0, q1] = await insertTests(db.knex, [{ queue: 0 }, { queue: 1 }]);
    startAgent({ zonemaster: { lock_on_queue: 1 } });
    await waitFor(() => allDone(db.knex, [q1!]));
    await sleep(100);
    expect((await testRow(db.knex, q0!)).progress).toBe(0);
  });
});

describe('ending badly', () => {
  it('ends a test that exceeds the time limit at 100% with its findings and UNABLE_TO_FINISH_TEST', async () => {
    const id = await insertTest(db.knex);
    startAgent({
      runner: standInRunner({ cases: 50, caseMs: 200 }),
      zonemaster: { max_zonemaster_execution_time: 1 },
    });
    await waitFor(() => allDone(db.knex, [id]), 5000);
    const tags = await entryTags(db.knex, id);
    expect(tags.slice(0, 3)).toEqual(['T1', 'T2', 'T3']);
    expect(tags.length).toBeLessThan(10);
    expect(tags.at(-1)).toBe('UNABLE_TO_FINISH_TEST');
    const entry = (await db
      .knex('result_entries')
      .first('module', 'level', 'args')
      .where({ hash_id: id, tag: 'UNABLE_TO_FINISH_TEST' })) as {
      module: string;
      level: number;
      args: string;
    };
    expect(entry).toMatchObject({ module: 'Backend', level: 5 });
    expect(JSON.parse(entry.args)).toEqual({ max_execution_time: 1 });
  });

  it('stops waiting for an engine that ignores the abort', async () => {
    const id = await insertTest(db.knex);
    startAgent({
      runner: () => new Promise(() => {}),
      abortGraceMs: 100,
      zonemaster: { max_zonemaster_execution_time: 1 },
    });
    await waitFor(() => allDone(db.knex, [id]), 5000);
    expect(await entryTags(db.knex, id)).toEqual(['UNABLE_TO_FINISH_TEST']);
  });

  it('ends a test whose engine throws with its findings and TEST_DIED', async () => {
    const id = await insertTest(db.knex);
    startAgent({ runner: standInRunner({ cases: 5, failAfter: 2 }) });
    await waitFor(() => allDone(db.knex, [id]));
    expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'TEST_DIED']);
  });
});

describe('shutdown', () => {
  it('lets running tests finish within the grace time', async () => {
    const id = await insertTest(db.knex);
    const agent = startAgent({ runner: standInRunner({ cases: 3, caseMs: 100 }) });
    await waitFor(async () => (await testRow(db.knex, id)).progress > 0);
    await agent.stop(5000);
    expect((await testRow(db.knex, id)).progress).toBe(100);
    expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'T3']);
  });

  it('hands unfinished tests back after the grace time and claims nothing new', async () => {
    const [running, waiting] = await insertTests(db.knex, [{}, {}]);
    const agent = startAgent({
      runner: standInRunner({ cases: 100, caseMs: 50 }),
      zonemaster: { number_of_processes_for_frontend_testing: 1 },
    });
    await waitFor(async () => (await entryTags(db.knex, running!)).length >= 2);
    await agent.stop(100);
    expect(await testRow(db.knex, running!)).toMatchObject({ progress: 0, claimed_by: null, attempts: 0 });
    expect(await entryTags(db.knex, running!)).toEqual([]);
    expect((await testRow(db.knex, waiting!)).progress).toBe(0);
    expect(agent.running).toBe(0);
  });
});

describe('database outage', () => {
  it('keeps running tests and their buffered findings through a lost database, then finishes them', async () => {
    const ids = await insertTests(db.knex, [{ domain: 'a.test' }, { domain: 'b.test' }]);
    const agentKnex = createKnex(db.config);
    const agent = startAgent({
      knex: agentKnex,
      dbTimeoutMs: 1000,
      runner: standInRunner({ cases: 6, caseMs: 150 }),
    });
    try {
      await waitFor(async () => (await entryTags(db.knex, ids[0]!)).length >= 1);
      // The agent's connections vanish for a while (as when the database restarts), then come back.
      await agentKnex.destroy();
      await sleep(1200);
      agentKnex.initialize();
      await waitFor(() => allDone(db.knex, ids), 15_000);
      for (const id of ids)
        expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
      // New tests are claimed again after the outage.
      const later = await insertTest(db.knex);
      await waitFor(() => allDone(db.knex, [later]), 10_000);
    } finally {
      await agent.stop(0);
      agents.splice(agents.indexOf(agent), 1);
      await agentKnex.destroy();
    }
  }, 60_000); // its own waits add up to 25 s: leave room on a loaded machine
});

describe('slow claims', () => {
  it('hands back a test whose claim succeeded only after the agent stopped waiting for it', async () => {
    const id = await insertTest(db.knex);
    // The agent's only connection is busy for longer than it waits for a claim; the claim then goes through late.
    const agentKnex = knexFactory({ ...(db.knex.client.config as Knex.Config), pool: { min: 0, max: 1 } });
    const busy = agentKnex.transaction(() => sleep(1500));
    const agent = startAgent({ knex: agentKnex, dbTimeoutMs: 300 });
    try {
      await busy;
      await waitFor(() => allDone(db.knex, [id]), 10_000);
      expect(await entryTags(db.knex, id)).toEqual(['T1', 'T2', 'T3']);
      // Late claims were handed back without counting an attempt: the test ran once.
      expect((await testRow(db.knex, id)).attempts).toBe(1);
    } finally {
      await agent.stop(0);
      agents.splice(agents.indexOf(agent), 1);
      await agentKnex.destroy();
    }
  });
});

describe('metrics', () => {
  it('serves Prometheus figures on /metrics', async () => {
    const metrics = new PrometheusMetrics();
    const port = await metrics.listen('127.0.0.1:0');
    try {
      const id = await insertTest(db.knex);
      startAgent({ metrics });
      await waitFor(() => allDone(db.knex, [id]));
      await sleep(50);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/^zonemaster_testagent_tests_started_total 1$/m);
      expect(text).toMatch(/^zonemaster_testagent_tests_completed_total 1$/m);
      expect(text).toMatch(/^zonemaster_testagent_tests_died_total 0$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).toMatch(/^zonemaster_testagent_maximum_processes 40$/m);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      await metrics.close();
    }
  });

  it('sends the reference StatsD metrics', async () => {
    const socket = createSocket('udp4');
    const packets: string[] = [];
    socket.on('message', (m) => packets.push(...m.toString().split('\n')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const config = {
      ...db.config,
      METRICS: { statsd_host: '127.0.0.1', statsd_port: socket.address().port },
    };
    const metrics = await createAgentMetrics(config, pino({ level: 'silent' }));
    try {
      const id = await insertTest(db.knex);
      startAgent({ metrics, runner: standInRunner({ failAfter: 1 }) });
      await waitFor(() => allDone(db.knex, [id]));
      await waitFor(() => packets.some((p) => p.startsWith('zonemaster.testagent.tests_died:1|c')), 3000);
      expect(packets).toContain('zonemaster.testagent.tests_started:1|c');
      expect(
        packets.some((p) => /^zonemaster\.testagent\.tests_duration_seconds:\d+(\.\d+)?\|ms$/.test(p)),
      ).toBe(true);
      expect(packets.some((p) => p.startsWith('zonemaster.testagent.running_processes:'))).toBe(true);
    } finally {
      await metrics.close();
      socket.close();
    }
  });
});
