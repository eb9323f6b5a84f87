/**
 * Nameserver01-13 and Nameserver15 end to end through runTest() against an in-process DNS tree on 127.37.x.y:
 * a healthy zone and a zone whose name servers misbehave in the ways each test case looks for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawQuestionName } from '../src/engine/testcases/nameserver/nameserver08.js';
import { scrambleCase } from '../src/engine/testcases/nameserver/qname-case.js';
import type { MessageEntry } from '../src/engine/types.js';
import type { DnsServer } from './lib/dns-server.js';
import { apexLines, delegationLines, zone } from './lib/zones.js';
import { startDnsWorld, testProfile, type DnsWorld } from './lib/engine.js';

const ROOT = { name: 'a.root', address: '127.37.0.1' };
const TLD = { name: 'ns1.nt', address: '127.37.1.1' };
const GOOD = [
  { name: 'ns1.good.nt', address: '127.37.2.1' },
  { name: 'ns2.good.nt', address: '127.37.2.2' },
];
const BAD = {
  ok: { name: 'ns1.bad.nt', address: '127.37.3.1' },
  refused: { name: 'ns2.bad.nt', address: '127.37.3.2' },
  silent: { name: 'ns3.bad.nt', address: '127.37.3.3' },
  noEdns: { name: 'ns4.bad.nt', address: '127.37.3.4' },
  rootCopy: { name: 'ns5.bad.nt', address: '127.37.3.5' },
  dropsEdns: { name: 'ns6.bad.nt', address: '127.37.3.6' },
};
const BAD_SERVERS = Object.values(BAD);

let world: DnsWorld<DnsServer>;
const profile = testProfile();

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT]), ...delegationLines('nt', [TLD])]);
  const nt = zone('nt', [
    ...apexLines('nt', [TLD]),
    ...delegationLines('good.nt', GOOD),
    ...delegationLines('bad.nt', BAD_SERVERS),
    'bad.nt. NS ns9.nowhere.nt.',
  ]);
  const good = zone('good.nt', [...apexLines('good.nt', GOOD), '@ AAAA 2001:db8::1', 'www A 127.0.0.9']);
  const bad = zone('bad.nt', [...apexLines('bad.nt', BAD_SERVERS), '@ A 127.0.0.9']);
  world = await startDnsWorld(
    ROOT,
    {
      zonesByAddress: {
        [ROOT.address]: [root],
        [TLD.address]: [nt],
        [GOOD[0]!.address]: [good],
        [GOOD[1]!.address]: [good],
        [BAD.ok.address]: [bad],
        [BAD.refused.address]: [bad],
        [BAD.silent.address]: [bad],
        [BAD.noEdns.address]: [bad],
        // A copy of the root: names under other TLDs get an authoritative NXDOMAIN, as from a resolver.
        [BAD.rootCopy.address]: [bad, root],
        [BAD.dropsEdns.address]: [bad],
      },
      behaviour: {
        [GOOD[1]!.address]: { version: 'testdns 9.9' },
        [BAD.refused.address]: { rcode: 'REFUSED' },
        [BAD.silent.address]: { noAnswer: true },
        [BAD.noEdns.address]: { ednsFormerr: true },
        [BAD.rootCopy.address]: { version: ' ' },
        [BAD.dropsEdns.address]: { dropIf: (q) => q.edns || q.type === 'TXT' },
      },
    },
    profile,
  );
});
afterAll(async () => world.stop());

const TEST_CASES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '15'].map(
  (n) => `nameserver/nameserver${n}`,
);

/** One run per test case, side by side, each after Basic (whose SOA queries blacklist the silent servers). */
async function run(domain: string): Promise<MessageEntry[]> {
  const results = await Promise.all(TEST_CASES.map((test) => world.run(domain, { tests: ['basic', test] })));
  return results.flat().filter((m) => m.module.toUpperCase() === 'NAMESERVER');
}

const tagsOf = (messages: MessageEntry[], testcase: string) =>
  new Set(
    messages.filter((m) => m.testcase === testcase && !m.tag.startsWith('TEST_CASE')).map((m) => m.tag),
  );
const find = (messages: MessageEntry[], tag: string) => messages.filter((m) => m.tag === tag);

describe('helpers', () => {
  it('scrambles the case of a name and reads the question name with its case', () => {
    const s = scrambleCase('www.example.nt');
    expect(s).not.toBe('www.example.nt');
    expect(s.toLowerCase()).toBe('www.example.nt');
    expect(scrambleCase('ab', ['AB', 'Ab'])).toBe('aB');
    const raw = new Uint8Array([
      0, 1, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x57, 0x77, 0x57, 2, 0x6e, 0x54, 0, 0, 1, 0, 1,
    ]);
    expect(rawQuestionName(raw)).toBe('WwW.nT');
  });
});

describe('Nameserver on a healthy zone', () => {
  let messages: MessageEntry[];
  beforeAll(async () => {
    messages = await run('good.nt');
  }, 20_000);

  const expected: Record<string, string[]> = {
    Nameserver01: ['NO_RECURSOR'],
    Nameserver02: ['EDNS0_SUPPORT'],
    Nameserver03: ['AXFR_AVAILABLE'],
    Nameserver04: ['SAME_SOURCE_IP'],
    Nameserver05: ['AAAA_WELL_PROCESSED'],
    Nameserver06: ['CAN_BE_RESOLVED'],
    Nameserver07: ['NO_UPWARD_REFERRAL'],
    Nameserver08: ['QNAME_CASE_SENSITIVE'],
    Nameserver09: ['CASE_QUERY_SAME_RC', 'CASE_QUERIES_RESULTS_OK'],
    Nameserver10: [],
    Nameserver11: [],
    Nameserver12: [],
    Nameserver13: [],
    Nameserver15: ['N15_SOFTWARE_VERSION', 'N15_NO_VERSION_REVEALED'],
  };
  it.each(Object.entries(expected))('%s gives exactly its good outcome', (testcase, tags) => {
    expect([...tagsOf(messages, testcase)].sort()).toEqual([...tags].sort());
  });

  it('fills in the arguments', () => {
    expect(find(messages, 'NO_RECURSOR').map((m) => m.args.ns)).toEqual([
      'ns1.good.nt/127.37.2.1',
      'ns2.good.nt/127.37.2.2',
    ]);
    expect(find(messages, 'EDNS0_SUPPORT')[0]!.args.ns_list).toBe(
      'ns1.good.nt/127.37.2.1;ns2.good.nt/127.37.2.2',
    );
    expect(find(messages, 'NO_UPWARD_REFERRAL')[0]!.args).toEqual({ nsname_list: 'ns1.good.nt;ns2.good.nt' });
    expect(find(messages, 'N15_SOFTWARE_VERSION')[0]!.args).toEqual({
      string: 'testdns 9.9',
      query_name: 'version.bind',
      ns_list: 'ns2.good.nt/127.37.2.2',
    });
    expect(find(messages, 'N15_NO_VERSION_REVEALED')[0]!.args).toEqual({ ns_list: 'ns1.good.nt/127.37.2.1' });
    const qname = String(find(messages, 'QNAME_CASE_SENSITIVE')[0]!.args.domain);
    expect(qname.toLowerCase()).toBe('www.good.nt');
    expect(qname).not.toBe('www.good.nt');
    expect(find(messages, 'CASE_QUERIES_RESULTS_OK')[0]!.args).toEqual({
      type: 'SOA',
      domain: 'www.good.nt',
    });
  });

  it('sends the scrambled name as is on the wire', () => {
    const sent = world.server.log.filter((q) => q.name === 'www.good.nt' && q.type === 'SOA');
    expect(sent.length).toBeGreaterThanOrEqual(6); // Nameserver08 once and Nameserver09 twice per server
    const edns1 = world.server.log.filter(
      (q) => q.address === GOOD[0]!.address && q.name === 'good.nt' && q.edns,
    );
    expect(edns1.length).toBeGreaterThan(0);
  });
});

describe('Nameserver on misbehaving servers', () => {
  let messages: MessageEntry[];
  beforeAll(async () => {
    messages = await run('bad.nt');
  }, 20_000);

  it('reports each kind of misbehaviour', () => {
    const has = (testcase: string, tags: string[]) => {
      const found = tagsOf(messages, testcase);
      for (const tag of tags) expect(found, `${testcase} ${tag}`).toContain(tag);
    };
    has('Nameserver01', ['IS_A_RECURSOR', 'NO_RECURSOR', 'NO_RESPONSE']);
    has('Nameserver02', ['BREAKS_ON_EDNS', 'NO_EDNS_SUPPORT', 'NS_ERROR', 'NO_RESPONSE']);
    has('Nameserver03', ['AXFR_AVAILABLE', 'AXFR_FAILURE']);
    has('Nameserver05', ['A_UNEXPECTED_RCODE', 'NO_RESPONSE']);
    has('Nameserver06', ['CAN_NOT_BE_RESOLVED']);
    has('Nameserver09', ['CASE_QUERIES_RESULTS_OK']);
    has('Nameserver12', ['NO_EDNS_SUPPORT', 'NS_ERROR', 'NO_RESPONSE']);
    has('Nameserver13', ['NO_EDNS_SUPPORT', 'NS_ERROR', 'NO_RESPONSE']);
    has('Nameserver15', ['N15_ERROR_ON_VERSION_QUERY', 'N15_NO_VERSION_REVEALED']);
    expect(tagsOf(messages, 'Nameserver02').has('EDNS0_SUPPORT')).toBe(false);
    expect(tagsOf(messages, 'Nameserver05').has('AAAA_WELL_PROCESSED')).toBe(false);
  });

  it('names the servers concerned', () => {
    expect(find(messages, 'IS_A_RECURSOR').map((m) => m.args)).toEqual([{ ns: 'ns5.bad.nt/127.37.3.5' }]);
    expect(find(messages, 'A_UNEXPECTED_RCODE').map((m) => m.args)).toEqual([
      { ns: 'ns2.bad.nt/127.37.3.2', rcode: 'REFUSED' },
    ]);
    expect(find(messages, 'CAN_NOT_BE_RESOLVED')[0]!.args).toEqual({ nsname_list: 'ns9.nowhere.nt' });
    expect(messages.filter((m) => m.tag === 'NO_EDNS_SUPPORT').map((m) => m.args.ns)).toEqual([
      'ns4.bad.nt/127.37.3.4',
      'ns4.bad.nt/127.37.3.4',
      'ns4.bad.nt/127.37.3.4',
    ]);
    expect(find(messages, 'BREAKS_ON_EDNS').map((m) => m.args)).toEqual([
      { ns: 'ns6.bad.nt/127.37.3.6', domain: 'bad.nt' },
    ]);
    // The silent server answers nothing, so it is never asked the EDNS version 1 query.
    expect(find(messages, 'N15_ERROR_ON_VERSION_QUERY').map((m) => m.args.ns_list)).not.toContain(
      'ns3.bad.nt/127.37.3.3',
    );
    expect(
      find(messages, 'NO_RESPONSE')
        .filter((m) => m.testcase === 'Nameserver01')
        .map((m) => m.args.ns),
    ).toContain('ns3.bad.nt/127.37.3.3');
  });
});
