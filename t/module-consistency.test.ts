/**
 * Consistency01-06 end to end through runTest() against an in-process DNS tree on 127.62.x.y: SOA fields and
 * NS sets that agree or differ between servers, glue against the zone's address records, a lame zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEntry } from '../src/engine/types.js';
import { apexLines, delegationLines, zone } from './lib/zones.js';
import {
  argsOf,
  expectScenario,
  findings,
  startDnsWorld,
  tagSet,
  type DnsWorld,
  type Scenario,
} from './lib/engine.js';

const ROOT = { name: 'a.root', address: '127.62.0.1' };
const TST = { name: 'ns1.tst', address: '127.62.1.1' };
const GOOD = [
  { name: 'ns1.good.tst', address: '127.62.2.1' },
  { name: 'ns2.good.tst', address: '127.62.2.2' },
];
const DIFF = [
  { name: 'ns1.diff.tst', address: '127.62.3.1' },
  { name: 'ns2.diff.tst', address: '127.62.3.2' },
];
const DIFF_NS3 = '127.62.3.3'; // only in the zone (ns3.diff.tst, served by the second server)
const DIFF_GLUE_ONLY = '127.62.3.4'; // glue for ns1.diff.tst that the zone does not have
const LAME = [{ name: 'ns1.lame.tst', address: '127.62.4.1' }];

let world: DnsWorld;

beforeAll(async () => {
  const tst = zone('tst', [
    ...apexLines('tst', [TST]),
    ...delegationLines('good.tst', GOOD),
    ...delegationLines('diff.tst', DIFF),
    `ns1.diff.tst. A ${DIFF_GLUE_ONLY}`,
    ...delegationLines('lame.tst', LAME),
    'oob.tst. NS ns1.good.tst.',
    'oob.tst. NS ns9.good.tst.',
    'ns9.good.tst. A 127.62.2.9', // glue the good.tst zone does not confirm
  ]);
  const good = zone('good.tst', apexLines('good.tst', GOOD));
  const oob = zone('oob.tst', [
    '@ SOA ns1.good.tst. hostmaster.oob.tst. 1 21600 3600 1209600 300',
    '@ NS ns1.good.tst.',
    '@ NS ns9.good.tst.',
  ]);
  const diff1 = zone('diff.tst', apexLines('diff.tst', DIFF));
  const diff2 = zone('diff.tst', [
    '@ SOA ns2.diff.tst. admin.diff.tst. 5 7200 1800 604800 60',
    '@ NS ns1.diff.tst.',
    '@ NS ns2.diff.tst.',
    '@ NS ns3.diff.tst.',
    'ns1 A 127.62.3.1',
    'ns2 A 127.62.3.2',
    `ns3 A ${DIFF_NS3}`,
  ]);
  world = await startDnsWorld(ROOT, {
    zonesByAddress: {
      [ROOT.address]: [zone('.', [...apexLines('', [ROOT]), ...delegationLines('tst', [TST])])],
      [TST.address]: [tst],
      [GOOD[0]!.address]: [good, oob],
      [GOOD[1]!.address]: [good],
      [DIFF[0]!.address]: [diff1],
      [DIFF_GLUE_ONLY]: [diff1],
      [DIFF[1]!.address]: [diff2],
      [DIFF_NS3]: [diff2],
      [LAME[0]!.address]: [zone('lame.tst', apexLines('lame.tst', LAME))],
    },
    behaviour: { [LAME[0]!.address]: { aa: false } },
  });
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['consistency'] }), 'Consistency');
const tags = tagSet;

const SCENARIOS: Scenario[] = [
  {
    zone: 'good.tst',
    present: [
      'ONE_SOA_SERIAL',
      'ONE_SOA_RNAME',
      'ONE_SOA_TIME_PARAMETER_SET',
      'ONE_NS_SET',
      'ONE_SOA_MNAME',
      'ADDRESSES_MATCH',
    ],
    absent: [
      'MULTIPLE_SOA_SERIALS',
      'MULTIPLE_NS_SET',
      'IN_BAILIWICK_ADDR_MISMATCH',
      'CHILD_ZONE_LAME',
      'NO_RESPONSE',
    ],
  },
  {
    zone: 'diff.tst',
    present: [
      'MULTIPLE_SOA_SERIALS',
      'SOA_SERIAL_VARIATION',
      'MULTIPLE_SOA_RNAMES',
      'MULTIPLE_SOA_TIME_PARAMETER_SET',
      'MULTIPLE_SOA_MNAMES',
      'MULTIPLE_NS_SET',
      'IN_BAILIWICK_ADDR_MISMATCH',
      'EXTRA_ADDRESS_CHILD',
    ],
    absent: ['ONE_SOA_SERIAL', 'ONE_NS_SET', 'ADDRESSES_MATCH'],
  },
  { zone: 'oob.tst', present: ['OUT_OF_BAILIWICK_ADDR_MISMATCH'], absent: ['ADDRESSES_MATCH'] },
  {
    zone: 'lame.tst',
    present: ['CHILD_NS_FAILED', 'CHILD_ZONE_LAME', 'NO_RESPONSE_NS_QUERY'],
    absent: ['ADDRESSES_MATCH', 'ONE_NS_SET'],
  },
];

describe('Consistency scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(tags(await run(scenario.zone)), scenario);
  });
});

describe('Consistency on a healthy zone', () => {
  it('reports one SOA and one NS set, and matching addresses', async () => {
    const messages = await run('good.tst');
    const both = 'ns1.good.tst/127.62.2.1;ns2.good.tst/127.62.2.2';
    expect(argsOf(messages, 'ONE_SOA_SERIAL')).toEqual([{ serial: 1 }]);
    expect(argsOf(messages, 'SOA_SERIAL')).toEqual([{ serial: 1, ns_list: both }]);
    expect(argsOf(messages, 'ONE_SOA_RNAME')).toEqual([{ rname: 'hostmaster.good.tst.' }]);
    expect(argsOf(messages, 'ONE_SOA_TIME_PARAMETER_SET')).toEqual([
      { refresh: 21600, retry: 3600, expire: 1209600, minimum: 300 },
    ]);
    expect(argsOf(messages, 'ONE_NS_SET')).toEqual([{ nsname_list: 'ns1.good.tst.;ns2.good.tst.' }]);
    expect(argsOf(messages, 'ONE_SOA_MNAME')).toEqual([{ mname: 'ns1.good.tst.' }]);
    expect(tags(messages)).toContain('ADDRESSES_MATCH');
    expect(messages.filter((m) => m.level !== 'INFO')).toEqual([]);
  });
});

describe('Consistency problems', () => {
  it('reports servers that disagree on the SOA, the NS set and the addresses', async () => {
    const messages = await run('diff.tst');
    expect(argsOf(messages, 'MULTIPLE_SOA_SERIALS')).toEqual([{ count: 2 }]);
    expect(argsOf(messages, 'SOA_SERIAL_VARIATION')).toEqual([
      { serial_min: 1, serial_max: 5, max_variation: 0 },
    ]);
    expect(argsOf(messages, 'SOA_SERIAL').map((a) => a.serial)).toEqual([1, 5]);
    expect(argsOf(messages, 'MULTIPLE_SOA_RNAMES')).toEqual([{ count: 2 }]);
    expect(
      argsOf(messages, 'SOA_RNAME')
        .map((a) => a.rname)
        .sort(),
    ).toEqual(['admin.diff.tst.', 'hostmaster.diff.tst.']);
    expect(argsOf(messages, 'MULTIPLE_SOA_TIME_PARAMETER_SET')).toEqual([{ count: 2 }]);
    expect(argsOf(messages, 'MULTIPLE_SOA_MNAMES')).toEqual([{ count: 2 }]);
    expect(argsOf(messages, 'MULTIPLE_NS_SET')).toEqual([{ count: 2 }]);
    expect(
      argsOf(messages, 'NS_SET')
        .map((a) => a.nsname_list)
        .sort(),
    ).toEqual(['ns1.diff.tst.;ns2.diff.tst.', 'ns1.diff.tst.;ns2.diff.tst.;ns3.diff.tst.']);
    expect(argsOf(messages, 'IN_BAILIWICK_ADDR_MISMATCH')).toEqual([
      {
        parent_addresses: `ns1.diff.tst/127.62.3.1;ns1.diff.tst/${DIFF_GLUE_ONLY};ns2.diff.tst/127.62.3.2`,
        zone_addresses: `ns1.diff.tst/127.62.3.1;ns2.diff.tst/127.62.3.2;ns3.diff.tst/${DIFF_NS3}`,
      },
    ]);
    expect(argsOf(messages, 'EXTRA_ADDRESS_CHILD')).toEqual([{ ns_ip_list: `ns3.diff.tst/${DIFF_NS3}` }]);
    expect(tags(messages).has('ADDRESSES_MATCH')).toBe(false);
    expect(tags(messages).has('ONE_SOA_SERIAL')).toBe(false);
  });

  it('reports out-of-bailiwick glue the name server name does not resolve to', async () => {
    const messages = await run('oob.tst');
    expect(argsOf(messages, 'OUT_OF_BAILIWICK_ADDR_MISMATCH')).toEqual([
      { parent_addresses: 'ns9.good.tst/127.62.2.9', zone_addresses: '' },
    ]);
    expect(tags(messages).has('ADDRESSES_MATCH')).toBe(false);
  });

  it('reports a lame zone whose servers do not answer authoritatively', async () => {
    const messages = await run('lame.tst');
    expect(argsOf(messages, 'CHILD_NS_FAILED')).toContainEqual({ ns: 'ns1.lame.tst/127.62.4.1' });
    expect(tags(messages)).toContain('CHILD_ZONE_LAME');
    expect(argsOf(messages, 'NO_RESPONSE_NS_QUERY')).toContainEqual({ ns: 'ns1.lame.tst/127.62.4.1' });
    expect(tags(messages).has('ADDRESSES_MATCH')).toBe(false);
  });
});
