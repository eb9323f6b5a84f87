/**
 * Schedules through the API ($TARGET database): schedule_create validates like start_domain_test plus its own
 * keys (interval ≥ [MONITORING] min_interval, webhook targets by allowed_webhook_hosts: loopback refused by
 * default), schedule_list shows a user's own schedules without secrets, schedule_delete and schedule_deliveries
 * see only the user's own; the methods are off with [MONITORING] enable = no. Also the config keys, the target
 * policy and the signature.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, rpcCall } from '../src/agent/rpcClient.js';
import type { Config } from '../src/config/types.js';
import { signature } from '../src/monitoring/postWebhook.js';
import { nextRunAfter } from '../src/monitoring/queries/index.js';
import { targetPolicy } from '../src/monitoring/targetPolicy.js';
import { makeTestConfig } from './lib/config.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';
import { startQuietRpcServer } from './lib/rpc.js';

const ALICE = { username: 'alice', api_key: 'alice-key' };
const BOB = { username: 'bob', api_key: 'bob-key' };

let db: TestDatabase;
const servers: Array<{ url: string; close(): Promise<void> }> = [];
let url: string; // default [MONITORING]: min_interval 300, loopback refused
let lenient: string; // min_interval 1, loopback allowed

const withMonitoring = (config: Config, monitoring: Partial<Config['MONITORING']>): Config => ({
  ...config,
  MONITORING: { ...config.MONITORING, ...monitoring },
});

async function server(config: Config): Promise<string> {
  const s = await startQuietRpcServer(config, { knex: db.knex });
  servers.push(s);
  return s.url;
}

beforeAll(async () => {
  db = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_api_user: 'yes' } } });
  url = await server(db.config);
  lenient = await server(
    withMonitoring(db.config, { min_interval: 1, allowed_webhook_hosts: ['127.0.0.0/8'] }),
  );
  await rpcCall(url, 'user_create', ALICE);
  await rpcCall(url, 'user_create', BOB);
}, 30_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  await db?.destroy();
});

async function rpcError(at: string, method: string, params: Record<string, unknown>): Promise<RpcError> {
  try {
    await rpcCall(at, method, params);
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw error;
  }
  throw new Error(`${method} succeeded`);
}

describe(`schedule methods on ${target()}`, () => {
  it('creates a schedule with the test params normalised as start_domain_test does', async () => {
    const now = Date.now();
    const created = await rpcCall<{ schedule_id: number; webhook_secret?: string }>(url, 'schedule_create', {
      ...ALICE,
      domain: 'Example.TEST.',
      interval: 300,
      nameservers: [{ ns: 'NS1.example.test', ip: '192.0.2.1' }],
      ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: 'a'.repeat(64) }],
      webhook_url: 'https://hooks.example.net/zonemaster',
      webhook_secret: 'shared',
    });
    expect(created).toEqual({ schedule_id: expect.any(Number) });
    const { schedules } = await rpcCall<{ schedules: Array<Record<string, unknown>> }>(
      url,
      'schedule_list',
      ALICE,
    );
    const mine = schedules.find((s) => s.schedule_id === created.schedule_id)!;
    expect(mine).toMatchObject({
      domain: 'example.test',
      interval: 300,
      webhook_url: 'https://hooks.example.net/zonemaster',
      last_job_id: null,
      pending_job_id: null,
      params: {
        profile: 'default',
        nameservers: [{ ns: 'ns1.example.test', ip: '192.0.2.1' }],
        ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: 'a'.repeat(64) }],
      },
    });
    expect(JSON.stringify(schedules)).not.toContain('shared');
    // the first run falls somewhere in the first interval (jitter), never before now
    const first = Date.parse(mine.next_run_at as string);
    expect(first).toBeGreaterThanOrEqual(now - 1000);
    expect(first).toBeLessThanOrEqual(now + 301_000);
  });

  it('spreads the first runs of schedules created together over their interval', async () => {
    const created: number[] = [];
    for (let i = 0; i < 40; i++)
      created.push(
        (
          await rpcCall<{ schedule_id: number }>(url, 'schedule_create', {
            ...ALICE,
            domain: `spread${i}.test`,
            interval: 3600,
          })
        ).schedule_id,
      );
    const { schedules } = await rpcCall<{ schedules: Array<{ schedule_id: number; next_run_at: string }> }>(
      url,
      'schedule_list',
      ALICE,
    );
    const firsts = schedules
      .filter((s) => created.includes(s.schedule_id))
      .map((s) => Date.parse(s.next_run_at));
    // 40 uniform draws over an hour: the chance that they span less than half of it is below 1e-10
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(1_800_000);
    expect(new Set(firsts).size).toBeGreaterThan(30);
  });

  it('makes a secret for a webhook given without one and returns it once', async () => {
    const created = await rpcCall<{ schedule_id: number; webhook_secret: string }>(url, 'schedule_create', {
      ...ALICE,
      domain: 'example.test',
      interval: 600,
      webhook_url: 'http://hooks.example.net/',
    });
    expect(created.webhook_secret).toMatch(/^[0-9a-f]{48}$/);
  });

  it.each([
    ['an interval below min_interval', { interval: 299 }, '/interval', '299 < minimum(300)'],
    ['a loopback webhook', { webhook_url: 'http://127.0.0.1:8080/' }, '/webhook_url', 'Invalid value.'],
    ['an IPv6 loopback webhook', { webhook_url: 'http://[::1]/' }, '/webhook_url', 'Invalid value.'],
    ['a private webhook', { webhook_url: 'http://10.1.2.3/' }, '/webhook_url', 'Invalid value.'],
    [
      'a link-local webhook',
      { webhook_url: 'http://169.254.169.254/latest' },
      '/webhook_url',
      'Invalid value.',
    ],
    ['localhost', { webhook_url: 'http://localhost:9000/' }, '/webhook_url', 'Invalid value.'],
    ['another scheme', { webhook_url: 'ftp://hooks.example.net/' }, '/webhook_url', undefined],
    ['a bad domain', { domain: 'a..b' }, '/domain', undefined],
    [
      'a bad name server',
      { nameservers: [{ ns: 'ns1.example.test', ip: '1.2.3' }] },
      '/nameservers/0/ip',
      undefined,
    ],
    [
      'a bad digest',
      { ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: 'xyz' }] },
      '/ds_info/0/digest',
      undefined,
    ],
    ['an unknown key', { priority: 3 }, '/', undefined],
  ])('refuses %s with -32602 and the path', async (_what, change, path, message) => {
    const error = await rpcError(url, 'schedule_create', {
      ...ALICE,
      domain: 'example.test',
      interval: 300,
      ...change,
    });
    expect(error.code).toBe(-32602);
    expect(error.message).toBe('Invalid method parameter(s).');
    const data = error.data as Array<{ path: string; message: string }>;
    expect(data.map((d) => d.path)).toContain(path);
    if (message !== undefined) expect(data.find((d) => d.path === path)!.message).toBe(message);
  });

  it('accepts a 1 s interval and a loopback webhook where the configuration allows them', async () => {
    await expect(
      rpcCall(lenient, 'schedule_create', {
        ...ALICE,
        domain: 'example.test',
        interval: 1,
        webhook_url: 'http://127.0.0.1:9/',
        webhook_secret: 'x',
      }),
    ).resolves.toEqual({ schedule_id: expect.any(Number) });
  });

  it('checks the credentials before anything else, and shows users only their own schedules', async () => {
    const wrong = await rpcError(url, 'schedule_create', {
      username: 'alice',
      api_key: 'wrong',
      domain: 'a..b',
      interval: 1,
    });
    expect(wrong).toMatchObject({ code: -32603, message: 'User not authorized to use batch mode' });
    const { schedule_id } = await rpcCall<{ schedule_id: number }>(url, 'schedule_create', {
      ...BOB,
      domain: 'bob.test',
      interval: 300,
    });
    const alices = await rpcCall<{ schedules: Array<{ domain: string }> }>(url, 'schedule_list', ALICE);
    expect(alices.schedules.map((s) => s.domain)).not.toContain('bob.test');
    for (const method of ['schedule_delete', 'schedule_deliveries']) {
      expect(await rpcError(url, method, { ...ALICE, schedule_id })).toMatchObject({
        code: -32603,
        message: 'Unknown schedule',
        data: { schedule_id },
      });
    }
    expect(await rpcCall(url, 'schedule_deliveries', { ...BOB, schedule_id })).toEqual({
      schedule_id,
      deliveries: [],
    });
    expect(await rpcCall(url, 'schedule_delete', { ...BOB, schedule_id })).toEqual({
      schedule_id,
      deleted: true,
    });
    expect((await rpcCall<{ schedules: unknown[] }>(url, 'schedule_list', BOB)).schedules).toEqual([]);
    expect(await rpcError(url, 'schedule_delete', { ...BOB, schedule_id })).toMatchObject({
      message: 'Unknown schedule',
    });
  });

  it('answers "not found" with [MONITORING] enable = no', async () => {
    const off = await server(withMonitoring(db.config, { enable: false }));
    expect(await rpcError(off, 'schedule_list', ALICE)).toMatchObject({ code: -32601 });
  });

  it('appears in the API description', async () => {
    const doc = await rpcCall<{ methods: Array<{ name: string }> }>(url, 'rpc.discover');
    expect(doc.methods.map((m) => m.name)).toEqual(
      expect.arrayContaining(['schedule_create', 'schedule_list', 'schedule_delete', 'schedule_deliveries']),
    );
  });
});

describe('[MONITORING] configuration', () => {
  it('has defaults', () => {
    expect(makeTestConfig().MONITORING).toEqual({
      enable: true,
      min_interval: 300,
      allowed_webhook_hosts: [],
      webhook_timeout: 10,
      webhook_max_attempts: 5,
      webhook_retry_delay: 10,
    });
  });

  it('reads host names, addresses and blocks', () => {
    const config = makeTestConfig({
      MONITORING: { allowed_webhook_hosts: 'hooks.example.net, 127.0.0.0/8 ::1', min_interval: '1' },
    });
    expect(config.MONITORING.allowed_webhook_hosts).toEqual(['hooks.example.net', '127.0.0.0/8', '::1']);
    expect(config.MONITORING.min_interval).toBe(1);
  });

  it.each([
    ['min_interval', '0', /MONITORING.*min_interval.*expected an integer from 1/],
    ['allowed_webhook_hosts', '10.0.0.0/33', /allowed_webhook_hosts.*"10\.0\.0\.0\/33" is not a host name/],
    ['webhook_max_attempts', 'many', /webhook_max_attempts/],
    ['enable', 'maybe', /enable.*expected true or false/],
  ])('refuses a bad %s in one line', (key, value, pattern) => {
    let message = '';
    try {
      makeTestConfig({ MONITORING: { [key]: value } });
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('webhook target policy', () => {
  const byDefault = targetPolicy([]);
  it.each([
    ['93.184.216.34', true],
    ['2606:2800:220:1::1', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['224.0.0.1', false],
  ])('by default, %s allowed: %s', (address, allowed) => {
    expect(byDefault.addressAllowed('hooks.example.net', address)).toBe(allowed);
    expect(byDefault.hostAllowed(address)).toBe(allowed);
  });

  it('lets listed blocks and names through, and only listed names once a name is listed', () => {
    const loopback = targetPolicy(['127.0.0.0/8']);
    expect(loopback.addressAllowed('anything.example', '127.0.0.2')).toBe(true);
    expect(loopback.addressAllowed('anything.example', '10.0.0.1')).toBe(false);
    expect(loopback.addressAllowed('anything.example', '93.184.216.34')).toBe(true);
    const named = targetPolicy(['hooks.internal']);
    expect(named.hostAllowed('hooks.internal')).toBe(true);
    expect(named.addressAllowed('HOOKS.internal.', '10.0.0.1')).toBe(true);
    expect(named.hostAllowed('other.example')).toBe(false);
    expect(named.addressAllowed('other.example', '93.184.216.34')).toBe(false);
  });
});

describe('signature and schedule phase', () => {
  it('is the HMAC-SHA256 of the body bytes', () => {
    const body = '{"a":"é"}';
    expect(signature('k', body)).toBe(
      `sha256=${createHmac('sha256', 'k').update(Buffer.from(body, 'utf8')).digest('hex')}`,
    );
  });

  it('keeps a schedule in its phase and skips missed runs', () => {
    expect(nextRunAfter(1000, 300, 1000)).toBe(1300);
    expect(nextRunAfter(1000, 300, 1299)).toBe(1300);
    expect(nextRunAfter(1000, 300, 2000)).toBe(2200);
  });
});
