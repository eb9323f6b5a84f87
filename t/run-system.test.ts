/**
 * SYSTEM messages of a run as the reference engine emits them: DEPENDENCY_VERSION after GLOBAL_VERSION, NO_NETWORK
 * (and nothing run) when both IP families are off, RECORDING_MISS for each query a replayed recording lacks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTest } from '../src/engine/run.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';
import { argsOf, testProfile } from './lib/engine.js';

let tree: LocalTree;
let hintsFile: string;

beforeAll(async () => {
  tree = await startLocalTree([
    { origin: '', servers: [{ name: 'a.root', address: '127.61.0.1' }] },
    { origin: 'sys', servers: [{ name: 'ns1.sys', address: '127.61.1.1' }] },
    {
      origin: 'zone.sys',
      servers: [{ name: 'ns1.zone.sys', address: '127.61.2.1' }],
      lines: ['www A 127.0.0.9'],
    },
  ]);
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'run-system-')), tree.rootServers);
});

afterAll(async () => {
  await tree.stop();
});

const tags = (messages: { tag: string }[]) => messages.map((m) => m.tag);
const runBasic01 = (restore?: string) =>
  runTest({
    domain: 'zone.sys',
    profile: testProfile(),
    hintsFile,
    port: tree.port,
    tests: ['basic/basic01'],
    ...(restore === undefined ? {} : { restore }),
  });

describe('start of a run', () => {
  it('names each dependency once, right after the engine version', async () => {
    const { messages } = await runBasic01();
    const all = tags(messages);
    const first = all.indexOf('DEPENDENCY_VERSION');
    expect(all[first - 1]).toBe('GLOBAL_VERSION');
    const deps = argsOf(messages, 'DEPENDENCY_VERSION');
    expect(deps.map((d) => d.name)).toEqual(['Node.js', 'OpenSSL', 'zonemaster-ts/dns', 'tr46']);
    expect(
      deps.every((d) => typeof d.version === 'string' && d.version !== 'unknown' && d.version !== ''),
    ).toBe(true);
    expect(all.slice(first, first + deps.length).every((t) => t === 'DEPENDENCY_VERSION')).toBe(true);
    expect(messages.find((m) => m.tag === 'DEPENDENCY_VERSION')!.level).toBe('DEBUG');
  });
});

describe('NO_NETWORK', () => {
  const noNetwork = testProfile({ net: { ipv4: false, ipv6: false } });
  it.each([
    ['a whole run', undefined],
    ['one module', ['basic']],
    ['one test case', ['consistency/consistency01']],
  ])('ends %s after the version messages, with nothing run and nothing sent', async (_what, tests) => {
    const before = tree.server.log.length;
    const { messages } = await runTest({
      domain: 'zone.sys',
      profile: noNetwork,
      hintsFile,
      port: tree.port,
      ...(tests ? { tests } : {}),
    });
    const all = tags(messages);
    expect(all[all.length - 1]).toBe('NO_NETWORK');
    expect(all.filter((t) => t !== 'DEPENDENCY_VERSION')).toEqual([
      'START_TIME',
      'TEST_TARGET',
      'GLOBAL_VERSION',
      'NO_NETWORK',
    ]);
    expect(messages.find((m) => m.tag === 'NO_NETWORK')!.level).toBe('CRITICAL');
    expect(tree.server.log.length).toBe(before);
  });

  it('is not emitted when one family is on', async () => {
    const { messages } = await runBasic01();
    expect(tags(messages)).not.toContain('NO_NETWORK');
    expect(tags(messages)).toContain('TEST_CASE_END');
  });
});

describe('RECORDING_MISS', () => {
  it('reports each query of a replay that the recording has no answer for, with server, name and type', async () => {
    const recorded = await runBasic01();
    const recording = recorded.save();
    expect(tags(recorded.messages)).not.toContain('RECORDING_MISS');

    // The same test replays without a miss; another test case asks other questions.
    const same = await runBasic01(recording);
    expect(tags(same.messages)).not.toContain('RECORDING_MISS');
    const other = await runTest({
      domain: 'zone.sys',
      profile: testProfile(),
      hintsFile,
      port: tree.port,
      tests: ['zone/zone09'],
      restore: recording,
    });
    const misses = argsOf(other.messages, 'RECORDING_MISS');
    expect(misses.length).toBeGreaterThan(0);
    for (const miss of misses) {
      expect(Object.keys(miss).sort()).toEqual(['name', 'ns', 'type']);
      expect(miss.ns).toMatch(/^[a-z0-9.]+\/127\.61\.\d+\.\d+$/);
      expect(miss.type).toMatch(/^[A-Z]+$/);
    }
    expect(other.messages.find((m) => m.tag === 'RECORDING_MISS')!.module).toBe('System');
  });
});

describe('root hints', () => {
  it('come from the hints file as it is at the start of each run, also when it changes between runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-hints-'));
    const rootsAsked = async (servers: { name: string; address: string }[]) => {
      const file = writeHints(dir, servers);
      const { messages } = await runTest({
        domain: 'zone.sys',
        profile: testProfile(),
        hintsFile: file,
        tests: ['basic/basic01'],
        restore: '',
      });
      return [...new Set(argsOf(messages, 'RECORDING_MISS').map((miss) => miss.ns))];
    };
    expect(await rootsAsked([{ name: 'a.root', address: '127.61.0.1' }])).toEqual(['a.root/127.61.0.1']);
    expect(await rootsAsked([{ name: 'bb.root', address: '127.61.0.2' }])).toEqual(['bb.root/127.61.0.2']);
    expect(await rootsAsked([{ name: 'c.root', address: '127.61.0.33' }])).toEqual(['c.root/127.61.0.33']);
  });
});
