/** bin/zonemaster-backend-rpcapi's entry point: --listen, --config, serving requests, graceful SIGTERM. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

it('serves on --listen with --config and stops with exit code 0 on SIGTERM', async () => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/rpcapi.ts', '--listen', `127.0.0.1:${port}`, '--config', db.config.file],
    {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, ZM_BACKEND_RPCAPI_LOGLEVEL: 'warning' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let answer: any;
  for (let i = 0; i < 100 && answer === undefined; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/any/path`, {
        method: 'POST',
        body: '{"jsonrpc":"2.0","id":1,"method":"version_info"}',
      });
      answer = await res.json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  expect(answer?.result?.zonemaster_backend, stderr).toBeTypeOf('string');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('refuses to start with a bad --listen or a missing config file', async () => {
  const run = (args: string[]) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/rpcapi.ts', ...args], {
        cwd: join(import.meta.dirname, '..'),
        stdio: 'ignore',
      });
      child.on('exit', (code) => resolve(code));
    });
  expect(await run(['--listen', 'nonsense', '--config', db.config.file])).not.toBe(0);
  expect(await run(['--listen', '127.0.0.1:0', '--config', '/nonexistent/backend_config.ini'])).toBe(1);
});
