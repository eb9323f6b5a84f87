/**
 * The agent's heap limit applies however it is started: `foreground` from a shell (no flag given) runs the agent
 * in a process under the limit; killing the first process, even with SIGKILL, stops the agent too.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AGENT_HEAP_LIMIT_MB } from '../src/agent/heap.js';
import { isAlive } from '../src/agent/pidfile.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { waitFor } from './agent.helpers.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.destroy());

function foreground(pidfile: string) {
  const args = ['--import', 'tsx', 'src/cli/testagent.ts', 'foreground', '--pidfile', pidfile];
  return spawn(process.execPath, [...args, '--config', db.config.file], {
    stdio: 'ignore',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

it.each(['SIGTERM', 'SIGKILL'] as const)(
  'foreground runs the agent under the heap limit; %s to the first process stops it',
  async (signal) => {
    const pidfile = join(mkdtempSync(join(tmpdir(), 'zmt-heap-')), 'agent.pid');
    const launcher = foreground(pidfile);
    await waitFor(() => existsSync(pidfile), 20_000);
    const agentPid = Number(readFileSync(pidfile, 'utf8').trim());
    const cmdline = readFileSync(`/proc/${agentPid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain(`--max-old-space-size=${AGENT_HEAP_LIMIT_MB}`);
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill(signal);
    const code = await exited;
    if (signal === 'SIGTERM') expect(code).toBe(0);
    await waitFor(() => !isAlive(agentPid), 10_000);
  },
  40_000,
);
