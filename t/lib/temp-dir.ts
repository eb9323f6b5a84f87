/**
 * vitest globalSetup: every temporary file of the run (os.tmpdir(), which reads TMPDIR, in the test processes and in
 * the processes they start) goes under one directory, removed when the run ends. Tests then need not clean up
 * after themselves to keep a shared machine's /tmp from filling up run after run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let runDir: string | undefined;

export function setup(): void {
  runDir = mkdtempSync(join(tmpdir(), 'zm-vitest-'));
  process.env.TMPDIR = runDir;
}

export function teardown(): void {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
