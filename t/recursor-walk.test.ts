/**
 * What the recursor's walks know while they look up the addresses of glueless name servers, as the reference's:
 * the queries sent, not only the answers, are compared.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { readHintsFile, Recursor } from '../src/engine/recursor.js';
import { startDnsServer, type DnsServer, type ServerBehaviour } from './lib/dns-server.js';
import { apexLines, writeHints, zone, type NsAddress } from './lib/zones.js';

const [ROOT, TLD, NS1, NS2, NS3] = [
  ['a.root', '127.44.0.1'],
  ['ns.wt', '127.44.1.1'],
  ['ns1.z.wt', '127.44.2.1'],
  ['ns2.z.wt', '127.44.2.2'],
  ['ns3.z.wt', '127.44.2.3'],
].map(([name, address]) => ({ name: name!, address: address! })) as [
  NsAddress,
  NsAddress,
  NsAddress,
  NsAddress,
  NsAddress,
];

let server: DnsServer;
let hintsFile: string;

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT]), `wt. NS ${TLD.name}.`, `${TLD.name}. A ${TLD.address}`]);
  // z.wt: glue for ns1 only; ns2 and ns3, in the zone itself, must be looked up through it.
  const tld = zone('wt', [
    ...apexLines('wt', [TLD]),
    'z.wt. NS ns1.z.wt.',
    'z.wt. NS ns2.z.wt.',
    'z.wt. NS ns3.z.wt.',
    `ns1.z.wt. A ${NS1.address}`,
  ]);
  const child = zone('z.wt', [...apexLines('z.wt', [NS1, NS2, NS3]), 'www A 127.0.0.9']);
  server = await startDnsServer({
    addresses: [ROOT.address, TLD.address, NS1.address, NS2.address, NS3.address],
    zonesByAddress: {
      [ROOT.address]: [root],
      [TLD.address]: [tld],
      [NS1.address]: [child],
      [NS2.address]: [child],
      [NS3.address]: [child],
    },
  });
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-walk-')), [ROOT]);
});
afterAll(async () => server.stop());

function recursor(): Recursor {
  const ctx = createDnsContext({ port: server.port, resolver: { timeout: 1, retry: 1 } });
  return new Recursor({ hints: readHintsFile(hintsFile), nameserver: (n, a) => createNameserver(n, a, ctx) });
}

describe('glueless name servers', () => {
  it('a name being looked up is left out of the referrals its own lookups meet', async () => {
    const from = server.log.length;
    const p = await recursor().recurse('www.z.wt', 'A');
    expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
    // ns3.z.wt (the last glueless name) is looked up first; its lookups leave it out of the z.wt referral and
    // look ns2.z.wt up, whose lookups leave both out and ask ns1; ns2's found address (but not ns3's) serves
    // the rest of the walk.
    const all = (name: string, type: string) => [ROOT, TLD].map((s) => `${s.address} ${name} ${type}`);
    expect(distinct(server, from)).toEqual(
      [
        ...all('www.z.wt', 'A'),
        ...all('ns3.z.wt', 'A'),
        ...all('ns3.z.wt', 'AAAA'),
        ...all('ns2.z.wt', 'A'),
        ...all('ns2.z.wt', 'AAAA'),
        `${NS1.address} ns2.z.wt A`,
        `${NS2.address} ns2.z.wt AAAA`,
        `${NS2.address} ns3.z.wt A`,
        `${NS2.address} ns3.z.wt AAAA`,
        `${NS3.address} www.z.wt A`,
      ].sort(),
    );
  });
});

/**
 * Root, TLD wt (its lines given) and TLD hz with one host, on 127.44.<net>.1-4; `zones` adds zones by address.
 */
async function twoTlds(
  net: number,
  wtLines: string[],
  zones: (servers: { hz: NsAddress; host: NsAddress }) => Record<string, ReturnType<typeof zone>[]>,
  host: string,
  behaviour: Record<string, ServerBehaviour> = {},
): Promise<{ dns: DnsServer; rec: Recursor; hz: NsAddress; host: NsAddress }> {
  const [root, tld, hz, hostNs] = ['a.root', 'ns.wt', 'ns.hz', host].map((name, i) => ({
    name,
    address: `127.44.${net}.${i + 1}`,
  })) as [NsAddress, NsAddress, NsAddress, NsAddress];
  const rootZone = zone('.', [
    ...apexLines('', [root]),
    `wt. NS ${tld.name}.`,
    `${tld.name}. A ${tld.address}`,
    `hz. NS ${hz.name}.`,
    `${hz.name}. A ${hz.address}`,
  ]);
  const zonesByAddress: Record<string, ReturnType<typeof zone>[]> = {
    [root.address]: [rootZone],
    [tld.address]: [zone('wt', [...apexLines('wt', [tld]), ...wtLines])],
    [hz.address]: [zone('hz', [...apexLines('hz', [hz]), `${host}. A ${hostNs.address}`])],
  };
  for (const [address, list] of Object.entries(zones({ hz, host: hostNs })))
    zonesByAddress[address] = [...(zonesByAddress[address] ?? []), ...list];
  const dns = await startDnsServer({ addresses: Object.keys(zonesByAddress), zonesByAddress, behaviour });
  const ctx = createDnsContext({ port: dns.port, resolver: { timeout: 0.3, retry: 1 } });
  const hints = writeHints(mkdtempSync(join(tmpdir(), 'zm-walk-')), [root]);
  const rec = new Recursor({
    hints: readHintsFile(hints),
    nameserver: (n, a) => createNameserver(n, a, ctx),
  });
  return { dns, rec, hz, host: hostNs };
}

/** The questions the servers got since `from`, each once, as "address name type", sorted. */
function distinct(dns: DnsServer, from: number): string[] {
  return [...new Set(dns.log.slice(from).map((q) => `${q.address} ${q.name} ${q.type}`))].sort();
}

describe('the lookups a walk needs', () => {
  it('are walked within the walk, even when looked up before, so the glue they meet serves it', async () => {
    // z.wt: two out-of-bailiwick names, no glue; ns.x.hz does not respond.
    const { dns, rec, hz, host } = await twoTlds(
      5,
      ['z.wt. NS ns.hz.', 'z.wt. NS ns.x.hz.'],
      ({ hz, host }) => {
        const z = zone('z.wt', [...apexLines('z.wt', [hz, host]), 'www A 127.0.0.9']);
        return { [hz.address]: [z], [host.address]: [z] };
      },
      'ns.x.hz',
      { '127.44.5.4': { noAnswer: true } },
    );
    try {
      expect(await rec.addressesOf('ns.x.hz')).toEqual([host.address]);
      const from = dns.log.length;
      const p = await rec.recurse('www.z.wt', 'A');
      expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
      // ns.x.hz (last of the glueless names) is looked up again within the walk, through the hz referral that
      // carries ns.hz's glue; when ns.x.hz does not respond, ns.hz is asked at that address without a lookup.
      expect(distinct(dns, from)).toEqual([
        '127.44.5.1 www.z.wt A',
        '127.44.5.2 www.z.wt A',
        `${hz.address} www.z.wt A`,
        `${host.address} www.z.wt A`,
      ]);
    } finally {
      await dns.stop();
    }
  });
});

describe('a CNAME out of the zone', () => {
  it('is walked from the root knowing no glue, and does not look up again what the lookup looked up', async () => {
    // a.wt and b.wt share a glueless server; www.a.wt is a CNAME to www.b.wt.
    const { dns, rec } = await twoTlds(
      6,
      ['a.wt. NS ns.p.hz.', 'b.wt. NS ns.p.hz.'],
      ({ host }) => ({
        [host.address]: [
          zone('a.wt', [...apexLines('a.wt', [host]), 'www CNAME www.b.wt.']),
          zone('b.wt', [...apexLines('b.wt', [host]), 'www A 127.0.0.9']),
        ],
      }),
      'ns.p.hz',
    );
    try {
      // The target's walk meets ns.p.hz without its address and may not look it up again: no answer, as the
      // reference's (whose lookup of a classless reverse delegation's PTR ends so).
      expect(await rec.recurse('www.a.wt', 'A')).toBeUndefined();
      expect(distinct(dns, 0).filter((q) => q.includes(' www.b.wt '))).toEqual([
        '127.44.6.1 www.b.wt A',
        '127.44.6.2 www.b.wt A',
      ]);
      // On its own, the target resolves.
      expect((await rec.recurse('www.b.wt', 'A'))?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
    } finally {
      await dns.stop();
    }
  });
});
