/**
 * The walk towards a zone's parent in the two orders it is taken in: every server in the order found
 * (Get-Parent-NS-Names-and-IPs), and zone by zone with the servers each zone had when its turn came (Basic01,
 * as the reference walks it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { walkToParent } from '../src/engine/methods/parent-walk.js';
import { readHintsFile, Recursor } from '../src/engine/recursor.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { apexLines, delegationLines, writeHints, zone, type NsAddress } from './lib/zones.js';

/** The hints name a.root only; b.root is in the root zone's NS set too. */
const [HINT, OTHER_ROOT, TLD] = (
  [
    ['a.root', '127.45.0.1'],
    ['b.root', '127.45.0.2'],
    ['ns.pw', '127.45.1.1'],
  ] as const
).map(([name, address]) => ({ name, address })) as [NsAddress, NsAddress, NsAddress];
let server: DnsServer;
let hintsFile: string;

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [HINT, OTHER_ROOT]), ...delegationLines('pw', [TLD])]);
  const tld = zone('pw', [...apexLines('pw', [TLD]), 'c.pw. NS ns.c.pw.', 'ns.c.pw. A 127.45.2.1']);
  server = await startDnsServer({
    addresses: [HINT.address, OTHER_ROOT.address, TLD.address],
    zonesByAddress: { [HINT.address]: [root], [OTHER_ROOT.address]: [root], [TLD.address]: [tld] },
  });
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-parent-walk-')), [HINT]);
});
afterAll(async () => server.stop());

async function walk(zoneByZone: boolean): Promise<{ parents: string[]; rootAsked: string[] }> {
  const from = server.log.length;
  const ctx = createDnsContext({ port: server.port, resolver: { timeout: 1, retry: 1 } });
  const nameserver = (n: string, a: string) => createNameserver(n, a, ctx);
  const recursor = new Recursor({ hints: readHintsFile(hintsFile), nameserver });
  const findings = await walkToParent('c.pw', recursor.rootServers, nameserver, recursor, { zoneByZone });
  return {
    parents: findings.map((f) => `${f.zone} ${f.address} ${f.outcome}`),
    rootAsked: server.log
      .slice(from)
      .filter((q) => q.name === '' && q.type === 'SOA')
      .map((q) => q.address),
  };
}

describe('the walk towards the parent', () => {
  it('in the order found, asks a root server that only the root NS set names', async () => {
    const { parents, rootAsked } = await walk(false);
    expect(parents).toEqual(['pw 127.45.1.1 delegation']);
    expect(rootAsked).toEqual([HINT.address, OTHER_ROOT.address]);
  });

  it('zone by zone, asks only the servers a zone had when its turn came', async () => {
    const { parents, rootAsked } = await walk(true);
    expect(parents).toEqual(['pw 127.45.1.1 delegation']);
    expect(rootAsked).toEqual([HINT.address]);
  });
});
