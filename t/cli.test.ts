/**
 * zonemaster-cli end to end against an in-process DNS tree: JSON output, levels, bad input, and --save then
 * --restore giving the same messages with the servers stopped.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'zonemaster-cli.ts');

let tree: LocalTree;
let dir: string;
let hints: string;

beforeAll(async () => {
  tree = await startLocalTree([
    { origin: '', servers: [{ name: 'a.root', address: '127.34.0.1' }] },
    { origin: 'cl', servers: [{ name: 'ns1.cl', address: '127.34.1.1' }] },
    { origin: 'zone.cl', servers: [{ name: 'ns1.zone.cl', address: '127.34.2.1' }, { name: 'ns2.zone.cl', address: '127.34.2.2' }] },
  ]);
  dir = mkdtempSync(join(tmpdir(), 'zm-cli-'));
  hints = writeHints(dir, tree.rootServers);
});
afterAll(async () => tree.stop());

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 30_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const base = () => ['--hints', hints, '--port', String(tree.port), '--no-ipv6', '--test', 'basic', '--json', '--raw', '--no-progress'];

interface JsonEntry {
  timestamp: number;
  module?: string;
  testcase?: string;
  tag: string;
  level: string;
  args: Record<string, unknown>;
  message?: string;
}

describe('zonemaster-cli', () => {
  it('prints {"results": [...]} with module and test case only when asked', async () => {
    const plain = await cli([...base(), '--level', 'INFO', 'zone.cl']);
    expect(plain.code).toBe(0);
    const results = (JSON.parse(plain.stdout) as { results: JsonEntry[] }).results;
    expect(results.map((r) => r.tag)).toContain('B02_AUTH_RESPONSE_SOA');
    expect(results.every((r) => r.module === undefined && r.testcase === undefined && r.message === undefined)).toBe(true);
    expect(results.every((r) => ['INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'].includes(r.level))).toBe(true);

    const shown = await cli([...base(), '--level', 'INFO', '--show-module', '--show-testcase', 'zone.cl']);
    const entry = (JSON.parse(shown.stdout) as { results: JsonEntry[] }).results.find((r) => r.tag === 'B01_CHILD_FOUND')!;
    expect(entry).toMatchObject({ module: 'Basic', testcase: 'Basic01', level: 'INFO', args: { domain: 'zone.cl' } });
  });

  it('rejects a bad domain with the normalization message and exit status 2', async () => {
    const bad = await cli(['--no-progress', 'a..b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/dots/);
  });

  it('prints versions that the test bed runner can parse', async () => {
    const { stdout } = await cli(['--version']);
    expect(stdout).toMatch(/^Zonemaster-CLI version \d+\.\d+\.\d+$/m);
    expect(stdout).toMatch(/^Zonemaster-Engine version \d+\.\d+\.\d+$/m);
  });

  it('--restore replays a --save file without any query and gives the same messages', async () => {
    const saveFile = join(dir, 'zone.cl.data');
    const live = await cli([...base(), '--level', 'DEBUG', '--show-testcase', '--save', saveFile, 'zone.cl']);
    expect(live.code).toBe(0);
    expect(readFileSync(saveFile, 'utf8')).toMatch(/^ns1\.zone\.cl 127\.34\.2\.1 /m);
    const queriesBefore = tree.server.log.length;
    const replayed = await cli([...base(), '--level', 'DEBUG', '--show-testcase', '--restore', saveFile, 'zone.cl']);
    expect(replayed.code).toBe(0);
    expect(tree.server.log.length).toBe(queriesBefore);
    const key = (r: JsonEntry) => `${r.testcase} ${r.tag} ${r.level} ${r.tag === 'START_TIME' ? '' : JSON.stringify(r.args)}`;
    // The trace of queries sent is the one thing a replay must not repeat.
    const messages = (out: string) =>
      (JSON.parse(out) as { results: JsonEntry[] }).results.filter((r) => r.tag !== 'EXTERNAL_QUERY').map(key).sort();
    expect(JSON.parse(replayed.stdout).results.some((r: JsonEntry) => r.tag === 'EXTERNAL_QUERY')).toBe(false);
    expect(messages(replayed.stdout)).toEqual(messages(live.stdout));
    expect(messages(live.stdout).some((m) => m.includes('B02_AUTH_RESPONSE_SOA'))).toBe(true);
    expect(replayed.stderr).toContain(`Replay: 0 queries were not in ${saveFile}`);

    // Another test case asks what the recording lacks: each miss is a message and the summary counts them.
    const other = await cli([...base(), '--level', 'DEBUG', '--raw', '--test', 'zone/zone09', '--restore', saveFile, 'zone.cl']);
    const misses = (JSON.parse(other.stdout) as { results: JsonEntry[] }).results.filter((r) => r.tag === 'RECORDING_MISS');
    expect(misses.length).toBeGreaterThan(0);
    expect(other.stderr).toMatch(new RegExp(`Replay: ${misses.length} quer(y was|ies were) not in `));
  });
});
