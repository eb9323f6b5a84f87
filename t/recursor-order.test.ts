/**
 * The recursor visits a referral's servers in the reference's order: glued (name, address) pairs sorted by name
 * then address, glueless names sorted after them, taken from the END of that list (glueless names first), and
 * the next server is asked only when one gives no response (or REFUSED / SERVFAIL).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { readHintsFile, Recursor, referralOrder } from '../src/engine/recursor.js';
import { startDnsServer, type DnsServer, type ServerBehaviour } from './lib/dns-server.js';
import { apexLines, writeHints, zone } from './lib/zones.js';

const ROOTS = [
  { name: 'b.root', address: '127.62.0.2' },
  { name: 'a.root', address: '127.62.0.1' },
];
const GLUED = [
  { name: 'ns-b.ord', address: '127.62.1.3' },
  { name: 'ns-a.ord', address: '127.62.1.2' },
  { name: 'ns-a.ord', address: '127.62.1.1' },
];
/** Out-of-bailiwick names of `ord`, without glue in the root: their addresses come from zone `oth`. */
const GLUELESS = [
  { name: 'x.oth', address: '127.62.3.1' },
  { name: 'y.oth', address: '127.62.3.2' },
];
const OTH = { name: 'ns.oth', address: '127.62.2.1' };

const rootLines = [
  ...apexLines('', ROOTS),
  ...[...GLUED, ...GLUELESS].map((s) => `ord. NS ${s.name}.`),
  ...GLUED.map((s) => `${s.name}. A ${s.address}`),
  `oth. NS ${OTH.name}.`,
  `${OTH.name}. A ${OTH.address}`,
];
const ordZone = zone('ord', [...apexLines('ord', [...GLUED, ...GLUELESS]), 'www A 127.0.0.9']);
const othZone = zone('oth', [...apexLines('oth', [OTH]), ...GLUELESS.map((s) => `${s.name}. A ${s.address}`)]);

let dir: string;

async function world(behaviour: Record<string, ServerBehaviour>): Promise<DnsServer> {
  const zonesByAddress: Record<string, ReturnType<typeof zone>[]> = { [OTH.address]: [othZone] };
  for (const r of ROOTS) zonesByAddress[r.address] = [zone('.', rootLines)];
  for (const s of [...GLUED, ...GLUELESS]) zonesByAddress[s.address] = [ordZone];
  return startDnsServer({ addresses: Object.keys(zonesByAddress), zonesByAddress, behaviour });
}

function recursorOn(server: DnsServer): Recursor {
  const ctx = createDnsContext({ port: server.port, resolver: { timeout: 0.3, retry: 1 }, ipv6: false });
  return new Recursor({ hints: readHintsFile(join(dir, 'named.root')), nameserver: (n, a) => createNameserver(n, a, ctx), ipv6: false });
}

/** Addresses that received the query for `name`, in order. */
function askedFor(server: DnsServer, name: string): string[] {
  return server.log.filter((q) => q.name === name && !q.tcp).map((q) => q.address);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recursor-order-'));
  writeHints(dir, ROOTS);
});

describe('referral order', () => {
  it('sorts glued servers by name then address and puts glueless names, sorted, after them', () => {
    const order = referralOrder(
      new Map<string, string[] | undefined>([
        ['z.glueless', undefined],
        ['ns-b.ord', ['127.62.1.3']],
        ['ns-a.ord', ['2001:db8::1', '127.62.1.2', '127.62.1.10']],
        ['a.glueless', []],
      ]),
    );
    expect(order).toEqual([
      { name: 'ns-a.ord', address: '127.62.1.10' },
      { name: 'ns-a.ord', address: '127.62.1.2' },
      { name: 'ns-a.ord', address: '2001:db8::1' },
      { name: 'ns-b.ord', address: '127.62.1.3' },
      { name: 'a.glueless' },
      { name: 'z.glueless' },
    ]);
  });
});

describe('visiting order', () => {
  it('asks the last root first, then a referral\'s glueless names from the end, then glued servers from the end', async () => {
    const refused: ServerBehaviour = { rcode: 'REFUSED' };
    const server = await world({
      [ROOTS[1]!.address]: refused, // a.root sorts first, so it is asked last: never here
      [GLUELESS[1]!.address]: refused,
      [GLUELESS[0]!.address]: refused,
      [GLUED[0]!.address]: refused,
      [GLUED[1]!.address]: refused,
    });
    try {
      const p = await recursorOn(server).recurse('www.ord', 'A');
      expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
      expect(askedFor(server, 'www.ord')).toEqual([
        '127.62.0.2', // b.root: the end of the sorted hints
        '127.62.3.2', // y.oth, glueless, looked up through oth
        '127.62.3.1', // x.oth
        '127.62.1.3', // ns-b.ord
        '127.62.1.2', // ns-a.ord's higher address
        '127.62.1.1', // ns-a.ord's lower address answers
      ]);
    } finally {
      await server.stop();
    }
  });

  it('falls through a server that does not respond at all', async () => {
    const server = await world({ [GLUELESS[1]!.address]: { noAnswer: true } });
    try {
      const p = await recursorOn(server).recurse('www.ord', 'A');
      expect(p?.answer.map((rr) => rr.data)).toEqual(['127.0.0.9']);
      expect(askedFor(server, 'www.ord')).toEqual(['127.62.0.2', '127.62.3.2', '127.62.3.1']);
    } finally {
      await server.stop();
    }
  });

  it('keeps a REFUSED answer as the result when no server gives a better one', async () => {
    const refused: ServerBehaviour = { rcode: 'REFUSED' };
    const server = await world(Object.fromEntries([...GLUED, ...GLUELESS].map((s) => [s.address, refused])));
    try {
      const p = await recursorOn(server).recurse('www.ord', 'A');
      expect(p?.rcode).toBe('REFUSED');
      expect(askedFor(server, 'www.ord')).toHaveLength(6);
    } finally {
      await server.stop();
    }
  });
});

