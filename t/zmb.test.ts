/** zmb: the requests it builds (as the reference zmb builds them) and the command run against a live daemon. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { ZMB_COMMANDS, ZmbUsageError } from '../src/rpc/zmb-requests.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

const noFile = () => {
  throw new Error('no file expected');
};
const build = (command: string, ...args: string[]) => ZMB_COMMANDS[command]!(args, noFile);

describe('zmb requests', () => {
  it('start_domain_test with every option', () => {
    expect(
      build(
        'start_domain_test',
        '-d',
        'example.com',
        '--nameserver',
        'ns1.example.com:127.0.0.1',
        '-n',
        'ns2.example.com',
        '--ds-info',
        `keytag=1,algorithm=8,digtype=2,digest=${'a'.repeat(64)}`,
        '--ipv4=false',
        '--ipv6',
        'null',
        '--client-id',
        'cli',
        '--client-version',
        '1',
        '--profile',
        'default',
        '--queue',
        '2',
        '--language',
        'en',
      ).params,
    ).toEqual({
      domain: 'example.com',
      nameservers: [{ ns: 'ns1.example.com', ip: '127.0.0.1' }, { ns: 'ns2.example.com' }],
      ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: 'a'.repeat(64) }],
      ipv4: false,
      ipv6: null,
      client_id: 'cli',
      client_version: '1',
      profile: 'default',
      queue: '2',
      language: 'en',
    });
  });

  it('add_batch_job reads --file after the --domain options and sends ip "" for bare name servers', () => {
    const req = ZMB_COMMANDS.add_batch_job!(
      ['-u', 'u', '-a', 'k', '-d', 'first.example', '--file', 'list', '-n', 'ns.example'],
      () => '# comment\n\n  b.example  \nc.example\n',
    );
    expect(req.params).toEqual({
      username: 'u',
      api_key: 'k',
      domains: ['first.example', 'b.example', 'c.example'],
      test_params: { nameservers: [{ ns: 'ns.example', ip: '' }] },
    });
  });

  it('history, results, batch status and the short flags', () => {
    expect(
      build('get_test_history', '-d', 'x.example', '-n', 'delegated', '-o', '5', '-l', '10').params,
    ).toEqual({
      frontend_params: { domain: 'x.example' },
      filter: 'delegated',
      offset: 5,
      limit: 10,
    });
    expect(build('get_test_results', '-t', 'abc', '-l', 'en').params).toEqual({ id: 'abc', language: 'en' });
    expect(
      build(
        'batch_status',
        '--bi',
        '3',
        '--lw',
        '--list-running-tests',
        'true',
        '--list-finished-tests',
        'false',
      ).params,
    ).toEqual({
      batch_id: '3',
      list_waiting_tests: true,
      list_running_tests: true,
    });
    expect(() => build('batch_status', '--bi', '3', '--lw', '--list-waiting-tests', 'true')).toThrow(
      ZmbUsageError,
    );
    expect(() => build('get_test_history', '--filter', 'some')).toThrow(ZmbUsageError);
    expect(() => build('test_progress', '--bogus', 'x')).toThrow(ZmbUsageError);
    expect(build('version_info')).toEqual({ jsonrpc: '2.0', id: 1, method: 'version_info' });
  });
});

describe('zmb against the daemon', () => {
  let db: TestDatabase;
  let server: RunningRpcServer;
  const run = promisify(execFile);
  const zmb = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/zmb.ts', '--server', server.url, ...args], {
      cwd: join(import.meta.dirname, '..'),
    });

  beforeAll(async () => {
    db = await createTestDatabase({ configOverrides: { RPCAPI: { enable_add_api_user: 'true' } } });
    server = await startRpcServer(db.config, {
      port: 0,
      deps: { knex: db.knex },
      logger: createLogger('rpcapi', { level: 'fatal' }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.destroy();
  });

  it('runs a test request, a user and a batch from a file, printing the JSON responses', async () => {
    const started = JSON.parse((await zmb('start_domain_test', '-d', 'zmb.example')).stdout);
    expect(started.result).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse((await zmb('add_api_user', '-u', 'zmb', '-a', 'key')).stdout).result).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'zmb-'));
    writeFileSync(join(dir, 'domains.txt'), 'one.example\n# skip\ntwo.example\n');
    const batch = JSON.parse(
      (
        await zmb(
          'add_batch_job',
          '-u',
          'zmb',
          '-a',
          'key',
          '--file',
          join(dir, 'domains.txt'),
          '-n',
          'ns.example',
        )
      ).stdout,
    );
    expect(typeof batch.result).toBe('number');
    const status = JSON.parse((await zmb('batch_status', '--bi', String(batch.result), '--lw')).stdout);
    expect(status.result.waiting_count).toBe(2);
    const verbose = await zmb('--verbose', 'non_existing_method');
    const [request, response] = verbose.stdout.trim().split('\n');
    expect(JSON.parse(request!).method).toBe('non_existing_method');
    expect(JSON.parse(response!).error.code).toBe(-32601);
  });
});
