/**
 * A dead network is not a dead zone: when no root server answers (nor any server given for an undelegated test),
 * the run stops at once with SYSTEM NETWORK_UNREACHABLE instead of reporting the zone broken after minutes, and
 * zonemaster-cli says so on stderr with exit status 1. Loopback only: 127.64.9.x have no listener (refused at
 * once), the server on 127.64.8.1 drops every query.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTest } from '../src/engine/run.js';
import type { MessageEntry, RunOptions, RunResult } from '../src/engine/types.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';
import { testProfile } from './lib/engine.js';

const DROPPING = { name: 'drop.root', address: '127.64.8.1' };
const ZONE_NS = { name: 'ns1.reach.test', address: '127.64.2.1' };

let tree: LocalTree;
let dir: string;
let goodHints: string;
let refusedHints: string;
let droppingHints: string;

beforeAll(async () => {
  tree = await startLocalTree(
    [
      { origin: '', servers: [{ name: 'a.root', address: '127.64.0.1' }] },
      { origin: 'test', servers: [{ name: 'ns1.test', address: '127.64.1.1' }] },
      { origin: 'reach.test', servers: [ZONE_NS], lines: ['www A 127.0.0.9'] },
      { origin: 'drop', servers: [DROPPING] },
    ],
    { [DROPPING.address]: { noAnswer: true } },
  );
  dir = mkdtempSync(join(tmpdir(), 'reachability-'));
  goodHints = writeHints(dir, tree.rootServers);
  refusedHints = writeHints(dir, [{ name: 'gone1.root', address: '127.64.9.1' }, { name: 'gone2.root', address: '127.64.9.2' }], 'refused.root');
  droppingHints = writeHints(dir, [DROPPING], 'dropping.root');
});
afterAll(async () => tree.stop());

function run(extra: Partial<RunOptions>): Promise<RunResult> {
  return runTest({ domain: 'reach.test', profile: testProfile(), hintsFile: goodHints, port: tree.port, tests: ['basic'], ...extra });
}

const tags = (messages: MessageEntry[]) => messages.map((m) => m.tag);

describe('NETWORK_UNREACHABLE', () => {
  it('stops the run when no root server responds, keeping nothing a test case said afterwards', async () => {
    const { messages } = await run({ hintsFile: refusedHints });
    const unreachable = messages.find((m) => m.tag === 'NETWORK_UNREACHABLE');
    expect(unreachable).toMatchObject({ module: 'System', level: 'CRITICAL', args: { servers: 2 } });
    const after = messages.slice(messages.indexOf(unreachable!) + 1);
    expect(after.filter((m) => m.module !== 'System').map((m) => m.tag)).toEqual(['TEST_CASE_END']);
    expect(tags(messages)).not.toContain('B01_PARENT_NOT_FOUND');
    expect(tags(messages)).not.toContain('CANNOT_CONTINUE');
    expect(tags(messages).filter((t) => t === 'MODULE_VERSION')).toHaveLength(1);
  });

  it('takes one query timeout when the root servers drop packets', async () => {
    const started = Date.now();
    const { messages } = await run({ hintsFile: droppingHints, profile: testProfile({ resolver: { defaults: { timeout: 1, retry: 1 } } }) });
    expect(tags(messages)).toContain('NETWORK_UNREACHABLE');
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('is not reported when a root server answers', async () => {
    const { messages } = await run({});
    expect(tags(messages)).not.toContain('NETWORK_UNREACHABLE');
    expect(tags(messages)).toContain('B02_AUTH_RESPONSE_SOA');
  });

  it('is not reported when the roots are dead but a server given for an undelegated test answers', async () => {
    const { messages } = await run({ hintsFile: refusedHints, nameservers: [{ ns: ZONE_NS.name, ip: ZONE_NS.address }] });
    expect(tags(messages)).not.toContain('NETWORK_UNREACHABLE');
    expect(tags(messages)).toContain('B02_AUTH_RESPONSE_SOA');
  });

  it('is never checked for a run that sends nothing: a replay, or test cases that ask no server', async () => {
    const recorded = await run({ tests: ['basic/basic02'] });
    const recording = recorded.save();
    const replayed = await run({ tests: ['basic/basic02'], hintsFile: refusedHints, restore: recording });
    expect(tags(replayed.messages)).not.toContain('NETWORK_UNREACHABLE');
    const before = tree.server.log.length;
    const syntax = await run({ tests: ['syntax/syntax01'], hintsFile: refusedHints });
    expect(tags(syntax.messages)).not.toContain('NETWORK_UNREACHABLE');
    expect(tags(syntax.messages)).toContain('TEST_CASE_END');
    expect(tree.server.log.length).toBe(before);
  });
});

describe('zonemaster-cli on a dead network', () => {
  const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'zonemaster-cli.ts');
  it('says so on stderr and exits 1, within seconds', async () => {
    const started = Date.now();
    const outcome = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, '--no-progress', '--hints', refusedHints, '--port', String(tree.port), 'reach.test'], { timeout: 30_000 }).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/no root name server answered \(2 addresses asked\)/);
    expect(outcome.stdout).toMatch(/CRITICAL +No root name server answered/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
