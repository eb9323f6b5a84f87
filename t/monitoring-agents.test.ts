/**
 * Schedules and webhooks run by real agents on a real database ($TARGET), with a stand-in engine whose findings
 * the test decides: each due schedule starts one test however many agents look at it; a change of findings is
 * delivered once, retried with backoff when the receiver fails, logged attempt by attempt; a delivery left by a
 * dead agent is sent by another; webhook targets are checked on the addresses the connection uses.
 */
import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { PrometheusMetrics, type AgentMetrics } from '../src/agent/metrics.js';
import { rpcCall } from '../src/agent/rpcClient.js';
import type { AgentLogger } from '../src/agent/types.js';
import type { Config } from '../src/config/types.js';
import { createKnex } from '../src/db/connection.js';
import type { RunOptions, RunResult } from '../src/engine/types.js';
import { postWebhook } from '../src/monitoring/postWebhook.js';
import { createSchedule, startDueSchedules } from '../src/monitoring/queries/index.js';
import { targetPolicy } from '../src/monitoring/targetPolicy.js';
import { entry, sleep, waitFor } from './agent.helpers.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import { startQuietRpcServer } from './lib/rpc.js';
import { startWebhookReceiver, type WebhookReceiver } from './lib/webhook-receiver.js';

const USER = { username: 'monitor', api_key: 'monitor-key' };
const SECRET = 'webhook-secret';

let db: TestDatabase;
let rpc: { url: string; close(): Promise<void> };
let receiver: WebhookReceiver;
const knexes: Knex[] = [];
let agents: TestAgent[] = [];

/** What the stand-in engine finds per domain: a tag list, read once when a run starts. */
const world = new Map<string, Array<{ tag: string; level: 'INFO' | 'WARNING' | 'ERROR' }>>();
/** Runs per domain: [start, end] in ms, for overlap checks. */
const runs = new Map<string, Array<[number, number]>>();
let runMs = 50;

async function standIn(run: RunOptions): Promise<RunResult> {
  const findings = world.get(run.domain) ?? [{ tag: 'ALL_GOOD', level: 'INFO' as const }];
  const start = Date.now();
  await sleep(runMs, run.signal);
  const messages = findings.map((f, i) => entry(f.tag, i / 1000, f.level));
  for (const m of messages) run.onMessage?.(m);
  (runs.get(run.domain) ?? runs.set(run.domain, []).get(run.domain)!).push([start, Date.now()]);
  return { messages, save: () => '' };
}

/**
 * A connection pool of its own, as a separate process would have. SQLite waits for another connection's write
 * lock synchronously, freezing this one process: as the agent service does, wait briefly and retry instead.
 */
function pool(config: Config): Knex {
  const knex = createKnex(config, { sqliteBusyMs: 250 });
  knexes.push(knex);
  return knex;
}

/** Errors the agents logged (a database error makes the monitor back off: the tests show them). */
const agentErrors: string[] = [];
function errorsTo(list: string[]) {
  const quiet = () => undefined;
  return {
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: (obj: unknown, message?: string) => {
      list.push(`${message ?? ''} ${String((obj as { err?: Error }).err?.message ?? '')}`);
    },
  } as unknown as AgentLogger;
}

function startAgents(n: number, config: Config = db.config, metrics?: AgentMetrics): TestAgent[] {
  const started = Array.from({ length: n }, (_, i) => {
    // each agent on its own connection pool, as separate processes would be
    const knex = pool(config);
    const agent = new TestAgent({
      config,
      knex,
      runner: standIn,
      agentId: `monitor-${i}-${Math.random().toString(36).slice(2, 8)}`,
      pollMs: 50,
      monitorTickMs: 50,
      logger: errorsTo(agentErrors),
      ...(metrics ? { metrics } : {}),
    });
    agent.start();
    return agent;
  });
  agents.push(...started);
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: {
      RPCAPI: { enable_add_api_user: 'yes' },
      MONITORING: {
        min_interval: '1',
        allowed_webhook_hosts: '127.0.0.0/8',
        webhook_retry_delay: '1',
        webhook_timeout: '2',
      },
    },
  });
  rpc = await startQuietRpcServer(db.config, { knex: db.knex });
  await rpcCall(rpc.url, 'user_create', USER);
  receiver = await startWebhookReceiver();
}, 30_000);

afterEach(async () => {
  await Promise.all(agents.map((a) => a.stop(0)));
  agents = [];
  await db.knex('schedules').update({ next_run_at: Number.MAX_SAFE_INTEGER });
});

afterAll(async () => {
  for (const k of knexes) await k.destroy();
  await rpc?.close();
  await receiver?.close();
  await db?.destroy();
});

interface Delivery {
  state: string;
  attempts: number;
  job_id: string;
  previous_job_id: string;
  log: Array<{ attempt: number; status_code: number | null; error: string | null }>;
}

const deliveries = async (scheduleId: number) =>
  (
    await rpcCall<{ deliveries: Delivery[] }>(rpc.url, 'schedule_deliveries', {
      ...USER,
      schedule_id: scheduleId,
    })
  ).deliveries;

const lastJob = async (scheduleId: number) =>
  (
    (await db.knex('schedules').select('last_test_id').where('id', scheduleId).first()) as {
      last_test_id: string | null;
    }
  ).last_test_id;

/** Waits until the schedule's compared test is another than `than` (its next test has run and been compared). */
async function nextCompared(scheduleId: number, than: string | null): Promise<string> {
  let job: string | null = null;
  await waitFor(async () => (job = await lastJob(scheduleId)) !== null && job !== than, 20_000, 50);
  return job!;
}

async function schedule(domain: string, webhook = true): Promise<number> {
  const { schedule_id } = await rpcCall<{ schedule_id: number }>(rpc.url, 'schedule_create', {
    ...USER,
    domain,
    interval: 1,
    ...(webhook ? { webhook_url: receiver.url, webhook_secret: SECRET } : {}),
  });
  return schedule_id;
}

describe(`scheduled tests on ${target()}`, () => {
  it('agents claiming at the same moment start each due schedule once', async () => {
    const now = Date.now();
    const ids: number[] = [];
    for (let i = 0; i < 40; i++)
      ids.push(
        await createSchedule(db.knex, {
          username: USER.username,
          domain: `race${i}.test`,
          params: { domain: `race${i}.test`, profile: 'default', ipv4: true, ipv6: true, queue: 0 },
          fingerprint: 'f'.repeat(32),
          intervalSeconds: 3600,
          webhookUrl: null,
          webhookSecret: null,
          now: now - 10_000,
          jitter: 0,
        }),
      );
    const pools = Array.from({ length: 4 }, () => pool(db.config));
    // each "agent" keeps claiming until nothing is due; a busy database is retried, as the agents do
    const claimed = await Promise.all(
      pools.map(async (knex) => {
        const mine: number[] = [];
        for (let round = 0; round < 200; round++) {
          try {
            const started = await startDueSchedules(knex, { limit: 5 });
            if (started.length === 0) break;
            mine.push(...started.map((s) => s.scheduleId));
          } catch {
            await sleep(10);
          }
        }
        return mine;
      }),
    );
    const all = claimed.flat().sort((a, b) => a - b);
    expect(all).toEqual(ids);
    const tests = (await db
      .knex('schedule_tests')
      .select('schedule_id')
      .whereIn('schedule_id', ids)) as Array<{
      schedule_id: number;
    }>;
    expect(tests).toHaveLength(40);
    expect(new Set(tests.map((t) => Number(t.schedule_id))).size).toBe(40);
    const queued = (await db
      .knex('test_results')
      .count({ n: '*' })
      .where('domain', 'like', 'race%')
      .first()) as {
      n: number | string;
    };
    expect(Number(queued.n)).toBe(40);
    console.log(`40 due schedules claimed by 4 pools: ${claimed.map((c) => c.length).join(' + ')}`);
    await db.knex('schedules').whereIn('id', ids).delete();
  }, 60_000);

  it('three agents run 1 s schedules without ever running one schedule twice at once', async () => {
    runMs = 300;
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await schedule(`busy${i}.test`, false));
    startAgents(3);
    await sleep(4000);
    await db.knex('schedules').whereIn('id', ids).update({ next_run_at: Number.MAX_SAFE_INTEGER });
    await waitFor(
      async () =>
        (await db.knex('schedules').whereIn('id', ids).whereNotNull('pending_test_id')).length === 0,
      20_000,
      50,
    );
    runMs = 50;
    // no deadlock, no failed claim; on SQLite, a write that finds another pool's write lock is retried later
    expect(agentErrors.filter((e) => !/database is locked/.test(e))).toEqual([]);
    let total = 0;
    for (let i = 0; i < 8; i++) {
      const spans = (runs.get(`busy${i}.test`) ?? []).sort((a, b) => a[0] - b[0]);
      total += spans.length;
      // 4 s at one test per second at most (each run takes 0.3 s, then the next is due); a loaded machine may
      // run fewer, never more
      expect(spans.length).toBeGreaterThanOrEqual(1);
      expect(spans.length).toBeLessThanOrEqual(6);
      for (let k = 1; k < spans.length; k++) expect(spans[k]![0]).toBeGreaterThanOrEqual(spans[k - 1]![1]);
    }
    const tests = (await db
      .knex('test_results as t')
      .join('schedule_tests as s', 's.hash_id', 't.hash_id')
      .select('t.state', 't.attempts', 't.priority')
      .whereIn('s.schedule_id', ids)) as Array<{ state: string; attempts: number; priority: number }>;
    expect(tests).toHaveLength(total);
    expect(tests.every((t) => t.state === 'completed' && Number(t.attempts) === 1)).toBe(true);
    console.log(`8 schedules, 3 agents, 4 s: ${total} scheduled tests, none overlapping`);
  }, 60_000);
});

describe(`webhooks on ${target()}`, () => {
  it('delivers a change once, after two failed attempts, and logs each attempt', async () => {
    const metrics = new PrometheusMetrics();
    startAgents(2, db.config, metrics);
    receiver.received.length = 0;
    const id = await schedule('flaky.test');
    await nextCompared(id, await nextCompared(id, null));
    expect(receiver.received).toHaveLength(0); // nothing changed

    receiver.answers = [500, 503];
    world.set('flaky.test', [{ tag: 'SOMETHING_BROKE', level: 'WARNING' }]);
    await waitFor(async () => (await deliveries(id)).some((d) => d.state === 'delivered'), 30_000, 100);
    // later runs find the same: no other delivery
    const changed = await lastJob(id);
    await nextCompared(id, await nextCompared(id, changed));

    const [delivery, ...others] = await deliveries(id);
    expect(others).toEqual([]);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, previous_job_id: expect.any(String) });
    expect(delivery!.previous_job_id).not.toBe(delivery!.job_id);
    expect(delivery!.log.map((l) => [l.attempt, l.status_code])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
    expect(delivery!.log[0]!.error).toBe('HTTP 500');
    expect(receiver.received.map((r) => r.status)).toEqual([500, 503, 200]);
    const bodies = new Set(receiver.received.map((r) => r.body.toString('hex')));
    expect(bodies.size).toBe(1);
    for (const hook of receiver.received) {
      const expected = createHmac('sha256', SECRET).update(hook.body).digest('hex');
      expect(hook.headers['x-zonemaster-signature']).toBe(`sha256=${expected}`);
      expect(hook.headers['content-type']).toBe('application/json');
    }
    const body = JSON.parse(receiver.received[0]!.body.toString('utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({
      schedule_id: id,
      domain: 'flaky.test',
      job_id: delivery!.job_id,
      previous_job_id: delivery!.previous_job_id,
      overall_result: 'warning',
      previous_overall_result: 'ok',
      diff: {
        added: [{ module: 'BASIC', testcase: 'Basic01', tag: 'SOMETHING_BROKE', level: 'WARNING' }],
        removed: [{ module: 'BASIC', testcase: 'Basic01', tag: 'ALL_GOOD', level: 'INFO' }],
        changed: [],
      },
    });
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/zonemaster_testagent_webhook_deliveries_total\{outcome="retry"\} 2/);
    expect(exposition).toMatch(/zonemaster_testagent_webhook_deliveries_total\{outcome="delivered"\} 1/);
    expect(exposition).toMatch(/zonemaster_testagent_schedules_due \d+/);
  }, 90_000);

  it('sends a delivery whose agent died once its lease has expired', async () => {
    receiver.received.length = 0;
    const id = await schedule('orphan.test');
    await db.knex('schedules').where('id', id).update({ next_run_at: Number.MAX_SAFE_INTEGER });
    await db.knex('webhook_deliveries').insert({
      schedule_id: id,
      hash_id: 'aaaaaaaaaaaaaaaa',
      previous_hash_id: 'bbbbbbbbbbbbbbbb',
      body: '{"orphan":true}',
      state: 'pending',
      attempts: 1,
      next_attempt_at: Date.now() - 60_000,
      claimed_by: 'dead-agent',
      lease_expires_at: Date.now() - 1,
      created_at: '2026-01-01 00:00:00',
    });
    startAgents(2);
    await waitFor(async () => (await deliveries(id)).some((d) => d.state === 'delivered'), 20_000, 50);
    await sleep(500);
    expect(receiver.received.map((r) => r.body.toString())).toEqual(['{"orphan":true}']);
    expect((await deliveries(id))[0]!.log.map((l) => l.attempt)).toEqual([2]);
  }, 60_000);

  it('refuses at delivery time a target the agent does not allow (loopback by default)', async () => {
    receiver.received.length = 0;
    const id = await schedule('refused.test');
    const strict = { ...db.config, MONITORING: { ...db.config.MONITORING, allowed_webhook_hosts: [] } };
    startAgents(1, strict);
    const first = await nextCompared(id, null);
    world.set('refused.test', [{ tag: 'CHANGED', level: 'ERROR' }]);
    await nextCompared(id, first);
    await waitFor(async () => (await deliveries(id)).some((d) => d.state === 'failed'), 20_000, 50);
    const [delivery] = await deliveries(id);
    expect(delivery!.attempts).toBe(1);
    expect(delivery!.log[0]!.error).toMatch(/target not allowed: 127\.0\.0\.1/);
    expect(receiver.received).toHaveLength(0);
  }, 60_000);

  it('checks the resolved addresses of a name (a name rebound to loopback is refused)', async () => {
    receiver.received.length = 0;
    const rebinding = (
      _name: string,
      _opts: unknown,
      callback: (e: null, a: Array<{ address: string; family: number }>) => void,
    ) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
    const hookUrl = receiver.url.replace('127.0.0.1', 'hooks.rebind.test');
    const base = { secret: 's', deliveryId: 1, timeoutMs: 2000, resolve: rebinding };
    const refused = await postWebhook(hookUrl, '{}', { ...base, policy: targetPolicy([]) });
    expect(refused).toMatchObject({
      refused: true,
      error: expect.stringMatching(/resolves to 127\.0\.0\.1/),
    });
    expect(receiver.received).toHaveLength(0);
    const allowed = await postWebhook(hookUrl, '{}', { ...base, policy: targetPolicy(['127.0.0.0/8']) });
    expect(allowed).toEqual({ statusCode: 200 });
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up after a timeout without waiting for a slow receiver', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const result = await postWebhook(`http://127.0.0.1:${port}/`, '{}', {
      secret: null,
      deliveryId: 1,
      timeoutMs: 300,
      policy: targetPolicy(['127.0.0.1']),
    });
    expect(result.error).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    silent.closeAllConnections();
    silent.close();
  });
});
