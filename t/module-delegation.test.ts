/**
 * Delegation01-07 end to end through runTest() against an in-process DNS tree on 127.61.x.y: enough name
 * servers, shared addresses, referral size, authoritative answers, CNAME name servers, SOA presence and
 * parent/child name server names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressedSize, maxLengthNameUnder } from '../src/engine/testcases/delegation/referral-size.js';
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

const ROOT = { name: 'a.root', address: '127.61.0.1' };
const TST = { name: 'ns1.tst', address: '127.61.1.1' };
const GOOD = [
  { name: 'ns1.good.tst', address: '127.61.2.1' },
  { name: 'ns2.good.tst', address: '127.61.2.2' },
];
const ONE = [{ name: 'ns1.one.tst', address: '127.61.3.1' }];
const SAME = [
  { name: 'ns1.same.tst', address: '127.61.4.1' },
  { name: 'ns2.same.tst', address: '127.61.4.1' },
];
const NAMES_PARENT = [
  { name: 'ns1.names.tst', address: '127.61.5.1' },
  { name: 'ns2.names.tst', address: '127.61.5.2' },
];
const NAMES_CHILD = [
  { name: 'ns1.names.tst', address: '127.61.5.1' },
  { name: 'ns3.names.tst', address: '127.61.5.2' },
];
const AUTH = [
  { name: 'ns1.auth.tst', address: '127.61.6.1' },
  { name: 'ns2.auth.tst', address: '127.61.6.2' },
  { name: 'ns3.auth.tst', address: '127.61.6.3' },
];
const NOSOA = [
  { name: 'ns1.nosoa.tst', address: '127.61.7.1' },
  { name: 'ns2.nosoa.tst', address: '127.61.7.2' },
];
const CNAME_NS = [{ name: 'ns1.cname.tst', address: '127.61.8.1' }];
const HOST = { name: 'ns1.host.tst', address: '127.61.9.1' };
/** ns1.two.tst has two addresses; its second answers without AA and without the SOA. */
const TWO = [
  { name: 'ns1.two.tst', address: '127.61.11.1' },
  { name: 'ns1.two.tst', address: '127.61.11.2' },
  { name: 'ns2.two.tst', address: '127.61.11.3' },
];
const BIG = { name: 'ns1.big.tst', address: '127.61.10.1' };
const LONG_NAMES = [1, 2].map((i) => `${'a'.repeat(60)}.${String(i).repeat(60)}.tst`);

let world: DnsWorld;
const profile = testProfile();

beforeAll(async () => {
  const tstLines = [
    ...apexLines('tst', [TST]),
    ...delegationLines('good.tst', GOOD),
    ...delegationLines('one.tst', ONE),
    ...delegationLines('same.tst', SAME),
    ...delegationLines('names.tst', NAMES_PARENT),
    ...delegationLines('auth.tst', AUTH),
    ...delegationLines('nosoa.tst', NOSOA),
    ...delegationLines('host.tst', [HOST]),
    ...delegationLines('big.tst', [BIG]),
    ...delegationLines('two.tst', TWO),
    'cname.tst. NS ns1.cname.tst.',
    'cname.tst. NS alias.host.tst.',
    'ns1.cname.tst. A 127.61.8.1',
    ...LONG_NAMES.map((n) => `big.tst. NS ${n}.`),
  ];
  const tst = zone('tst', tstLines);
  const child = (origin: string, servers: NsAddress[], extra: string[] = []) =>
    zone(origin, [...apexLines(origin, servers), ...extra]);
  const good = child('good.tst', GOOD);
  const auth = child('auth.tst', AUTH);
  const nosoa = child('nosoa.tst', NOSOA);
  const cname = child('cname.tst', CNAME_NS, ['@ NS alias.host.tst.']);
  const host = child('host.tst', [HOST], ['alias CNAME ns1.cname.tst.']);
  const big = child(
    'big.tst',
    [BIG],
    LONG_NAMES.map((n) => `@ NS ${n}.`),
  );
  world = await startDnsWorld(
    ROOT,
    {
      zonesByAddress: {
        [ROOT.address]: [zone('.', [...apexLines('', [ROOT]), ...delegationLines('tst', [TST])])],
        [TST.address]: [tst],
        [GOOD[0]!.address]: [good],
        [GOOD[1]!.address]: [good],
        [ONE[0]!.address]: [child('one.tst', ONE)],
        [SAME[0]!.address]: [child('same.tst', SAME)],
        [NAMES_PARENT[0]!.address]: [child('names.tst', NAMES_CHILD)],
        [NAMES_PARENT[1]!.address]: [child('names.tst', NAMES_CHILD)],
        [AUTH[0]!.address]: [auth],
        [AUTH[1]!.address]: [auth],
        [AUTH[2]!.address]: [auth],
        [NOSOA[0]!.address]: [nosoa],
        [NOSOA[1]!.address]: [tst], // answers for nosoa.tst with the referral of the parent
        [CNAME_NS[0]!.address]: [cname],
        [HOST.address]: [host],
        [BIG.address]: [big],
        [TWO[0]!.address]: [child('two.tst', TWO)],
        [TWO[1]!.address]: [tst],
        [TWO[2]!.address]: [child('two.tst', TWO)],
      },
      behaviour: {
        [AUTH[1]!.address]: { aa: false },
        [AUTH[2]!.address]: { rcode: 'REFUSED' },
        [TWO[1]!.address]: { aa: false },
      },
    },
    profile,
  );
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['delegation'] }), 'Delegation');
const tags = tagSet;

const SCENARIOS: Scenario[] = [
  {
    zone: 'good.tst',
    present: [
      'ENOUGH_NS_DEL',
      'ENOUGH_NS_CHILD',
      'ENOUGH_IPV4_NS_DEL',
      'ENOUGH_IPV4_NS_CHILD',
      'NO_IPV6_NS_CHILD',
      'DEL_DISTINCT_NS_IP',
      'CHILD_DISTINCT_NS_IP',
      'DISTINCT_IP_ADDRESS',
      'REFERRAL_SIZE_OK',
      'ARE_AUTHORITATIVE',
      'NO_NS_CNAME',
      'SOA_EXISTS',
      'NAMES_MATCH',
    ],
    absent: [
      'NOT_ENOUGH_NS_DEL',
      'SAME_IP_ADDRESS',
      'IS_NOT_AUTHORITATIVE',
      'NS_IS_CNAME',
      'SOA_NOT_EXISTS',
      'EXTRA_NAME_PARENT',
      'REFERRAL_SIZE_TOO_LARGE',
    ],
  },
  {
    zone: 'one.tst',
    present: [
      'NOT_ENOUGH_NS_DEL',
      'NOT_ENOUGH_NS_CHILD',
      'NOT_ENOUGH_IPV4_NS_DEL',
      'NOT_ENOUGH_IPV4_NS_CHILD',
    ],
    absent: ['ENOUGH_NS_DEL', 'ENOUGH_NS_CHILD'],
  },
  {
    zone: 'same.tst',
    present: ['DEL_NS_SAME_IP', 'CHILD_NS_SAME_IP', 'SAME_IP_ADDRESS'],
    absent: ['DISTINCT_IP_ADDRESS', 'DEL_DISTINCT_NS_IP'],
  },
  {
    zone: 'names.tst',
    present: ['EXTRA_NAME_PARENT', 'EXTRA_NAME_CHILD'],
    absent: ['NAMES_MATCH', 'TOTAL_NAME_MISMATCH'],
  },
  { zone: 'auth.tst', present: ['IS_NOT_AUTHORITATIVE', 'UNEXPECTED_RCODE'], absent: ['ARE_AUTHORITATIVE'] },
  { zone: 'nosoa.tst', present: ['SOA_NOT_EXISTS'], absent: ['SOA_EXISTS'] },
  { zone: 'cname.tst', present: ['NS_IS_CNAME'], absent: ['NO_NS_CNAME'] },
  { zone: 'big.tst', present: ['REFERRAL_SIZE_TOO_LARGE'], absent: ['REFERRAL_SIZE_OK'] },
];

describe('Delegation scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(tags(await run(scenario.zone)), scenario);
  });
});

describe('Delegation on a healthy zone', () => {
  it('reports enough distinct, authoritative name servers that match', async () => {
    const messages = await run('good.tst');
    expect(argsOf(messages, 'ENOUGH_NS_DEL')).toEqual([
      { count: 2, minimum: 2, nsname_list: 'ns1.good.tst;ns2.good.tst' },
    ]);
    expect(argsOf(messages, 'ENOUGH_IPV4_NS_CHILD')).toEqual([
      { count: 2, minimum: 2, ns_list: 'ns1.good.tst/127.61.2.1;ns2.good.tst/127.61.2.2' },
    ]);
    expect(argsOf(messages, 'NO_IPV6_NS_DEL')).toEqual([{ minimum: 2 }]);
    // header 12 + question 259 + 2 NS of 18 octets + one A glue of 16 octets
    expect(argsOf(messages, 'REFERRAL_SIZE_OK')).toEqual([{ size: 323 }]);
    expect(argsOf(messages, 'ARE_AUTHORITATIVE')).toEqual([{ nsname_list: 'ns1.good.tst;ns2.good.tst' }]);
    expect(messages.filter((m) => m.level !== 'INFO' && m.level !== 'NOTICE')).toEqual([]);
  });
});

describe('Delegation problems', () => {
  it('reports a single name server', async () => {
    const messages = await run('one.tst');
    expect(argsOf(messages, 'NOT_ENOUGH_NS_DEL')).toEqual([
      { count: 1, minimum: 2, nsname_list: 'ns1.one.tst' },
    ]);
    expect(argsOf(messages, 'NOT_ENOUGH_IPV4_NS_CHILD')).toEqual([
      { count: 1, minimum: 2, ns_list: 'ns1.one.tst/127.61.3.1' },
    ]);
    expect(tags(messages)).toContain('NOT_ENOUGH_NS_CHILD');
    expect(tags(messages)).toContain('NOT_ENOUGH_IPV4_NS_DEL');
  });

  it('reports name servers sharing an address', async () => {
    const messages = await run('same.tst');
    const shared = { ns_ip: '127.61.4.1', nsname_list: 'ns1.same.tst;ns2.same.tst' };
    expect(argsOf(messages, 'DEL_NS_SAME_IP')).toEqual([shared]);
    expect(argsOf(messages, 'CHILD_NS_SAME_IP')).toEqual([shared]);
    expect(argsOf(messages, 'SAME_IP_ADDRESS')).toEqual([shared]);
    expect(tags(messages).has('DISTINCT_IP_ADDRESS')).toBe(false);
  });

  it('reports names only in the delegation or only in the zone', async () => {
    const messages = await run('names.tst');
    expect(argsOf(messages, 'EXTRA_NAME_PARENT')).toEqual([{ extra: 'ns2.names.tst' }]);
    expect(argsOf(messages, 'EXTRA_NAME_CHILD')).toEqual([{ extra: 'ns3.names.tst' }]);
    expect(tags(messages).has('NAMES_MATCH')).toBe(false);
    expect(tags(messages).has('TOTAL_NAME_MISMATCH')).toBe(false);
  });

  it('reports non-authoritative answers and unexpected rcodes', async () => {
    const messages = await run('auth.tst');
    expect(argsOf(messages, 'IS_NOT_AUTHORITATIVE')).toEqual([
      { ns: 'ns2.auth.tst/127.61.6.2', proto: 'UDP' },
      { ns: 'ns2.auth.tst/127.61.6.2', proto: 'TCP' },
      { ns: 'ns3.auth.tst/127.61.6.3', proto: 'UDP' },
      { ns: 'ns3.auth.tst/127.61.6.3', proto: 'TCP' },
    ]);
    expect(tags(messages).has('ARE_AUTHORITATIVE')).toBe(false);
    expect(argsOf(messages, 'UNEXPECTED_RCODE')).toContainEqual({
      ns: 'ns3.auth.tst/127.61.6.3',
      query_name: 'ns1.auth.tst',
      rrtype: 'A',
      rcode: 'REFUSED',
    });
  });

  it('reports a server answering without the SOA record', async () => {
    const messages = await run('nosoa.tst');
    expect(argsOf(messages, 'SOA_NOT_EXISTS')).toEqual([{ ns: 'ns2.nosoa.tst/127.61.7.2' }]);
    expect(tags(messages).has('SOA_EXISTS')).toBe(false);
  });

  it('asks the SOA of one address per name server name, the first, as the reference', async () => {
    const messages = await run('two.tst');
    // 127.61.11.2 (ns1.two.tst's second address) would be neither authoritative nor have the SOA.
    expect(argsOf(messages, 'ARE_AUTHORITATIVE')).toEqual([{ nsname_list: 'ns1.two.tst;ns2.two.tst' }]);
    expect(tags(messages).has('IS_NOT_AUTHORITATIVE')).toBe(false);
    expect(tags(messages).has('SOA_NOT_EXISTS')).toBe(false);
    expect(tags(messages).has('SOA_EXISTS')).toBe(true);
  });

  it('reports a name server name that is a CNAME', async () => {
    const messages = await run('cname.tst');
    expect(argsOf(messages, 'NS_IS_CNAME')).toEqual([{ nsname: 'alias.host.tst' }]);
    expect(tags(messages).has('NO_NS_CNAME')).toBe(false);
  });

  it('reports a referral larger than 512 octets', async () => {
    const messages = await run('big.tst');
    const [args] = argsOf(messages, 'REFERRAL_SIZE_TOO_LARGE');
    expect(args?.size).toBeGreaterThan(512);
  });
});

describe('referral size arithmetic', () => {
  it('builds a 255-octet query name and compresses repeated names', () => {
    expect(maxLengthNameUnder('example.tst').length).toBe(253);
    expect(maxLengthNameUnder('').length).toBe(253);
    const packet = new CompressedSize();
    packet.question('a.b.tst'); // 12 + 9 + 4
    expect(packet.size).toBe(25);
    packet.record('b.tst', { name: 'ns.b.tst' }); // pointer 2 + 10 + label 3 + pointer 2
    expect(packet.size).toBe(42);
    packet.record('ns.b.tst', { bytes: 4 }); // pointer 2 + 10 + 4
    expect(packet.size).toBe(58);
  });
});
