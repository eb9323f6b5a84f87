/**
 * The interactive commands on a terminal and in pipes: zonemaster-cli's progress line never shares a line with
 * a finding, `| head` ends the command quietly, and `zmb --help` is a success.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

const ROOT = join(import.meta.dirname, '..');
const exec = promisify(execFile);

let tree: LocalTree;
let hints: string;

beforeAll(async () => {
  tree = await startLocalTree([
    { origin: '', servers: [{ name: 'a.root', address: '127.36.0.1' }] },
    { origin: 'tt', servers: [{ name: 'ns1.tt', address: '127.36.1.1' }] },
    {
      origin: 'zone.tt',
      servers: [
        { name: 'ns1.zone.tt', address: '127.36.2.1' },
        { name: 'ns2.zone.tt', address: '127.36.2.2' },
      ],
    },
  ]);
  hints = writeHints(mkdtempSync(join(tmpdir(), 'zm-tty-')), tree.rootServers);
});
afterAll(async () => tree?.stop());

const cliArgs = () => [
  '--hints',
  hints,
  '--port',
  String(tree.port),
  '--no-ipv6',
  '--level',
  'INFO',
  'zone.tt',
];

/** What a terminal shows after `output`: carriage return, erase-to-end-of-line and newline applied. */
function screen(output: string): string[] {
  const lines: string[] = [];
  let line = '';
  let column = 0;
  for (let i = 0; i < output.length; i++) {
    const c = output[i]!;
    if (output.startsWith('\x1b[K', i)) {
      line = line.slice(0, column);
      i += 2;
    } else if (c === '\r') column = 0;
    else if (c === '\n') {
      lines.push(line);
      line = '';
      column = 0;
    } else {
      line = line.slice(0, column) + c + line.slice(column + 1);
      column += 1;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

describe('zonemaster-cli', () => {
  it('on a terminal, clears its "Testing: N/M" line before each finding and at the end', async () => {
    const command = [process.execPath, '--import', 'tsx', 'src/cli/zonemaster-cli.ts', ...cliArgs()]
      .map((word) => `'${word}'`)
      .join(' ');
    // script(1) gives the command a pseudo-terminal for stdout and stderr alike.
    const { stdout } = await exec('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, timeout: 60_000 });
    expect(stdout).toContain('Testing: ');
    const shown = screen(stdout.replace(/\r\n/g, '\n'));
    const findings = shown.filter((line) => / (INFO|NOTICE|WARNING|ERROR|CRITICAL) /.test(line));
    expect(findings.length).toBeGreaterThan(5);
    for (const line of findings) expect(line).toMatch(/^ +\d+\.\d\d (INFO|NOTICE|WARNING|ERROR|CRITICAL) /);
    expect(shown.filter((line) => line.includes('Testing:'))).toEqual([]);
  });

  it('stops quietly with exit 0 when the reader of its output goes away (| head)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/zonemaster-cli.ts', ...cliArgs()], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    // Like `head -1`: read the first chunk, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

describe('zmb', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/zmb.ts', '--help'], {
      cwd: ROOT,
    });
    expect(stdout).toMatch(/^Usage: zmb /);
  });
});
