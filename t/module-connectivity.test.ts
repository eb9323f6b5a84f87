/**
 * Connectivity01-04 end to end through runTest() against an in-process DNS tree on 127.38.x.y, with a local
 * Cymru-style ASN zone (asn.ct) as the profile's ASN database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEntry } from '../src/engine/types.js';
import type { DnsServer } from './lib/dns-server.js';
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

const ROOT = { name: 'a.root', address: '127.38.0.1' };
const TLD = { name: 'ns1.ct', address: '127.38.1.1' };
const ASNDB = { name: 'ns1.asn.ct', address: '127.38.9.1' };
const GOOD: NsAddress[] = [
  { name: 'ns1.good.ct', address: '127.38.2.1' },
  { name: 'ns2.good.ct', address: '127.38.2.2' },
];
const DIVERSE: NsAddress[] = [
  { name: 'ns1.diverse.ct', address: '127.38.3.1' },
  { name: 'ns2.diverse.ct', address: '127.38.4.1' },
  { name: 'ns3.diverse.ct', address: '127.38.5.1' },
];
const BAD = {
  ok: { name: 'ns1.bad.ct', address: '127.38.6.1' },
  refused: { name: 'ns2.bad.ct', address: '127.38.6.2' },
  silent: { name: 'ns3.bad.ct', address: '127.38.6.3' },
  notAa: { name: 'ns4.bad.ct', address: '127.38.6.4' },
  noTcp: { name: 'ns5.bad.ct', address: '127.38.6.5' },
  lame: { name: 'ns6.bad.ct', address: '127.38.6.6' },
};
const BAD_SERVERS = Object.values(BAD);

/** Cymru-style TXT records: "<ASN ...> | <prefix> | ..." under origin.asn.ct. */
const ASN_LINES = [
  '1.2.38.127.origin TXT "64500 | 127.38.2.0/24 | ZZ | test | 2020-01-01"',
  '2.2.38.127.origin TXT "64500 | 127.38.2.0/24 | ZZ | test | 2020-01-01"',
  '1.3.38.127.origin TXT "64501 | 127.38.3.0/25 | ZZ | test | 2020-01-01"',
  '1.3.38.127.origin TXT "64999 | 127.38.0.0/16 | ZZ | test | 2020-01-01"',
  '1.4.38.127.origin TXT "64503 64502 | 127.38.4.0/24 | ZZ | test | 2020-01-01"',
];

let world: DnsWorld<DnsServer>;
const profile = testProfile({ asn_db: { style: 'cymru', sources: { cymru: ['asn.ct'] } } });

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT]), ...delegationLines('ct', [TLD])]);
  const ct = zone('ct', [
    ...apexLines('ct', [TLD]),
    ...delegationLines('asn.ct', [ASNDB]),
    ...delegationLines('good.ct', GOOD),
    'ns1.good.ct. AAAA ::1',
    ...delegationLines('diverse.ct', DIVERSE),
    ...delegationLines('bad.ct', BAD_SERVERS),
  ]);
  const asn = zone('asn.ct', [...apexLines('asn.ct', [ASNDB]), ...ASN_LINES]);
  const good = zone('good.ct', [...apexLines('good.ct', GOOD), 'ns1 AAAA ::1']);
  const diverse = zone('diverse.ct', apexLines('diverse.ct', DIVERSE));
  const bad = zone('bad.ct', apexLines('bad.ct', BAD_SERVERS));
  const zonesByAddress: Record<string, ReturnType<typeof zone>[]> = {
    [ROOT.address]: [root],
    [TLD.address]: [ct],
    [ASNDB.address]: [asn],
    [BAD.lame.address]: [ct], // serves the parent only: referrals instead of answers
  };
  for (const s of GOOD) zonesByAddress[s.address] = [good];
  for (const s of DIVERSE) zonesByAddress[s.address] = [diverse];
  for (const s of BAD_SERVERS) zonesByAddress[s.address] ??= [bad];
  world = await startDnsWorld(
    ROOT,
    {
      zonesByAddress,
      behaviour: {
        [BAD.refused.address]: { rcode: 'REFUSED' },
        [BAD.silent.address]: { noAnswer: true },
        [BAD.notAa.address]: { aa: false },
        [BAD.noTcp.address]: { tcp: false },
      },
    },
    profile,
  );
});
afterAll(async () => world.stop());

async function run(domain: string): Promise<MessageEntry[]> {
  const tests = ['connectivity01', 'connectivity02', 'connectivity03', 'connectivity04'];
  const results = await Promise.all(
    tests.map((t) => world.run(domain, { tests: ['basic', `connectivity/${t}`] })),
  );
  return findings(results.flat(), 'Connectivity');
}

const tagsOf = (messages: MessageEntry[], testcase: string) =>
  [
    ...new Set(
      messages.filter((m) => m.testcase === testcase && !m.tag.startsWith('TEST_CASE')).map((m) => m.tag),
    ),
  ].sort();

const SCENARIOS: Scenario[] = [
  {
    zone: 'good.ct',
    present: ['CN01_IPV6_DISABLED', 'IPV4_ONE_ASN', 'CN04_IPV4_SAME_PREFIX', 'CN04_IPV4_SINGLE_PREFIX'],
    absent: [
      'CN01_NO_RESPONSE_UDP',
      'CN02_NO_RESPONSE_TCP',
      'CN04_IPV4_DIFFERENT_PREFIX',
      'IPV4_DIFFERENT_ASN',
    ],
  },
  {
    zone: 'diverse.ct',
    present: ['IPV4_DIFFERENT_ASN', 'CN04_EMPTY_PREFIX_SET', 'CN04_IPV4_DIFFERENT_PREFIX'],
    absent: ['CN04_IPV4_SINGLE_PREFIX', 'IPV4_ONE_ASN', 'CN01_NO_RESPONSE_UDP'],
  },
  {
    zone: 'bad.ct',
    present: [
      'CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP',
      'CN01_UNEXPECTED_RCODE_NS_QUERY_UDP',
      'CN01_NO_RESPONSE_UDP',
      'CN01_SOA_RECORD_NOT_AA_UDP',
      'CN01_NS_RECORD_NOT_AA_UDP',
      'CN01_MISSING_SOA_RECORD_UDP',
      'CN01_MISSING_NS_RECORD_UDP',
      'CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP',
      'CN02_NO_RESPONSE_TCP',
      'CN02_SOA_RECORD_NOT_AA_TCP',
      'CN02_MISSING_NS_RECORD_TCP',
    ],
    absent: ['IPV4_ONE_ASN', 'IPV4_DIFFERENT_ASN', 'CN04_IPV4_SINGLE_PREFIX'],
  },
];

describe('Connectivity scenarios', () => {
  it.each(SCENARIOS)(
    '$zone',
    async (scenario) => {
      expectScenario(tagSet(await run(scenario.zone)), scenario);
    },
    15_000,
  );
});

describe('Connectivity on a zone with two servers in one prefix', () => {
  let messages: MessageEntry[];
  beforeAll(async () => {
    messages = await run('good.ct');
  }, 15_000);

  it('finds UDP and TCP fine, one AS and one prefix', () => {
    expect(tagsOf(messages, 'Connectivity01')).toEqual(['CN01_IPV6_DISABLED', 'IPV6_DISABLED']);
    expect(tagsOf(messages, 'Connectivity02')).toEqual(['IPV6_DISABLED']);
    expect(argsOf(messages, 'CN01_IPV6_DISABLED')).toEqual([{ ns_list: 'ns1.good.ct/::1' }]);
    expect(argsOf(messages, 'IPV6_DISABLED').filter((a) => a.rrtype === 'NS')).toHaveLength(2);
    expect(argsOf(messages, 'IPV4_ONE_ASN')).toEqual([{ asn: '64500' }]);
    expect(argsOf(messages, 'ASN_INFOS_ANNOUNCE_IN')).toContainEqual({
      ns_ip: '127.38.2.1',
      prefix: '127.38.2.0/24',
    });
    expect(argsOf(messages, 'EMPTY_ASN_SET')).toEqual([{ ns_ip: '::1' }]);
    expect(argsOf(messages, 'CN04_IPV4_SAME_PREFIX')).toEqual([
      { ip_prefix: '127.38.2.0/24', ns_list: 'ns1.good.ct/127.38.2.1;ns2.good.ct/127.38.2.2' },
    ]);
    expect(tagsOf(messages, 'Connectivity04')).toContain('CN04_IPV4_SINGLE_PREFIX');
    expect(tagsOf(messages, 'Connectivity04')).not.toContain('CN04_IPV4_DIFFERENT_PREFIX');
  });
});

describe('Connectivity on a zone with servers in different networks', () => {
  it('reports different ASes and prefixes, the most specific prefix winning', async () => {
    const messages = await run('diverse.ct');
    expect(argsOf(messages, 'IPV4_DIFFERENT_ASN')).toEqual([{ asn_list: '64501,64502,64503' }]);
    expect(argsOf(messages, 'ASN_INFOS_ANNOUNCE_BY')).toContainEqual({
      ns_ip: '127.38.4.1',
      asn: '64502,64503',
    });
    expect(argsOf(messages, 'ASN_INFOS_ANNOUNCE_IN')).toContainEqual({
      ns_ip: '127.38.3.1',
      prefix: '127.38.3.0/25',
    });
    expect(argsOf(messages, 'EMPTY_ASN_SET')).toEqual([{ ns_ip: '127.38.5.1' }]);
    expect(argsOf(messages, 'CN04_EMPTY_PREFIX_SET')).toEqual([{ ns_ip: '127.38.5.1' }]);
    expect(argsOf(messages, 'CN04_IPV4_DIFFERENT_PREFIX')).toEqual([
      { ns_list: 'ns1.diverse.ct/127.38.3.1;ns2.diverse.ct/127.38.4.1' },
    ]);
    expect(tagsOf(messages, 'Connectivity04')).not.toContain('CN04_IPV4_SINGLE_PREFIX');
    expect(tagsOf(messages, 'Connectivity01')).toEqual([]);
  }, 15_000);
});

describe('Connectivity on misbehaving servers', () => {
  it('reports each failure per transport', async () => {
    const messages = await run('bad.ct');
    expect(argsOf(messages, 'CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP')).toEqual([
      { ns: 'ns2.bad.ct/127.38.6.2', rcode: 'REFUSED' },
    ]);
    expect(argsOf(messages, 'CN01_NO_RESPONSE_UDP')).toEqual([{ ns: 'ns3.bad.ct/127.38.6.3' }]);
    // No TCP listener: fine over UDP, silent over TCP.
    expect(argsOf(messages, 'CN02_NO_RESPONSE_TCP')).toContainEqual({ ns: 'ns5.bad.ct/127.38.6.5' });
    expect(argsOf(messages, 'CN01_NO_RESPONSE_UDP')).not.toContainEqual({ ns: 'ns5.bad.ct/127.38.6.5' });
    expect(argsOf(messages, 'CN01_MISSING_SOA_RECORD_UDP')).toEqual([{ ns: 'ns6.bad.ct/127.38.6.6' }]);
    // Addresses without ASN data: no AS or prefix verdict at all.
    expect(tagsOf(messages, 'Connectivity03')).toEqual(['EMPTY_ASN_SET']);
  }, 15_000);
});
