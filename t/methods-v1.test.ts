/**
 * Methods.md (version 1) Method 1-5 on a local tree, each built as the reference builds it: a zone whose parent
 * and child name server sets differ and whose glue disagrees with the child, a glueless delegation, and an
 * out-of-bailiwick name server name that is a CNAME.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { nsString } from '../src/engine/dns/name.js';
import {
  method1,
  method2,
  method3,
  method4,
  method4FromReferral,
  method5,
  method4and5,
} from '../src/engine/methods/v1.js';
import { ZoneModel } from '../src/engine/methods/v2.js';
import { readHintsFile, Recursor, type ServerAddress } from '../src/engine/recursor.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { apexLines, delegationLines, writeHints, zone } from './lib/zones.js';

const ROOT = { name: 'a.root', address: '127.64.0.1' };
/** A root name server the root zone lists but the root hints do not. */
const ROOT2 = { name: 'b.root', address: '127.64.0.2' };
const TLD = { name: 'ns1.mt', address: '127.64.1.1' };
const HOST = { name: 'ns1.host.mt', address: '127.64.3.1' };
const SPLIT = {
  ns1: { name: 'ns1.split.mt', address: '127.64.2.1' },
  ns2Glue: { name: 'ns2.split.mt', address: '127.64.2.2' }, // the parent's glue
  ns2Zone: { name: 'ns2.split.mt', address: '127.64.2.5' }, // the child's address record
  ns3: { name: 'ns3.split.mt', address: '127.64.2.3' }, // only in the child's NS set
};
/** Refuses every query, its own name's included: only the referral's glue gives its address. */
const BROKEN = { name: 'ns1.broken.mt', address: '127.64.2.9' };

let server: DnsServer;
let hintsFile: string;

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT, ROOT2]), ...delegationLines('mt', [TLD])]);
  const tld = zone('mt', [
    ...apexLines('mt', [TLD]),
    ...delegationLines('host.mt', [HOST]),
    ...delegationLines('split.mt', [SPLIT.ns1, SPLIT.ns2Glue]),
    'glueless.mt. NS ns1.host.mt.',
    'aliased.mt. NS alias.host.mt.',
    'multi.mt. NS multi.host.mt.',
    ...delegationLines('inner.mt', [TLD]),
    ...delegationLines('broken.mt', [BROKEN]),
  ]);
  // inner.mt lives on the same server as mt and delegates child.inner.mt: the referral comes from inner.mt
  const inner = zone('inner.mt', [
    ...apexLines('inner.mt', [TLD]),
    ...delegationLines('child.inner.mt', [HOST]),
  ]);
  const child = zone('child.inner.mt', apexLines('child.inner.mt', [HOST]));
  const host = zone('host.mt', [
    ...apexLines('host.mt', [HOST]),
    'alias CNAME ns1.host.mt.',
    'multi AAAA 2001:db8:0:1::1',
    'multi AAAA 2001:db8::10',
  ]);
  const split = zone('split.mt', [
    ...apexLines('split.mt', [SPLIT.ns1, SPLIT.ns3]),
    `ns2 A ${SPLIT.ns2Zone.address}`,
  ]);
  const glueless = zone('glueless.mt', apexLines('glueless.mt', [HOST]));
  const aliased = zone('aliased.mt', [
    ...apexLines('aliased.mt', [HOST]).filter((l) => !l.includes(' NS ')),
    '@ NS alias.host.mt.',
  ]);
  server = await startDnsServer({
    addresses: [
      ROOT.address,
      TLD.address,
      HOST.address,
      SPLIT.ns1.address,
      SPLIT.ns2Glue.address,
      SPLIT.ns2Zone.address,
      SPLIT.ns3.address,
      BROKEN.address,
    ],
    zonesByAddress: {
      [ROOT.address]: [root],
      [TLD.address]: [tld, inner],
      [HOST.address]: [host, glueless, aliased, child],
      [SPLIT.ns1.address]: [split],
      [SPLIT.ns2Glue.address]: [split],
      [SPLIT.ns2Zone.address]: [split],
      [SPLIT.ns3.address]: [split],
      [BROKEN.address]: [],
    },
  });
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-methods-')), [ROOT]);
});
afterAll(async () => server.stop());

/** The methods' view of one zone, on a fresh cache. */
function world(name: string) {
  const ctx = createDnsContext({ port: server.port, resolver: { timeout: 1, retry: 1 } });
  const nameserver = (n: string, a: string) => createNameserver(n, a, ctx);
  const recursor = new Recursor({ hints: readHintsFile(hintsFile), nameserver });
  return { zone: new ZoneModel({ name, recursor, nameserver }), recursor };
}

const strings = (servers: ServerAddress[]) => servers.map((s) => nsString(s.name, s.address)).sort();

describe('Methods v1 on a zone whose parent and child disagree', () => {
  it('Method 1: the parent is the zone the recursive lookup came through', async () => {
    expect(await method1(world('split.mt'))).toBe('mt');
    expect(await method1(world('mt'))).toBe('');
  });

  it("Method 2: the delegation's names; Method 3: the child's, which differ", async () => {
    const w = world('split.mt');
    expect(await method2(w)).toEqual(['ns1.split.mt', 'ns2.split.mt']);
    expect((await method3(w)).sort()).toEqual(['ns1.split.mt', 'ns3.split.mt']);
  });

  it("Method 4: the delegation's names with their addresses, as the child's records give them (not the disagreeing glue)", async () => {
    expect(strings(await method4(world('split.mt')))).toEqual([
      'ns1.split.mt/127.64.2.1',
      'ns2.split.mt/127.64.2.5',
    ]);
  });

  it("Method 5: the child's names with their addresses; Method 4 and 5 together once each", async () => {
    const w = world('split.mt');
    expect(strings(await method5(w))).toEqual(['ns1.split.mt/127.64.2.1', 'ns3.split.mt/127.64.2.3']);
    expect(strings(await method4and5(w))).toEqual([
      'ns1.split.mt/127.64.2.1',
      'ns2.split.mt/127.64.2.5',
      'ns3.split.mt/127.64.2.3',
    ]);
  });
});

describe('Methods v1 on delegations without glue', () => {
  it('a glueless delegation: Method 2 names the out-of-bailiwick server, Method 4 looks its address up', async () => {
    const w = world('glueless.mt');
    expect(await method2(w)).toEqual(['ns1.host.mt']);
    expect(strings(await method4(w))).toEqual(['ns1.host.mt/127.64.3.1']);
    expect(strings(await method5(w))).toEqual(['ns1.host.mt/127.64.3.1']);
  });

  it("an out-of-bailiwick name server name that is a CNAME gets its target's address", async () => {
    const w = world('aliased.mt');
    expect(await method2(w)).toEqual(['alias.host.mt']);
    expect(strings(await method4(w))).toEqual(['alias.host.mt/127.64.3.1']);
    expect(await method3(w)).toEqual(['alias.host.mt']);
    expect(strings(await method5(w))).toEqual(['alias.host.mt/127.64.3.1']);
  });
});

describe('Methods v1 order', () => {
  it("a name's addresses are in the order of the reference's lists: IPv6 written out in full, as text", async () => {
    // As short text 2001:db8:0:1::1 comes first; written out, 2001:0db8:0000:0000:...:0010 does.
    expect((await method4(world('multi.mt'))).map((s) => s.address)).toEqual([
      '2001:db8::10',
      '2001:db8:0:1::1',
    ]);
  });
});

describe('Methods v1 where the recursive lookup alone says too little', () => {
  it('Method 1: a server that holds both a zone and the zone below it refers from the lower one', async () => {
    // The lookup of child.inner.mt passes the cuts "mt" and "child.inner.mt" only: ns1.mt answers for inner.mt too.
    expect(await method1(world('child.inner.mt'))).toBe('inner.mt');
    expect(await method2(world('child.inner.mt'))).toEqual(['ns1.host.mt']);
  });

  it("Method 4 from the referral's glue when the delegated names do not resolve", async () => {
    const w = world('broken.mt');
    expect(await method2(w)).toEqual(['ns1.broken.mt']);
    expect(await method4(w)).toEqual([]);
    expect(strings(await method4FromReferral(w))).toEqual(['ns1.broken.mt/127.64.2.9']);
  });
});

describe('Methods v1 on the root zone', () => {
  it('Method 4: the names the root servers give, with the addresses of the root hints, nothing looked up', async () => {
    const start = server.log.length;
    const w = world('');
    expect(await method2(w)).toEqual(['a.root', 'b.root']);
    // b.root is not in the hints: no address
    expect(strings(await method4(w))).toEqual(['a.root/127.64.0.1']);
    const lookups = server.log.slice(start).filter((q) => q.type === 'A' || q.type === 'AAAA');
    expect(lookups).toEqual([]);
  });
});
