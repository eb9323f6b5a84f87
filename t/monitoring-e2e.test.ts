/**
 * A schedule end to end on a real database ($TARGET), the real engine and DNS on loopback: a zone tested every
 * second whose answers stay the same sends no webhook; once one of its name servers starts refusing, exactly one
 * signed webhook reaches the receiver, with the diff job_diff gives for the same two tests.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { rpcCall } from '../src/agent/rpcClient.js';
import type { Finding } from '../src/findings/diff.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { startRpcServer } from '../src/rpc/server.js';
import { waitFor } from './agent.helpers.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import {
  startLocalTree,
  type LocalTree,
  type LocalTreeZone,
  type ServerBehaviour,
} from './lib/dns-server.js';
import { startWebhookReceiver, type WebhookReceiver } from './lib/webhook-receiver.js';
import { writeHints } from './lib/zones.js';

const USER = { username: 'watcher', api_key: 'watcher-key' };
const SECRET = 'e2e-secret';
const NS2 = '127.54.7.4';
const ZONES: LocalTreeZone[] = [
  { origin: '', servers: [{ name: 'a.root-servers.test', address: '127.54.7.1' }] },
  { origin: 'test', servers: [{ name: 'ns1.nic.test', address: '127.54.7.2' }] },
  {
    origin: 'watched.test',
    servers: [
      { name: 'ns1.watched.test', address: '127.54.7.3' },
      { name: 'ns2.watched.test', address: NS2 },
    ],
    lines: ['www A 127.0.0.80'],
  },
];

/** ns2's behaviour, read by the server at every query: the test changes the world without a restart. */
const ns2: ServerBehaviour = {};
let tree: LocalTree;
let db: TestDatabase;
let rpc: { url: string; close(): Promise<void> };
let receiver: WebhookReceiver;
let agent: TestAgent;

function startAgent(): TestAgent {
  const started = new TestAgent({
    config: db.config,
    knex: db.knex,
    engineOptions: { port: tree.port },
    pollMs: 50,
    monitorTickMs: 100,
  });
  started.start();
  return started;
}

beforeAll(async () => {
  tree = await startLocalTree(ZONES, { [NS2]: ns2 });
  const hints = writeHints(mkdtempSync(join(tmpdir(), 'zmt-monitoring-')), tree.rootServers);
  db = await createTestDatabase({
    configOverrides: {
      ZONEMASTER: { root_hints: hints },
      RPCAPI: { enable_add_api_user: 'yes' },
      MONITORING: { min_interval: '1', allowed_webhook_hosts: '127.0.0.1' },
    },
  });
  const silent = pino({ level: 'silent' });
  rpc = await startRpcServer(db.config, {
    port: 0,
    logger: silent,
    deps: { knex: db.knex, engine: createEngineServices({ dnsPort: tree.port }), logger: silent },
  });
  await rpcCall(rpc.url, 'user_create', USER);
  receiver = await startWebhookReceiver();
  agent = startAgent();
}, 30_000);

afterAll(async () => {
  await agent?.stop(0);
  await rpc?.close();
  await receiver?.close();
  await db?.destroy();
  await tree?.stop();
});

const lastJob = async (scheduleId: number): Promise<string | null> => {
  const { schedules } = await rpcCall<{
    schedules: Array<{ schedule_id: number; last_job_id: string | null }>;
  }>(rpc.url, 'schedule_list', USER);
  return schedules.find((s) => s.schedule_id === scheduleId)!.last_job_id;
};

/** Waits until the schedule's next test has run and been compared; returns its id. */
async function nextCompared(scheduleId: number, than: string | null): Promise<string> {
  let job: string | null = null;
  await waitFor(async () => (job = await lastJob(scheduleId)) !== null && job !== than, 60_000, 100);
  return job!;
}

const identity = ({ module, testcase, tag, args, level }: Finding) =>
  JSON.stringify([module, testcase, tag, args, level]);
const identities = (findings: Finding[]) => findings.map(identity).sort();
/** Letter case aside: Nameserver08/09 report a name in a case drawn anew on every run. */
const folded = (f: Finding) => identity(f).toLowerCase();

describe(`a 1 s schedule on ${target()}`, () => {
  it('sends one signed webhook when the zone changes, none while it stays the same', async () => {
    const { schedule_id: id } = await rpcCall<{ schedule_id: number }>(rpc.url, 'schedule_create', {
      ...USER,
      domain: 'watched.test',
      interval: 1,
      webhook_url: receiver.url,
      webhook_secret: SECRET,
    });
    const first = await nextCompared(id, null);
    const second = await nextCompared(id, first);
    expect(await rpcCall(rpc.url, 'job_status', { job_id: second })).toMatchObject({ state: 'completed' });
    expect(receiver.received).toHaveLength(0);

    // ns2 now refuses every query. The agent is restarted so that no test runs across the change: a test it
    // held goes back to the queue and runs again in the new world.
    await agent.stop(0);
    ns2.rcode = 'REFUSED';
    agent = startAgent();
    await waitFor(() => receiver.received.length > 0, 60_000, 100);
    const changed = await lastJob(id);
    // two more tests in the same (broken) world: nothing more is sent
    await nextCompared(id, await nextCompared(id, changed));
    expect(receiver.received).toHaveLength(1);

    const [hook] = receiver.received;
    const expected = createHmac('sha256', SECRET).update(hook!.body).digest('hex');
    expect(hook!.headers['x-zonemaster-signature']).toBe(`sha256=${expected}`);
    const body = JSON.parse(hook!.body.toString('utf8')) as {
      schedule_id: number;
      domain: string;
      job_id: string;
      previous_job_id: string;
      overall_result: string;
      previous_overall_result: string;
      diff: { added: Finding[]; removed: Finding[]; changed: Finding[] };
    };
    expect(body).toMatchObject({ schedule_id: id, domain: 'watched.test' });
    expect(body.job_id).toBe(changed);
    const diff = await rpcCall<{ added: Finding[]; removed: Finding[]; changed: Finding[] }>(
      rpc.url,
      'job_diff',
      {
        job_id: body.job_id,
        other_job_id: body.previous_job_id,
      },
    );
    // job_diff compares letter case too: what it adds and removes alike changed only in case
    const removedFolded = new Set(diff.removed.map(folded));
    const caseOnly = new Set(diff.added.map(folded).filter((f) => removedFolded.has(f)));
    const beyondCase = (findings: Finding[]) => identities(findings.filter((f) => !caseOnly.has(folded(f))));
    expect(identities(body.diff.added)).toEqual(beyondCase(diff.added));
    expect(identities(body.diff.removed)).toEqual(beyondCase(diff.removed));
    expect(identities(body.diff.changed)).toEqual(identities(diff.changed));
    expect(body.diff.added.length).toBeGreaterThan(0);
    expect(JSON.stringify(body.diff.added)).toContain(NS2);
    const { deliveries } = await rpcCall<{ deliveries: Array<{ state: string; attempts: number }> }>(
      rpc.url,
      'schedule_deliveries',
      { ...USER, schedule_id: id },
    );
    expect(deliveries).toMatchObject([{ state: 'delivered', attempts: 1 }]);
    console.log(
      `change delivered: +${body.diff.added.length} -${body.diff.removed.length} ~${body.diff.changed.length}, ` +
        `${body.previous_overall_result} -> ${body.overall_result}`,
    );
    await rpcCall(rpc.url, 'schedule_delete', { ...USER, schedule_id: id });
  }, 240_000);
});
