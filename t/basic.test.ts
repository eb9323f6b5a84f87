/**
 * Basic01-03 end to end through runTest() against an in-process DNS tree on 127.33.x.y: every tag of the
 * three test cases is produced by at least one scenario.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import type { MessageEntry, RunOptions } from '../src/engine/types.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { apexLines, delegationLines, writeHints, zone } from './lib/zones.js';
import { testProfile } from './lib/engine.js';

const ROOT = { name: 'a.root', address: '127.33.0.1' };
const RT1 = { name: 'ns1.rt', address: '127.33.1.1' };
const RT2 = { name: 'ns2.rt', address: '127.33.1.2' };
const GOOD = { name: 'ns1.good.rt', address: '127.33.2.1' };
const BAD = ['127.33.3.1', '127.33.3.2', '127.33.3.3', '127.33.3.4'].map((address, i) => ({
  name: `ns${i + 1}.bad.rt`,
  address,
}));
const DEAD = { name: 'ns1.dead.rt', address: '127.33.4.1' };
const UNDEL = { name: 'ns1.undel.rt', address: '127.33.5.1' };
const XSUB = { name: 'ns1.x.sub.rt', address: '127.33.6.1' };

let server: DnsServer;
let hintsFile: string;
let deadHintsFile: string;

function rtLines(variant: 1 | 2): string[] {
  const lines = [
    ...apexLines('rt', [RT1, RT2]),
    ...delegationLines('good.rt', [GOOD]),
    ...delegationLines('bad.rt', BAD),
    'bad.rt. NS ns5.bad.rt.', // no glue: B02_NS_NO_IP_ADDR
    ...delegationLines('dead.rt', [DEAD]),
    'ns1.good.rt. AAAA ::1', // IPv6 glue with IPv6 disabled: IPV6_DISABLED
  ];
  if (variant === 1) {
    lines.push(
      ...delegationLines('incons.rt', [GOOD]),
      ...delegationLines('x.sub.rt', [XSUB]),
      'alias.rt. DNAME good.rt.',
    );
  } else {
    lines.push('alias.rt. DNAME other.rt.');
  }
  return lines;
}

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT]), ...delegationLines('rt', [RT1, RT2])]);
  const rt1 = zone('rt', rtLines(1));
  const rt2 = zone('rt', rtLines(2));
  // ns2.rt also serves sub.rt, which delegates x.sub.rt: two different parent zones (B01_PARENT_UNDETERMINED).
  const sub = zone('sub.rt', [...apexLines('sub.rt', [RT2]), ...delegationLines('x.sub.rt', [XSUB])]);
  const good = zone('good.rt', [...apexLines('good.rt', [GOOD]), 'www A 127.0.0.9', 'ns1 AAAA ::1']);
  const incons = zone('incons.rt', apexLines('incons.rt', [GOOD]));
  const bad = zone('bad.rt', [...apexLines('bad.rt', BAD), 'www A 127.0.0.9']);
  const undel = zone('undel.rt', apexLines('undel.rt', [UNDEL, GOOD]));
  const xsub = zone('x.sub.rt', apexLines('x.sub.rt', [XSUB]));
  server = await startDnsServer({
    addresses: [
      ROOT.address,
      RT1.address,
      RT2.address,
      GOOD.address,
      ...BAD.map((b) => b.address),
      DEAD.address,
      UNDEL.address,
      XSUB.address,
      '::1',
    ],
    zonesByAddress: {
      '::1': [good], // ns1.good.rt's IPv6 address
      [ROOT.address]: [root],
      [RT1.address]: [rt1],
      [RT2.address]: [rt2, sub],
      [GOOD.address]: [good, incons, undel],
      [BAD[0]!.address]: [bad],
      [BAD[1]!.address]: [bad],
      [BAD[2]!.address]: [bad],
      [BAD[3]!.address]: [rt1],
      [DEAD.address]: [],
      [UNDEL.address]: [undel],
      [XSUB.address]: [xsub],
    },
    behaviour: {
      [BAD[0]!.address]: { noAnswer: true }, // B02_NS_NO_RESPONSE
      [BAD[1]!.address]: { rcode: 'REFUSED' }, // B02_UNEXPECTED_RCODE
      [BAD[2]!.address]: { aa: false }, // B02_NS_NOT_AUTH, still answers www A: HAS_A_RECORDS
      [BAD[3]!.address]: { aa: true }, // referral with AA: B02_NS_BROKEN
      [DEAD.address]: { noAnswer: true },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'zm-basic-'));
  hintsFile = writeHints(dir, [ROOT]);
  // A root that answers, but only REFUSED: a root that does not answer at all is a dead network (reachability.test.ts).
  deadHintsFile = writeHints(dir, [{ name: 'gone.root', address: BAD[1]!.address }], 'dead.root');
});
afterAll(async () => server.stop());

const profile = testProfile();

async function run(domain: string, extra: Partial<RunOptions> = {}): Promise<MessageEntry[]> {
  const result = await runTest({ domain, profile, hintsFile, port: server.port, tests: ['basic'], ...extra });
  return result.messages;
}

const tagsOf = (messages: MessageEntry[]) => new Set(messages.map((m) => m.tag));
const find = (messages: MessageEntry[], tag: string) => messages.filter((m) => m.tag === tag);

describe('Basic on a healthy zone', () => {
  it('finds parent and child, an authoritative SOA, and skips Basic03', async () => {
    const messages = await run('good.rt');
    expect(find(messages, 'B01_PARENT_FOUND')).toMatchObject([
      { testcase: 'Basic01', level: 'INFO', args: { domain: 'rt' } },
    ]);
    expect(find(messages, 'B01_PARENT_FOUND')[0]!.args.ns_list).toBe('ns1.rt/127.33.1.1;ns2.rt/127.33.1.2');
    expect(find(messages, 'B01_CHILD_FOUND')[0]!.args).toEqual({ domain: 'good.rt' });
    expect(find(messages, 'B02_AUTH_RESPONSE_SOA')[0]!.args).toEqual({
      ns_list: 'ns1.good.rt/127.33.2.1',
      domain: 'good.rt',
    });
    expect(find(messages, 'HAS_NAMESERVER_NO_WWW_A_TEST')).toMatchObject([
      { module: 'Basic', testcase: 'Unspecified', level: 'INFO' },
    ]);
    expect(find(messages, 'IPV6_DISABLED')[0]!.args).toEqual({ ns: 'ns1.good.rt/::1', rrtype: 'SOA' });
    expect(find(messages, 'IPV4_ENABLED').length).toBeGreaterThan(0);
    expect(messages.some((m) => m.testcase === 'Basic03')).toBe(false);
    expect(tagsOf(messages).has('CANNOT_CONTINUE')).toBe(false);
    expect(
      messages.map((m) => m.tag).filter((t) => t.startsWith('TEST_CASE') || t.startsWith('MODULE')),
    ).toEqual([
      'MODULE_VERSION',
      'TEST_CASE_START',
      'TEST_CASE_END',
      'TEST_CASE_START',
      'TEST_CASE_END',
      'MODULE_END',
    ]);
  });
});

describe('Basic on broken delegations', () => {
  it('reports every kind of broken name server, runs Basic03 and stops the run', async () => {
    // A full run (no module picked): only then is CANNOT_CONTINUE reported, as in the reference.
    const messages = await run('bad.rt', { tests: [] });
    const tags = tagsOf(messages);
    for (const tag of [
      'B02_NO_WORKING_NS',
      'B02_NS_BROKEN',
      'B02_NS_NOT_AUTH',
      'B02_NS_NO_IP_ADDR',
      'B02_NS_NO_RESPONSE',
      'B02_UNEXPECTED_RCODE',
    ]) {
      expect(tags, tag).toContain(tag);
    }
    expect(find(messages, 'B02_UNEXPECTED_RCODE')[0]!.args).toEqual({
      ns: 'ns2.bad.rt/127.33.3.2',
      rcode: 'REFUSED',
    });
    expect(find(messages, 'B02_NS_NO_IP_ADDR')[0]!.args).toEqual({ nsname: 'ns5.bad.rt' });
    expect(find(messages, 'B02_NS_BROKEN')[0]!.args).toEqual({ ns: 'ns4.bad.rt/127.33.3.4' });
    expect(find(messages, 'HAS_A_RECORDS')[0]!.args).toEqual({
      ns: 'ns3.bad.rt/127.33.3.3',
      domain: 'www.bad.rt',
    });
    expect(tags).toContain('NO_A_RECORDS');
    expect(find(messages, 'CANNOT_CONTINUE')).toMatchObject([
      { module: 'System', level: 'CRITICAL', args: { domain: 'bad.rt' } },
    ]);
    // The run stops after Basic: no other module starts.
    expect(find(messages, 'MODULE_VERSION')).toHaveLength(1);
  });

  it('asks the glue address of a name server that does not answer for its own name', async () => {
    // Method 4's recursive lookup of ns1.dead.rt ends at ns1.dead.rt itself, which does not answer; Basic02 step 3
    // then takes the delegation's glue, and the server behind it gives no response.
    const messages = await run('dead.rt');
    expect(find(messages, 'B02_NO_WORKING_NS')[0]!.args).toEqual({ domain: 'dead.rt' });
    expect(find(messages, 'B02_NS_NO_RESPONSE')[0]!.args).toEqual({ ns: 'ns1.dead.rt/127.33.4.1' });
    expect(tagsOf(messages).has('B02_NS_NO_IP_ADDR')).toBe(false);
  });

  it('does not report CANNOT_CONTINUE when modules were picked, but still stops', async () => {
    const messages = await run('bad.rt', { tests: ['basic', 'zone'] });
    expect(tagsOf(messages).has('CANNOT_CONTINUE')).toBe(false);
    expect(find(messages, 'MODULE_VERSION')).toHaveLength(1);
  });

  it('reports a zone that does not exist, and no delegation when Basic02 runs alone', async () => {
    const messages = await run('missing.rt', { tests: [] });
    expect(find(messages, 'B01_NO_CHILD')[0]!.args).toEqual({
      domain_child: 'missing.rt',
      domain_super: 'rt',
    });
    expect(tagsOf(messages).has('B02_AUTH_RESPONSE_SOA')).toBe(false);
    expect(tagsOf(messages)).toContain('CANNOT_CONTINUE');
    const alone = await run('missing.rt', { tests: ['basic/basic02'] });
    expect(find(alone, 'B02_NO_DELEGATION')).toMatchObject([
      { level: 'CRITICAL', args: { domain: 'missing.rt' } },
    ]);
  });

  it('reports inconsistent delegation between parent servers', async () => {
    const messages = await run('incons.rt');
    expect(tagsOf(messages)).toContain('B01_CHILD_FOUND');
    expect(find(messages, 'B01_INCONSISTENT_DELEGATION')[0]!.args).toEqual({
      domain_child: 'incons.rt',
      domain_parent: 'rt',
      ns_list: 'ns2.rt/127.33.1.2',
    });
  });

  it('reports an alias (DNAME) and inconsistent aliases', async () => {
    const messages = await run('alias.rt');
    expect(
      find(messages, 'B01_CHILD_IS_ALIAS')
        .map((m) => m.args.domain_target)
        .sort(),
    ).toEqual(['good.rt', 'other.rt']);
    expect(tagsOf(messages)).toContain('B01_INCONSISTENT_ALIAS');
    expect(tagsOf(messages)).toContain('B01_NO_CHILD');
  });

  it('reports parent zones that differ between servers', async () => {
    const messages = await run('x.sub.rt');
    expect(
      find(messages, 'B01_PARENT_FOUND')
        .map((m) => m.args.domain)
        .sort(),
    ).toEqual(['rt', 'sub.rt']);
    expect(tagsOf(messages)).toContain('B01_PARENT_UNDETERMINED');
    expect(tagsOf(messages)).toContain('B01_CHILD_FOUND');
  });

  it('reports a parent that cannot be found', async () => {
    const messages = await run('good.rt', { hintsFile: deadHintsFile });
    expect(tagsOf(messages)).toContain('B01_PARENT_NOT_FOUND');
    expect(find(messages, 'B01_SERVER_ZONE_ERROR')[0]!.args).toEqual({
      query_name: '.',
      rrtype: 'SOA',
      ns: `gone.root/${BAD[1]!.address}`,
    });
  });
});

describe('Basic on special targets', () => {
  it('tests the root zone', async () => {
    const messages = await run('.');
    expect(find(messages, 'B01_CHILD_FOUND')[0]!.args).toEqual({ domain: '.' });
    expect(tagsOf(messages)).toContain('B01_ROOT_HAS_NO_PARENT');
    expect(find(messages, 'B02_AUTH_RESPONSE_SOA')[0]!.args).toEqual({
      ns_list: 'a.root/127.33.0.1',
      domain: '.',
    });
  });

  it('runs an undelegated test with the given name servers', async () => {
    const messages = await run('undel.rt', {
      nameservers: [{ ns: 'ns1.undel.rt', ip: UNDEL.address }, { ns: 'ns1.good.rt' }],
    });
    expect(tagsOf(messages)).toContain('B01_PARENT_DISREGARDED');
    expect(tagsOf(messages).has('B01_PARENT_FOUND')).toBe(false);
    // the out-of-bailiwick name server without address was looked up
    expect(find(messages, 'B02_AUTH_RESPONSE_SOA')[0]!.args.ns_list).toBe(
      'ns1.good.rt/127.33.2.1;ns1.undel.rt/127.33.5.1',
    );
  });

  it('reports an in-zone undelegated name server without address', async () => {
    const messages = await run('undel.rt', {
      nameservers: [{ ns: 'ns1.undel.rt', ip: UNDEL.address }, { ns: 'ns2.undel.rt' }],
    });
    expect(find(messages, 'FAKE_DELEGATION_IN_ZONE_NO_IP')).toMatchObject([
      { module: 'System', args: { nsname: 'ns2.undel.rt' } },
    ]);
    expect(tagsOf(messages)).toContain('B02_AUTH_RESPONSE_SOA');
  });
});

describe('Basic over IPv6', () => {
  it('queries the IPv6 address of a name server when IPv6 is enabled', async () => {
    const withIpv6 = mergeProfile(profile, { net: { ipv4: true, ipv6: true } });
    const messages = await run('good.rt', { profile: withIpv6 });
    expect(find(messages, 'IPV6_ENABLED').map((m) => m.args)).toContainEqual({
      ns: 'ns1.good.rt/::1',
      rrtype: 'SOA',
    });
    expect(find(messages, 'IPV6_DISABLED')).toHaveLength(0);
    expect(find(messages, 'B02_AUTH_RESPONSE_SOA')[0]!.args.ns_list).toBe(
      'ns1.good.rt/127.33.2.1;ns1.good.rt/::1',
    );
  });
});

describe('SYSTEM messages from the DNS layer', () => {
  it('logs every query sent and the blacklisting of a server that does not answer', async () => {
    const messages = await run('dead.rt');
    const queries = find(messages, 'EXTERNAL_QUERY');
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((m) => m.module === 'System' && typeof m.args.ip === 'string')).toBe(true);
    expect(find(messages, 'BLACKLISTING')[0]!.args).toEqual({ ns: 'ns1.dead.rt/127.33.4.1', proto: 'UDP' });
  });
});
