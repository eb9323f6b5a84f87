/**
 * Address01-03: the special-purpose registries and address categories (table of cases, no traffic), and the
 * test cases end to end through runTest() against an in-process DNS tree on 127.63.x.y whose root zone also
 * holds the reverse (PTR) records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressCategory,
  findSpecialBlock,
  parseCsv,
  reverseName,
  specialBlocks,
} from '../src/engine/special-addresses.js';
import type { MessageEntry } from '../src/engine/types.js';
import { apexLines, delegationLines, zone, type NsAddress } from './lib/zones.js';
import {
  argsOf,
  expectScenario,
  findings,
  startDnsWorld,
  tagSet,
  testProfile,
  type DnsWorld,
  type Scenario,
} from './lib/engine.js';

describe('special-purpose address registries', () => {
  it('reads both IANA registries', () => {
    const blocks = specialBlocks();
    expect(blocks.filter((b) => b.family === 4).length).toBeGreaterThan(20);
    expect(blocks.filter((b) => b.family === 6).length).toBeGreaterThan(20);
    // "192.0.0.170/32, 192.0.0.171/32" is one row with two blocks
    expect(findSpecialBlock('192.0.0.171')?.name).toBe('NAT64/DNS64 Discovery');
  });

  it.each([
    ['192.0.2.10', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.254', 'documentation'],
    ['2001:db8::53', 'documentation'],
    ['3fff::1', 'documentation'],
    ['127.0.0.1', 'local-use'],
    ['10.1.2.3', 'local-use'],
    ['172.16.0.1', 'local-use'],
    ['192.168.1.1', 'local-use'],
    ['169.254.0.1', 'local-use'],
    ['100.64.0.1', 'local-use'],
    ['::1', 'local-use'],
    ['fe80::1', 'local-use'],
    ['fd00::1', 'local-use'],
    ['198.18.0.1', 'not-globally-reachable'],
    ['0.1.2.3', 'not-globally-reachable'],
    ['240.0.0.1', 'not-globally-reachable'],
    ['192.88.99.1', 'not-globally-reachable'],
    ['2001:2::1', 'not-globally-reachable'],
    ['::ffff:7f00:1', 'not-globally-reachable'],
    ['192.0.0.9', 'globally-reachable'], // the /32 inside 192.0.0.0/24 wins
    ['2001:1::1', 'globally-reachable'],
  ])('%s is %s', (address, category) => {
    expect(addressCategory(address)).toBe(category);
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","x\ny"\n1,2,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'x\ny'],
      ['1', '2', '3', '4'],
    ]);
  });

  it('spells reverse names', () => {
    expect(reverseName('127.63.2.1')).toBe('1.2.63.127.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe(`1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.ip6.arpa`);
  });
});

const ROOT = { name: 'a.root', address: '127.63.0.1' };
const TST = { name: 'ns1.tst', address: '127.63.1.1' };
const GOOD = [
  { name: 'ns1.good.tst', address: '127.63.2.1' },
  { name: 'ns2.good.tst', address: '127.63.2.2' },
];
const MISMATCH = [
  { name: 'ns1.mismatch.tst', address: '127.63.3.1' },
  { name: 'ns2.mismatch.tst', address: '127.63.3.2' },
];
const NOPTR = [
  { name: 'ns1.noptr.tst', address: '127.63.4.1' },
  { name: 'ns2.noptr.tst', address: '127.63.4.2' },
];

let world: DnsWorld;
const profile = testProfile();

const ptr = (address: string, target: string) => `${reverseName(address)}. PTR ${target}.`;

beforeAll(async () => {
  const root = zone('.', [
    ...apexLines('', [ROOT]),
    ...delegationLines('tst', [TST]),
    ...GOOD.map((s) => ptr(s.address, s.name)),
    ptr(MISMATCH[0]!.address, MISMATCH[0]!.name),
    ptr(MISMATCH[1]!.address, 'host.elsewhere.tst'),
    ptr(NOPTR[0]!.address, NOPTR[0]!.name),
  ]);
  const tst = zone('tst', [
    ...apexLines('tst', [TST]),
    ...delegationLines('good.tst', GOOD),
    ...delegationLines('mismatch.tst', MISMATCH),
    ...delegationLines('noptr.tst', NOPTR),
  ]);
  const child = (origin: string, servers: NsAddress[]) => zone(origin, apexLines(origin, servers));
  const zonesByAddress: Record<string, ReturnType<typeof zone>[]> = {
    [ROOT.address]: [root],
    [TST.address]: [tst],
  };
  for (const [origin, servers] of [
    ['good.tst', GOOD],
    ['mismatch.tst', MISMATCH],
    ['noptr.tst', NOPTR],
  ] as const) {
    for (const s of servers) zonesByAddress[s.address] = [child(origin, [...servers])];
  }
  world = await startDnsWorld(ROOT, { zonesByAddress }, profile);
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['address'] }), 'Address');

const SCENARIOS: Scenario[] = [
  {
    zone: 'good.tst',
    present: [
      'A01_LOCAL_USE_ADDR',
      'A01_NO_GLOBALLY_REACHABLE_ADDR',
      'NAMESERVERS_IP_WITH_REVERSE',
      'NAMESERVER_IP_PTR_MATCH',
    ],
    absent: ['A01_GLOBALLY_REACHABLE_ADDR', 'NAMESERVER_IP_WITHOUT_REVERSE', 'NAMESERVER_IP_PTR_MISMATCH'],
  },
  {
    zone: 'mismatch.tst',
    present: ['NAMESERVERS_IP_WITH_REVERSE', 'NAMESERVER_IP_PTR_MISMATCH'],
    absent: ['NAMESERVER_IP_PTR_MATCH'],
  },
  {
    zone: 'noptr.tst',
    present: ['NAMESERVER_IP_WITHOUT_REVERSE'],
    absent: ['NAMESERVERS_IP_WITH_REVERSE', 'NAMESERVER_IP_PTR_MATCH', 'NAMESERVER_IP_PTR_MISMATCH'],
  },
];

describe('Address scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(tagSet(await run(scenario.zone)), scenario);
  });
});

describe('Address test cases', () => {
  it('classifies loopback name servers and finds matching PTR records', async () => {
    const messages = await run('good.tst');
    expect(argsOf(messages, 'A01_LOCAL_USE_ADDR')).toEqual([
      { ns_list: 'ns1.good.tst/127.63.2.1;ns2.good.tst/127.63.2.2' },
    ]);
    expect(messages.find((m) => m.tag === 'A01_NO_GLOBALLY_REACHABLE_ADDR')?.level).toBe('ERROR');
    expect(argsOf(messages, 'A01_GLOBALLY_REACHABLE_ADDR')).toEqual([]);
    expect(argsOf(messages, 'NAMESERVERS_IP_WITH_REVERSE')).toEqual([{}]);
    expect(argsOf(messages, 'NAMESERVER_IP_PTR_MATCH')).toEqual([{}]);
  });

  it('reports a PTR record naming another host', async () => {
    const messages = await run('mismatch.tst');
    expect(argsOf(messages, 'NAMESERVERS_IP_WITH_REVERSE')).toEqual([{}]);
    expect(argsOf(messages, 'NAMESERVER_IP_PTR_MISMATCH')).toEqual([
      { nsname: 'ns2.mismatch.tst', ns_ip: '127.63.3.2', names: 'host.elsewhere.tst.' },
    ]);
    expect(argsOf(messages, 'NAMESERVER_IP_PTR_MATCH')).toEqual([]);
  });

  it('reports an address without PTR record and then skips Address03', async () => {
    const messages = await run('noptr.tst');
    expect(argsOf(messages, 'NAMESERVER_IP_WITHOUT_REVERSE')).toEqual([
      { nsname: 'ns2.noptr.tst', ns_ip: '127.63.4.2' },
    ]);
    expect(argsOf(messages, 'NAMESERVERS_IP_WITH_REVERSE')).toEqual([]);
    expect(messages.some((m) => m.testcase === 'Address03')).toBe(false);
  });
});
