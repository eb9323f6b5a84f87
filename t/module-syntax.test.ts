/**
 * Syntax01-08 end to end through runTest() against an in-process DNS tree on 127.61.x.y.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMailAddress, rnameToEmail } from '../src/engine/testcases/syntax/mail-address.js';
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

const ROOT = { name: 'a.root', address: '127.61.0.1' };
const TS = { name: 'ns1.ts', address: '127.61.1.1' };
const GOOD = [{ name: 'ns1.good.ts', address: '127.61.2.1' }];
const HYPHEN = [{ name: 'ns1.-a--c-.ts', address: '127.61.3.1' }];
const UNDERSCORE = [{ name: 'ns1.under_score.ts', address: '127.61.4.1' }];
const ALIAS = [
  { name: 'ns1.alias.ts', address: '127.61.5.1' },
  { name: 'ns2.alias.ts', address: '127.61.5.2' }, // silent
  { name: 'ns3.alias.ts', address: '127.61.5.3' }, // REFUSED
];
const LAME = [{ name: 'ns1.lame.ts', address: '127.61.6.1' }]; // never authoritative

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
    ...delegationLines('ts', [TS]),
  ]);
  const ts = zone('ts', [
    ...apex([TS], 'ns1.ts. hostmaster.ts. 1 21600 3600 1209600 300'),
    'lh.ts. A 127.0.0.1', // a mail domain without MX that points at localhost
    'mx-alias.ts. CNAME mail.good.ts.',
    'cn.ts. MX 10 mx-alias.ts.', // a mail domain whose exchange is an alias
    ...[GOOD, HYPHEN, UNDERSCORE, ALIAS, LAME].flatMap((servers) =>
      delegationLines(servers[0]!.name.slice(4), servers),
    ),
  ]);
  const good = zone('good.ts', [
    ...apex(GOOD, 'ns1.good.ts. hostmaster.good.ts. 1 21600 3600 1209600 300'),
    '@ MX 10 mail.good.ts.',
    'mail A 127.61.2.9',
  ]);
  const hyphen = zone('-a--c-.ts', [
    ...apex(HYPHEN, 'ns_1.-a--c-.ts. admin@mail.ts. 1 21600 3600 1209600 300'),
    '@ NS ns.host.42.',
    '@ MX 10 mail_server.-a--c-.ts.',
    '@ MX 20 mx.host.99.',
  ]);
  const underscore = zone(
    'under_score.ts',
    apex(UNDERSCORE, 'ns1.under_score.ts. hostmaster.lh.ts. 1 21600 3600 1209600 300'),
  );
  const alias = zone('alias.ts', apex(ALIAS, 'ns1.alias.ts. hostmaster.cn.ts. 1 21600 3600 1209600 300'));
  const lame = zone('lame.ts', apex(LAME, 'ns1.lame.ts. hostmaster.lame.ts. 1 21600 3600 1209600 300'));
  world = await startDnsWorld(
    ROOT,
    {
      zonesByAddress: {
        [ROOT.address]: [root],
        [TS.address]: [ts],
        [GOOD[0]!.address]: [good],
        [HYPHEN[0]!.address]: [hyphen],
        [UNDERSCORE[0]!.address]: [underscore],
        [ALIAS[0]!.address]: [alias],
        [ALIAS[1]!.address]: [alias],
        [ALIAS[2]!.address]: [alias],
        [LAME[0]!.address]: [lame],
      },
      behaviour: {
        [ALIAS[1]!.address]: { noAnswer: true },
        [ALIAS[2]!.address]: { rcode: 'REFUSED' },
        [LAME[0]!.address]: { aa: false },
      },
    },
    profile,
  );
});
afterAll(async () => world.stop());

const run = async (domain: string): Promise<MessageEntry[]> =>
  findings(await world.run(domain, { tests: ['syntax'] }), 'Syntax');

/** Test case and tag of each message ("Syntax02 ..."), as the scenarios name them. */
const tagsOf = (messages: MessageEntry[]) =>
  [...new Set(messages.map((m) => `${m.testcase} ${m.tag}`))].sort();

const SCENARIOS: Scenario[] = [
  {
    zone: 'under_score.ts',
    present: ['Syntax01 NON_ALLOWED_CHARS', 'Syntax04 NAMESERVER_NON_ALLOWED_CHARS'],
    absent: ['Syntax01 ONLY_ALLOWED_CHARS', 'Syntax06 RNAME_RFC822_VALID'],
  },
  {
    zone: 'lame.ts',
    present: [
      'Syntax05 NO_RESPONSE_SOA_QUERY',
      'Syntax07 NO_RESPONSE_SOA_QUERY',
      'Syntax08 NO_RESPONSE_MX_QUERY',
    ],
    absent: ['Syntax05 RNAME_NO_AT_SIGN', 'Syntax07 MNAME_SYNTAX_OK'],
  },
  {
    zone: '-a--c-.ts',
    present: [
      'Syntax01 ONLY_ALLOWED_CHARS',
      'Syntax02 INITIAL_HYPHEN',
      'Syntax02 TERMINAL_HYPHEN',
      'Syntax03 DISCOURAGED_DOUBLE_DASH',
      'Syntax04 NAMESERVER_NUMERIC_TLD',
      'Syntax04 NAMESERVER_DISCOURAGED_DOUBLE_DASH',
      'Syntax05 RNAME_MISUSED_AT_SIGN',
      'Syntax06 RNAME_RFC822_INVALID',
      'Syntax07 MNAME_NON_ALLOWED_CHARS',
      'Syntax07 MNAME_DISCOURAGED_DOUBLE_DASH',
      'Syntax08 MX_NON_ALLOWED_CHARS',
      'Syntax08 MX_NUMERIC_TLD',
    ],
    absent: ['Syntax02 NO_ENDING_HYPHENS', 'Syntax06 RNAME_RFC822_VALID'],
  },
];

describe('Syntax scenarios', () => {
  it.each(SCENARIOS)('$zone', async (scenario) => {
    expectScenario(new Set(tagsOf(await run(scenario.zone))), scenario);
  });
});

describe('Syntax on a well-formed zone', () => {
  it('reports every name as valid', async () => {
    const messages = await run('good.ts');
    expect(tagsOf(messages)).toEqual([
      'Syntax01 ONLY_ALLOWED_CHARS',
      'Syntax02 NO_ENDING_HYPHENS',
      'Syntax03 NO_DOUBLE_DASH',
      'Syntax04 NAMESERVER_SYNTAX_OK',
      'Syntax05 RNAME_NO_AT_SIGN',
      'Syntax06 RNAME_RFC822_VALID',
      'Syntax07 MNAME_SYNTAX_OK',
      'Syntax08 MX_SYNTAX_OK',
    ]);
    expect(argsOf(messages, 'RNAME_NO_AT_SIGN')).toEqual([{ rname: 'hostmaster.good.ts.' }]);
    expect(argsOf(messages, 'RNAME_RFC822_VALID')).toEqual([{ rname: 'hostmaster@good.ts' }]);
    expect(argsOf(messages, 'MX_SYNTAX_OK')).toEqual([{ domain: 'mail.good.ts' }]);
  });
});

describe('Syntax on malformed names', () => {
  it('reports hyphens, double dashes, numeric TLDs, illegal characters and an "@" in RNAME', async () => {
    const messages = await run('-a--c-.ts');
    expect(argsOf(messages, 'NAMESERVER_NUMERIC_TLD')).toEqual([{ domain: 'ns.host.42', tld: '42' }]);
    expect(argsOf(messages, 'DISCOURAGED_DOUBLE_DASH')).toEqual([{ domain: '-a--c-.ts', label: '-a--c-' }]);
    expect(argsOf(messages, 'MX_SYNTAX_OK')).toEqual([]);
  });

  it('reports characters outside letters, digits and hyphen, and a localhost mail domain', async () => {
    const messages = await run('under_score.ts');
    const tags = tagsOf(messages);
    expect(tags).toContain('Syntax01 NON_ALLOWED_CHARS');
    expect(tags).toContain('Syntax04 NAMESERVER_NON_ALLOWED_CHARS');
    expect(argsOf(messages, 'RNAME_MAIL_DOMAIN_LOCALHOST')).toEqual([
      { domain: 'lh.ts', localhost: '127.0.0.1' },
    ]);
    expect(argsOf(messages, 'RNAME_MAIL_DOMAIN_INVALID')).toEqual([{ domain: 'lh.ts' }]);
    expect(tags).not.toContain('Syntax06 RNAME_RFC822_VALID');
  });

  it('reports a mail exchange that is an alias, and the servers that did not answer', async () => {
    const messages = await run('alias.ts');
    expect(argsOf(messages, 'RNAME_MAIL_ILLEGAL_CNAME')).toEqual([{ domain: 'mx-alias.ts.' }]);
    expect(argsOf(messages, 'RNAME_MAIL_DOMAIN_INVALID')).toEqual([{ domain: 'mx-alias.ts.' }]);
    expect(argsOf(messages, 'NO_RESPONSE')).toEqual([{ ns: 'ns2.alias.ts/127.61.5.2', domain: 'alias.ts' }]);
    expect(tagsOf(messages)).toContain('Syntax06 NO_RESPONSE_SOA_QUERY');
  });

  it('reports missing SOA and MX answers when no server is authoritative', async () => {
    const messages = await run('lame.ts');
    const tags = tagsOf(messages);
    expect(tags).toContain('Syntax05 NO_RESPONSE_SOA_QUERY');
    expect(tags).toContain('Syntax07 NO_RESPONSE_SOA_QUERY');
    expect(tags).toContain('Syntax08 NO_RESPONSE_MX_QUERY');
  });
});

describe('RNAME as a mail address', () => {
  it.each([
    ['hostmaster.example.ts', 'hostmaster@example.ts', true],
    ['first\\.last.example.ts', 'first.last@example.ts', true],
    ['admin\\@mail.ts', 'admin@mail@ts', false],
    ['hostmaster.ts', 'hostmaster@ts', false],
    ['host..master.example.ts', 'host@.master.example.ts', false],
  ])('%s', (rname, email, valid) => {
    expect(rnameToEmail(rname)).toBe(email);
    expect(isValidMailAddress(email)).toBe(valid);
  });
});
