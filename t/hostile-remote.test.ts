/**
 * A client that resets its TCP connection right after sending a request leaves the server's socket without a
 * remote address; that must never pass for loopback. The client needs a non-loopback address, so the API runs
 * in a network namespace of its own whose `lo` also carries 10.99.0.1 (nothing leaves the namespace). The child
 * uses SQLite: the namespace cannot reach the shared database servers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { testConfigText } from './lib/config.js';

const run = promisify(execFile);

it('no user is created by add_api_user requests from a non-loopback client that reset their connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zm-reset-'));
  const config = join(dir, 'backend_config.ini');
  writeFileSync(
    config,
    testConfigText({
      SQLITE: { database_file: join(dir, 'db.sqlite') },
      RPCAPI: { enable_add_api_user: 'yes' },
    }),
  );
  const script = 'ip link set lo up && ip addr add 10.99.0.1/32 dev lo && exec "$@"';
  const { stdout } = await run(
    'unshare',
    [
      '-rn',
      'sh',
      '-c',
      script,
      'sh',
      process.execPath,
      '--import',
      'tsx',
      't/rpc-reset.child.ts',
      config,
      '600',
    ],
    { timeout: 90_000 },
  );
  const { created, answer } = JSON.parse(stdout) as { created: number; answer: { error: { data: unknown } } };
  expect(answer.error.data).toEqual({ remote_ip: '10.99.0.1' });
  expect(created).toBe(0);
}, 120_000);
