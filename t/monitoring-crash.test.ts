/**
 * A webhook delivery survives the agent that was sending it ($TARGET database, real processes): the agent is
 * killed (SIGKILL) while its POST waits for the receiver; once its lease has expired another agent sends the
 * delivery, and it ends delivered, sent twice in all (the receiver saw the first, unanswered, attempt).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { deliveryLeaseMs } from '../src/monitoring/monitor.js';
import { createSchedule } from '../src/monitoring/queries/index.js';
import { newEventsFile, waitFor } from './agent.helpers.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import { startWebhookReceiver, type WebhookReceiver } from './lib/webhook-receiver.js';

let db: TestDatabase;
let receiver: WebhookReceiver;
let child: ChildProcess | undefined;
let agent: TestAgent | undefined;

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: {
      MONITORING: { min_interval: '1', allowed_webhook_hosts: '127.0.0.1', webhook_timeout: '1' },
    },
  });
  receiver = await startWebhookReceiver();
}, 30_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await agent?.stop(0);
  await receiver?.close();
  await db?.destroy();
});

describe(`a webhook delivery on ${target()}`, () => {
  it('is sent by another agent after the sending agent was killed', async () => {
    const scheduleId = await createSchedule(db.knex, {
      username: 'u',
      domain: 'crash.test',
      params: { domain: 'crash.test' },
      fingerprint: '0'.repeat(32),
      intervalSeconds: 3600,
      webhookUrl: receiver.url,
      webhookSecret: 'k',
      now: Date.now() + 3_600_000, // no test of its own during this one
      jitter: 0,
    });
    await db.knex('webhook_deliveries').insert({
      schedule_id: scheduleId,
      hash_id: '1111111111111111',
      previous_hash_id: '2222222222222222',
      body: '{"change":1}',
      state: 'pending',
      attempts: 0,
      next_attempt_at: Date.now(),
      created_at: '2026-01-01 00:00:00',
    });
    receiver.answers = [0]; // the first POST is never answered

    const { events } = newEventsFile('zmt-monitoring-crash-');
    child = spawn(process.execPath, ['--import', 'tsx', 't/agent.child.ts', db.config.file, events], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await waitFor(() => receiver.received.length === 1, 30_000, 20);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const killedAt = Date.now();
    const held = (await db.knex('webhook_deliveries').first('claimed_by', 'attempts', 'state')) as {
      claimed_by: string;
      attempts: number;
      state: string;
    };
    expect(held).toMatchObject({ claimed_by: `child-${child.pid}`, state: 'pending' });
    expect(Number(held.attempts)).toBe(1);

    agent = new TestAgent({ config: db.config, knex: db.knex, pollMs: 50, monitorTickMs: 100 });
    agent.start();
    await waitFor(
      async () =>
        ((await db.knex('webhook_deliveries').first('state')) as { state: string }).state === 'delivered',
      deliveryLeaseMs(1) + 20_000,
      100,
    );
    // not before the dead agent's lease expired
    expect(Date.now() - killedAt).toBeGreaterThan(deliveryLeaseMs(1) - 5000);
    expect(receiver.received.map((r) => r.body.toString())).toEqual(['{"change":1}', '{"change":1}']);
    const attempts = (await db.knex('webhook_attempts').select('attempt', 'status_code')) as Array<{
      attempt: number;
      status_code: number;
    }>;
    expect(attempts.map((a) => [Number(a.attempt), Number(a.status_code)])).toEqual([[2, 200]]);
  }, 90_000);
});
