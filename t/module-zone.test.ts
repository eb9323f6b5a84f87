/**
 * Zone01-11 end to end through runTest() against an in-process DNS tree on 127.62.x.y, plus the SPF grammar
 * of src/engine/spf.ts as a table of cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNullSpf, isSpfRecord, isValidSpf } from '../src/engine/spf.js';
import type { MessageEntry } from '../src/engine/types.js';
import { delegationLines, zone, type NsAddress } from './lib/zones.js';
import {
  argsOf,
  expectScenario,
  findings,
  startDnsWorld,
  testProfile,
  type DnsWorld,
  type Scenario,
} from './lib/engine.js';

const ROOT = { name: 'a.root', address: '127.62.0.1' };
const TZ = { name: 'ns1.tz', address: '127.62.1.1' };
const GOOD = [
  { name: 'ns1.good.tz', address: '127.62.2.1' },
  { name: 'ns2.good.tz', address: '127.62.2.2' },
];
const BAD = [
  { name: 'ns1.bad.tz', address: '127.62.3.1' },
  { name: 'ns2.bad.tz', address: '127.62.3.2' },
];
const NOMX = [
  { name: 'ns1.nomx.tz', address: '127.62.4.1' },
  { name: 'ns2.nomx.tz', address: '127.62.4.2' }, // silent
  { name: 'ns3.nomx.tz', address: '127.62.4.3' }, // REFUSED
];
const ODD = [{ name: 'ns1.odd.tz', address: '127.62.5.1' }];
const LAME = [{ name: 'ns1.lame.tz', address: '127.62.6.1' }];

/** SOA, NS and in-zone address lines with the given SOA fields. */
function apex(servers: NsAddress[], soa: string): string[] {
  return [
    `@ SOA ${soa}`,
    ...servers.map((s) => `@ NS ${s.name}.`),
    ...servers.map((s) => `${s.name}. A ${s.address}`),
  ];
}

let world: DnsWorld;
const profile = testProfile();

beforeAll(async () => {
  const root = zone('.', [
    ...apex([ROOT], 'a.root. hostmaster.root. 1 21600 3600 1209600 300'),
    ...delegationLines('tz', [TZ]),
  ]);
  const tz = zone('tz', [
    ...apex([TZ], 'ns1.tz. hostmaster.tz. 1 21600 3600 1209600 300'),
    '@ MX 10 mail.tz.',
    'mail A 127.62.1.9',
    '@ TXT "v=spf1 -all"',
    ...delegationLines('good.tz', GOOD),
    ...delegationLines('bad.tz', BAD),
    ...delegationLines('nomx.tz', NOMX),
    ...delegationLines('odd.tz', ODD),
    ...delegationLines('lame.tz', LAME),
  ]);
  const good = zone('good.tz', [
    ...apex(GOOD, 'ns1.good.tz. hostmaster.good.tz. 2024010101 21600 3600 1209600 300'),
    '@ MX 10 mail.good.tz.',
    'mail A 127.62.2.9',
    '@ TXT "some text"',
    '@ TXT "v=spf1 mx " "-all"',
  ]);
  const badLines = (serial: number, mx: string, spf: string) =>
    zone('bad.tz', [
      ...apex(BAD, `master.bad.tz. hostmaster.bad.tz. ${serial} 1200 2400 1000 172800`),
      'master CNAME ns1.bad.tz.',
      `@ MX 10 ${mx}`,
      'mx CNAME mail.bad.tz.',
      'mail A 127.62.3.9',
      `@ TXT "${spf}"`,
    ]);
  const nomx = zone('nomx.tz', [
    ...apex(NOMX, 'localhost. hostmaster.nomx.tz. 1 21600 3600 1209600 300'),
    'ns1 AAAA ::1', // IPv6 is disabled in the profile: IPV6_DISABLED instead of a query
  ]);
  const odd = zone('odd.tz', [
    ...apex(ODD, 'ns1.odd.tz. hostmaster.odd.tz. 1 21600 3600 1209600 300'),
    '@ SOA ns1.odd.tz. other.odd.tz. 2 21600 3600 1209600 300',
    '@ MX 0 .',
    '@ MX 10 mail.odd.tz.',
    'mail A 127.62.5.9',
    '@ TXT "v=spf1 -all"',
    '@ TXT "v=spf1 a -all"',
  ]);
  const lame = zone('lame.tz', [
    ...apex(LAME, 'ns1.lame.tz. hostmaster.lame.tz. 1 21600 3600 1209600 300'),
    '@ MX 5 .',
    '@ TXT "v=spf1 foo -all"',
  ]);
  world = await startDnsWorld(
    ROOT,
    {
      zonesByAddress: {
        [ROOT.address]: [root],
        [TZ.address]: [tz],
        [GOOD[0]!.address]: [good],
        [GOOD[1]!.address]: [good],
        [BAD[0]!.address]: [badLines(5, 'mx.bad.tz.', 'v=spf1 -all')],
        [BAD[1]!.address]: [badLines(7, 'mail.bad.tz.', 'v=spf1 mx -all')],
        [NOMX[0]!.address]: [nomx],
        [NOMX[1]!.address]: [nomx],
        [NOMX[2]!.address]: [nomx],
        [ODD[0]!.address]: [odd],
        [LAME[0]!.address]: [lame],
      },
      behaviour: {
        [NOMX[1]!.address]: { noAnswer: true },
        [NOMX[2]!.address]: { rcode: 'REFUSED' },
      },
    },
    profile,
  );
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['zone'] }), 'Zone');

/** Test case and tag of each message ("Zone02 ..."), as the scenarios name them. */
const tagsOf = (messages: MessageEntry[]) =>
  [...new Set(messages.map((m) => `${m.testcase} ${m.tag}`))].sort();

const SCENARIOS: Scenario[] = [
  {
    zone: 'odd.tz',
    present: ['Zone09 Z09_NULL_MX_WITH_OTHER_MX', 'Zone11 Z11_SPF_MULTIPLE_RECORDS', 'Zone10 MULTIPLE_SOA'],
    absent: ['Zone10 ONE_SOA'],
  },
  {
    zone: 'lame.tz',
    present: ['Zone09 Z09_NULL_MX_NON_ZERO_PREF'],
    absent: ['Zone09 Z09_NULL_MX_WITH_OTHER_MX'],
  },
  {
    zone: 'tz',
    present: ['Zone09 Z09_TLD_EMAIL_DOMAIN', 'Zone11 Z11_NULL_SPF_NON_MAIL_DOMAIN'],
    absent: ['Zone09 Z09_MX_DATA'],
  },
  {
    zone: 'bad.tz',
    present: [
      'Zone01 Z01_MNAME_NOT_IN_NS_LIST',
      'Zone01 Z01_MNAME_NOT_MASTER',
      'Zone02 REFRESH_MINIMUM_VALUE_LOWER',
      'Zone03 REFRESH_LOWER_THAN_RETRY',
      'Zone04 RETRY_MINIMUM_VALUE_LOWER',
      'Zone05 EXPIRE_MINIMUM_VALUE_LOWER',
      'Zone05 EXPIRE_LOWER_THAN_REFRESH',
      'Zone06 SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER',
      'Zone07 MNAME_IS_CNAME',
      'Zone08 MX_RECORD_IS_CNAME',
      'Zone09 Z09_INCONSISTENT_MX_DATA',
      'Zone11 Z11_INCONSISTENT_SPF_POLICIES',
      'Zone11 Z11_DIFFERENT_SPF_POLICIES_FOUND',
    ],
    absent: ['Zone05 EXPIRE_MINIMUM_VALUE_OK'],
  },
  {
    zone: 'nomx.tz',
    present: [
      'Zone01 Z01_MNAME_IS_LOCALHOST',
      'Zone07 MNAME_HAS_NO_ADDRESS',
      'Zone09 Z09_MISSING_MAIL_TARGET',
      'Zone10 NO_RESPONSE',
      'Zone10 NO_SOA_IN_RESPONSE',
      'Zone11 Z11_NO_SPF_FOUND',
    ],
    absent: ['Zone10 ONE_SOA'],
  },
];

describe('Zone scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(new Set(tagsOf(await run(scenario.zone))), scenario);
  });
});

describe('Zone on a healthy zone', () => {
  it('reports the OK tag of every test case', async () => {
    const messages = await run('good.tz');
    expect(tagsOf(messages)).toEqual([
      'Zone01 Z01_MNAME_IS_MASTER',
      'Zone02 REFRESH_MINIMUM_VALUE_OK',
      'Zone03 REFRESH_HIGHER_THAN_RETRY',
      'Zone04 RETRY_MINIMUM_VALUE_OK',
      'Zone05 EXPIRE_MINIMUM_VALUE_OK',
      'Zone06 SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK',
      'Zone07 MNAME_IS_NOT_CNAME',
      'Zone08 MX_RECORD_IS_NOT_CNAME',
      'Zone09 Z09_MX_DATA',
      'Zone10 ONE_SOA',
      'Zone11 Z11_SPF_SYNTAX_OK',
    ]);
    expect(argsOf(messages, 'Z01_MNAME_IS_MASTER')).toEqual([{ ns_list: 'ns1.good.tz/127.62.2.1' }]);
    expect(argsOf(messages, 'Z09_MX_DATA')).toEqual([
      { mailtarget_list: 'mail.good.tz.', ns_ip_list: '127.62.2.1;127.62.2.2' },
    ]);
    expect(argsOf(messages, 'REFRESH_MINIMUM_VALUE_OK')).toEqual([
      { refresh: 21600, required_refresh: 14400 },
    ]);
    expect(messages.find((m) => m.tag === 'Z11_SPF_SYNTAX_OK')).toMatchObject({
      level: 'INFO',
      args: { domain: 'good.tz' },
    });
  });
});

describe('Zone on a badly configured zone', () => {
  it('finds the SOA timer, MNAME, MX and SPF problems', async () => {
    const messages = await run('bad.tz');
    expect(argsOf(messages, 'Z01_MNAME_NOT_MASTER')).toEqual([
      { ns_list: 'master.bad.tz/127.62.3.1', soaserial: 5, soaserial_list: '5;7' },
    ]);
    expect(argsOf(messages, 'Z09_MX_DATA')).toHaveLength(2);
    expect(
      argsOf(messages, 'Z11_DIFFERENT_SPF_POLICIES_FOUND')
        .map((a) => a.ns_list)
        .sort(),
    ).toEqual(['ns1.bad.tz/127.62.3.1', 'ns2.bad.tz/127.62.3.2']);
  });

  it('reports a localhost MNAME, missing mail target and SPF, and the broken servers', async () => {
    const messages = await run('nomx.tz');
    const tags = tagsOf(messages);
    expect(tags.some((t) => t.startsWith('Zone08'))).toBe(false);
    expect(argsOf(messages, 'Z01_MNAME_IS_LOCALHOST')).toEqual([{ ns_ip_list: '127.62.4.1' }]);
    expect(argsOf(messages, 'NO_RESPONSE')).toEqual([{ ns: 'ns2.nomx.tz/127.62.4.2' }]);
    const disabled = messages.filter((m) => m.tag === 'IPV6_DISABLED' && m.testcase === 'Zone09');
    expect(disabled.map((m) => m.args)).toEqual([
      { ns: 'ns1.nomx.tz/::1', rrtype: 'SOA' },
      { ns: 'ns1.nomx.tz/::1', rrtype: 'MX' },
    ]);
  });

  it('reports two SOA records, a Null MX mixed with others and multiple SPF records', async () => {
    const messages = await run('odd.tz');
    const tags = tagsOf(messages);
    expect(tags).toContain('Zone09 Z09_NULL_MX_WITH_OTHER_MX');
    expect(tags).toContain('Zone11 Z11_SPF_MULTIPLE_RECORDS');
    expect(tags).toContain('Zone10 MULTIPLE_SOA');
    expect(argsOf(messages, 'MULTIPLE_SOA')).toEqual([{ ns: 'ns1.odd.tz/127.62.5.1', count: 2 }]);
    expect(argsOf(messages, 'Z11_SPF_MULTIPLE_RECORDS')).toEqual([{ ns_list: 'ns1.odd.tz/127.62.5.1' }]);
  });

  it('reports a Null MX with a preference and an SPF syntax error', async () => {
    const messages = await run('lame.tz');
    const tags = tagsOf(messages);
    expect(tags).toContain('Zone09 Z09_NULL_MX_NON_ZERO_PREF');
    expect(tags).not.toContain('Zone09 Z09_NULL_MX_WITH_OTHER_MX');
    expect(argsOf(messages, 'Z11_SPF_SYNTAX_ERROR')).toEqual([
      { domain: 'lame.tz', ns_list: 'ns1.lame.tz/127.62.6.1' },
    ]);
  });

  it('treats a TLD as a domain not used for mail', async () => {
    const messages = await run('tz');
    const tags = tagsOf(messages);
    expect(tags).toContain('Zone09 Z09_TLD_EMAIL_DOMAIN');
    expect(tags).toContain('Zone11 Z11_NULL_SPF_NON_MAIL_DOMAIN');
    expect(tags).not.toContain('Zone09 Z09_MX_DATA');
  });
});

describe('SPF syntax (RFC 7208)', () => {
  const cases: [string, boolean, boolean][] = [
    // record, valid, null SPF
    ['v=spf1 -all', true, true],
    ['v=spf1', true, false],
    ['v=spf1 a mx ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.com ~all', true, false],
    ['v=spf1 a:example.com/24//64 ?all', true, false],
    ['v=spf1 exists:%{i}.%{d}._spf.example.com -all', true, false],
    ['v=spf1 redirect=example.com', true, false],
    ['v=spf1 unknown=whatever +all', true, false],
    ['v=spf1  mx   -all ', true, false],
    ['v=spf1 redirect=a.example redirect=b.example', false, false],
    ['v=spf1 ip4:300.1.1.1 -all', false, false],
    ['v=spf1 ip4:192.0.2.1/33', false, false],
    ['v=spf1 ip6:not-an-address', false, false],
    ['v=spf1 foo -all', false, false],
    ['v=spf1 include:nodot -all', false, false],
  ];
  it.each(cases)('%s', (record, valid, nullSpf) => {
    expect(isValidSpf(record)).toBe(valid);
    expect(isNullSpf(record)).toBe(nullSpf);
  });

  it('recognises SPF TXT records by their version only', () => {
    expect(isSpfRecord('V=SPF1 -all')).toBe(true);
    expect(isSpfRecord('v=spf1')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord('google-site-verification=x')).toBe(false);
  });
});
