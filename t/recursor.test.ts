import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { parseHints, readHintsFile, Recursor } from '../src/engine/recursor.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

let tree: LocalTree;
let hintsFile: string;

beforeAll(async () => {
  tree = await startLocalTree([
    { origin: '', servers: [{ name: 'a.root.rt', address: '127.31.0.1' }] },
    { origin: 'rt', servers: [{ name: 'ns1.rt', address: '127.31.1.1' }] },
    {
      origin: 'child.rt',
      servers: [{ name: 'ns1.child.rt', address: '127.31.2.1' }],
      lines: [
        'www A 127.0.0.9',
        'alias CNAME www',
        'far CNAME www.other.rt.',
        'loop1 CNAME loop2',
        'loop2 CNAME loop1',
        'v6 AAAA ::9',
      ],
    },
    // Out-of-bailiwick NS without glue in the parent: ns.child.rt serves other.rt too.
    {
      origin: 'other.rt',
      servers: [{ name: 'ns1.child.rt', address: '127.31.2.1' }],
      lines: ['www A 127.0.0.10'],
    },
  ]);
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-rec-')), tree.rootServers);
});
afterAll(async () => tree.stop());

function recursor(): { rec: Recursor; queries: () => number } {
  const ctx = createDnsContext({ port: tree.port, resolver: { timeout: 1, retry: 1 } });
  return {
    rec: new Recursor({ hints: readHintsFile(hintsFile), nameserver: (n, a) => createNameserver(n, a, ctx) }),
    queries: () => tree.server.log.length,
  };
}

describe('root hints', () => {
  it('parses named.root format with comments, TTLs and classes', () => {
    const hints = parseHints(
      '; c\n.  3600000 IN NS A.ROOT.\nA.ROOT. 3600000 A 127.0.0.1\nA.ROOT. 3600000 AAAA ::1\n',
    );
    expect(hints).toEqual([
      { name: 'a.root', address: '127.0.0.1' },
      { name: 'a.root', address: '::1' },
    ]);
  });
});

describe('Recursor', () => {
  it('follows referrals with glue to an answer', async () => {
    const { rec } = recursor();
    const p = await rec.recurse('www.child.rt', 'A');
    expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
    expect(p?.flags.aa).toBe(true);
  });

  it('returns NXDOMAIN answers and undefined when nothing answers', async () => {
    const { rec } = recursor();
    expect((await rec.recurse('nope.child.rt', 'A'))?.rcode).toBe('NXDOMAIN');
    const dead = new Recursor({
      hints: [{ name: 'dead', address: '127.31.9.9' }],
      nameserver: (n, a) =>
        createNameserver(n, a, createDnsContext({ port: tree.port, resolver: { timeout: 0.2, retry: 1 } })),
    });
    expect(await dead.recurse('www.child.rt', 'A')).toBeUndefined();
  });

  it('follows CNAME chains in and out of the zone, and stops on loops', async () => {
    const { rec } = recursor();
    expect(await rec.addressesOf('alias.child.rt')).toEqual(['127.0.0.9']);
    expect(await rec.addressesOf('far.child.rt')).toEqual(['127.0.0.10']);
    expect(await rec.addressesOf('loop1.child.rt')).toEqual([]);
  });

  it('returns A and AAAA addresses', async () => {
    const { rec } = recursor();
    expect(await rec.addressesOf('v6.child.rt')).toEqual(['::9']);
    expect(await rec.addressesOf('ns1.child.rt')).toEqual(['127.31.2.1']);
  });

  it('finds the parent zone', async () => {
    const { rec } = recursor();
    expect(await rec.parentOf('child.rt')).toBe('rt');
    expect(await rec.parentOf('rt')).toBe('');
    expect(await rec.parentOf('missing.child.rt')).toBe('child.rt');
  });

  it('recurseFrom starts at the given server; its cache is keyed by name and type only, shared with recurse', async () => {
    const { rec } = recursor();
    const child = { name: 'ns1.child.rt', address: '127.31.2.1' };
    const from = tree.server.log.length;
    const p = await rec.recurseFrom([child], 'www.child.rt', 'A');
    expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
    expect(tree.server.log.slice(from).map((q) => `${q.address} ${q.name} ${q.type}`)).toEqual([
      '127.31.2.1 www.child.rt A',
    ]);
    // Another server, the same question: answered from the cache; recurse() too.
    const before = tree.server.log.length;
    const root = { name: 'a.root.rt', address: '127.31.0.1' };
    expect(await rec.recurseFrom([root], 'www.child.rt', 'A')).toBe(p);
    expect(await rec.recurse('www.child.rt', 'A')).toBe(p);
    // A question already looked up from the root is not asked again either.
    await rec.recurse('v6.child.rt', 'AAAA');
    const afterRoot = tree.server.log.length;
    const v6 = await rec.recurseFrom([child], 'v6.child.rt', 'AAAA');
    expect(v6?.answer.map((rr) => rr.data)).toEqual(['::9']);
    expect(tree.server.log.length).toBe(afterRoot);
    expect(afterRoot).toBeGreaterThan(before);
  });

  it('caches per run: the same lookup sends no new query', async () => {
    const { rec, queries } = recursor();
    await rec.recurse('www.child.rt', 'A');
    const before = queries();
    await rec.recurse('www.child.rt', 'A');
    expect(queries()).toBe(before);
  });

  it('a lookup from given servers asks them, and shares the cache with every other lookup', async () => {
    const { rec } = recursor();
    const sent = () => tree.server.log.map((q) => `${q.address} ${q.name} ${q.type}`);
    const start = sent().length;
    const child = { name: 'ns1.child.rt', address: '127.31.2.1' };
    const p = await rec.recurseFrom([child], 'www.child.rt', 'A');
    expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
    expect(sent().slice(start)).toEqual(['127.31.2.1 www.child.rt A']);
    // Another server, or the root, for the same name and type: the cached answer, nothing sent
    expect(await rec.recurseFrom([{ name: 'a.root.rt', address: '127.31.0.1' }], 'www.child.rt', 'A')).toBe(
      p,
    );
    expect(await rec.recurse('www.child.rt', 'A')).toBe(p);
    expect(sent().length).toBe(start + 1);
    // No response is remembered too: the next server given is not asked
    expect(
      await rec.recurseFrom([{ name: 'dead', address: '127.31.9.9' }], 'v6.child.rt', 'AAAA'),
    ).toBeUndefined();
    const afterDead = sent().length;
    expect(await rec.recurseFrom([child], 'v6.child.rt', 'AAAA')).toBeUndefined();
    expect(sent().length).toBe(afterDead);
  });
});
