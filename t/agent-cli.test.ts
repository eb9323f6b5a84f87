/** bin/zonemaster-backend-testagent's daemon commands, run as real processes (sources through tsx). */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isAlive } from '../src/agent/pidfile.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { waitFor } from './agent.helpers.js';

const run = promisify(execFile);
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase({ configOverrides: { ZONEMASTER: { shutdown_grace_time: '1' } } });
  dir = mkdtempSync(join(tmpdir(), 'zmt-cli-'));
});
afterAll(async () => db?.destroy());

function agentCli(...args: string[]) {
  return run(
    process.execPath,
    ['--import', 'tsx', 'src/cli/testagent.ts', ...args, '--config', db.config.file],
    {
      env: { ...process.env, ZONEMASTER_BACKEND_CONFIG_FILE: '' },
    },
  ).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

it('start, status, stop, status', async () => {
  const pidfile = join(dir, 'agent.pid');
  const logfile = join(dir, 'agent.log');
  const common = [
    '--pidfile',
    pidfile,
    '--logfile',
    logfile,
    '--outfile',
    join(dir, 'agent.out'),
    '--logjson',
  ];

  const started = await agentCli('start', ...common);
  expect(started.stdout).toMatch(/started \(pid \d+\)/);
  const pid = Number(readFileSync(pidfile, 'utf8'));
  expect(isAlive(pid)).toBe(true);

  expect((await agentCli('start', ...common)).stdout).toMatch(/already running/);
  const status = await agentCli('status', ...common);
  expect(status).toMatchObject({ code: 0 });
  expect(status.stdout).toContain(`running (pid ${pid})`);

  expect((await agentCli('stop', ...common)).stdout).toMatch(/stopped/);
  expect(isAlive(pid)).toBe(false);
  expect(existsSync(pidfile)).toBe(false);
  expect((await agentCli('status', ...common)).code).toBe(3);

  const lines = readFileSync(logfile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { message: string; category: string });
  expect(lines.map((l) => l.message)).toEqual(
    expect.arrayContaining(['Test agent started', 'Test agent stopped']),
  );
  expect(lines[0]!.category).toBe('testagent');
}, 120_000);

it('refuses to start with a broken configuration', async () => {
  const result = await run(process.execPath, [
    '--import',
    'tsx',
    'src/cli/testagent.ts',
    'foreground',
    '--config',
    join(dir, 'missing.ini'),
  ]).catch((e: { code: number; stderr: string }) => e);
  expect((result as { code: number }).code).toBe(1);
  expect((result as { stderr: string }).stderr).toMatch(/Aborting startup.*missing\.ini/);
});

it('foreground stops on SIGTERM and removes its pidfile', async () => {
  const pidfile = join(dir, 'fg.pid');
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/testagent.ts',
      'foreground',
      '--pidfile',
      pidfile,
      '--config',
      db.config.file,
    ],
    {
      stdio: 'ignore',
    },
  );
  await waitFor(() => existsSync(pidfile), 60_000);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  expect(existsSync(pidfile)).toBe(false);
}, 90_000);
