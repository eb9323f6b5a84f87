/**
 * Every catalogue in share/locale beside en.po: complete, with the English text's placeholders, translated; and
 * a signed zone's results rendered in each language with at most 2 % of the messages left in English. The
 * checks themselves are shown to catch each kind of mistake on a made-up catalogue.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { po } from 'gettext-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTest } from '../src/engine/run.js';
import { DEFAULT_LOCALE_DIR, TESTCASE_CONTEXT, Translator } from '../src/engine/translator.js';
import type { MessageEntry } from '../src/engine/types.js';
import {
  dsRdata,
  lines,
  makeKey,
  nsecChain,
  signZone,
  startSignedServer,
  window,
  type SignedServer,
  type WireRecord,
} from './lib/dnssec-sign.js';
import { testProfile } from './lib/engine.js';
import { localeDirWith, writeCatalogue, type CatalogueTexts } from './lib/locale.js';
import { apexLines, delegationLines, writeHints } from './lib/zones.js';

/** msgctxt → msgid → text, empty texts left out */
function readCatalogue(path: string): CatalogueTexts {
  const texts: CatalogueTexts = {};
  for (const [context, messages] of Object.entries(po.parse(readFileSync(path)).translations)) {
    for (const [msgid, entry] of Object.entries(messages))
      if (msgid !== '' && entry.msgstr[0]) (texts[context] ??= {})[msgid] = entry.msgstr[0];
  }
  return texts;
}

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

/** Texts that may stay as in English: nothing but placeholders and signs, or a code every language writes alike. */
const SAME_AS_ENGLISH = new Set(['RPCAPI:BELOW_MINIMUM']);
const mayStayEnglish = (key: string, text: string) =>
  SAME_AS_ENGLISH.has(key) || !/\p{L}/u.test(text.replace(/\{[A-Za-z0-9_]+\}/g, ''));

/** Problems of a catalogue measured against English, one line each. */
function catalogueProblems(english: CatalogueTexts, other: CatalogueTexts): string[] {
  const problems: string[] = [];
  for (const [context, messages] of Object.entries(english)) {
    for (const [msgid, source] of Object.entries(messages)) {
      const key = `${context}:${msgid}`;
      const text = other[context]?.[msgid];
      if (text === undefined) problems.push(`${key}: missing`);
      else if (placeholders(text).join() !== placeholders(source).join())
        problems.push(
          `${key}: placeholders {${placeholders(text).join('}{')}}, English has {${placeholders(source).join('}{')}}`,
        );
      else if (text === source && !mayStayEnglish(key, source)) problems.push(`${key}: same as English`);
    }
  }
  return problems;
}

/** The messages among `entries` (and their test case headers) that a language would show in English. */
function untranslated(entries: MessageEntry[], catalogue: CatalogueTexts): string[] {
  const missing = entries
    .filter((e) => catalogue[e.module.toUpperCase()]?.[e.tag] === undefined)
    .map((e) => `${e.module}:${e.tag}`);
  const headers = [...new Set(entries.map((e) => e.testcase.toLowerCase()))].filter(
    (id) => id !== 'unspecified' && catalogue[TESTCASE_CONTEXT]?.[id] === undefined,
  );
  return [...missing, ...headers.map((id) => `${TESTCASE_CONTEXT}:${id}`)];
}

const english = readCatalogue(join(DEFAULT_LOCALE_DIR, 'en.po'));
const languages = readdirSync(DEFAULT_LOCALE_DIR)
  .filter((file) => file.endsWith('.po') && file !== 'en.po')
  .map((file) => file.slice(0, -'.po'.length))
  .sort();

for (const language of languages) {
  describe(`catalogue ${language}.po`, () => {
    it('has every text of en.po, with its placeholders, translated', () => {
      expect(catalogueProblems(english, readCatalogue(join(DEFAULT_LOCALE_DIR, `${language}.po`)))).toEqual(
        [],
      );
    });
  });
}

// A signed zone with two name servers under a signed TLD: the findings of a healthy, DNSSEC-signed delegation.
const ROOT = { name: 'a.root', address: '127.71.0.1' };
const TLD = { name: 'ns1.tst', address: '127.71.1.1' };
const ZONE = 'signed.tst';
const SERVERS = [
  { name: `ns1.${ZONE}`, address: '127.71.2.1' },
  { name: `ns2.${ZONE}`, address: '127.71.2.2' },
];
let server: SignedServer;
let findings: MessageEntry[];

beforeAll(async () => {
  const ksk = makeKey(ZONE, 13, 257);
  const zsk = makeKey(ZONE, 13, 256);
  const tldKey = makeKey('tst', 13, 257);
  const validity = window(-1, 24 * 30);
  const base: WireRecord[] = lines(ZONE, [
    ...apexLines(ZONE, SERVERS),
    '@ MX 10 mail',
    'mail A 127.0.0.25',
    'www A 127.0.0.9',
    '@ TXT "v=spf1 -all"',
  ]);
  const zone = signZone(
    ZONE,
    [...base, ...nsecChain(ZONE, [...base, ksk.dnskey, zsk.dnskey])],
    [ksk, zsk],
    validity,
  );
  const tldRecords = [
    ...lines('tst', apexLines('tst', [TLD])),
    ...lines('tst', delegationLines(ZONE, SERVERS)),
    { name: ZONE, type: 'DS', ttl: 3600, rdata: dsRdata(ksk, 2) },
  ];
  const tld = signZone(
    'tst',
    [...tldRecords, ...nsecChain('tst', [...tldRecords, tldKey.dnskey])],
    [tldKey],
    validity,
  );
  const root = lines('', [...apexLines('', [ROOT]), ...delegationLines('tst', [TLD])]);
  server = await startSignedServer({
    [ROOT.address]: [{ origin: '', records: root }],
    [TLD.address]: [{ origin: 'tst', records: tld }],
    [SERVERS[0]!.address]: [{ origin: ZONE, records: zone }],
    [SERVERS[1]!.address]: [{ origin: ZONE, records: zone }],
  });
  const hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zmt-locale-hints-')), [ROOT]);
  const result = await runTest({ domain: ZONE, profile: testProfile(), hintsFile, port: server.port });
  // What the result page shows: INFO and above.
  findings = result.messages.filter((m) => !['DEBUG', 'DEBUG2', 'DEBUG3'].includes(m.level));
}, 120_000);
afterAll(async () => server?.stop());

describe("a signed zone's results in every language", () => {
  it('are many findings from every module, each with an English text', () => {
    expect(new Set(findings.map((f) => f.module)).size).toBeGreaterThanOrEqual(9);
    expect(findings.length).toBeGreaterThan(40);
    expect(untranslated(findings, english)).toEqual([]);
  });

  it.each(languages.length > 0 ? languages : ['en'])(
    '%s leaves at most 2 %% of them in English',
    (language) => {
      const catalogue = readCatalogue(join(DEFAULT_LOCALE_DIR, `${language}.po`));
      const left = untranslated(findings, catalogue);
      const translator = new Translator();
      for (const f of findings) expect(translator.translate(f, language)).not.toMatch(/\{[a-z0-9_]+\}/);
      expect(left.length / findings.length, left.join('\n')).toBeLessThanOrEqual(0.02);
    },
  );
});

describe('the checks, on a made-up catalogue', () => {
  const source: CatalogueTexts = {
    BASIC: { B02_NS_BROKEN: 'Name server {ns} is broken.', B02_NO_WORKING_NS: 'No working name server.' },
    DNSSEC: { DS07_SIGNED: 'The zone is signed.', DS01_DIGEST: '{keytag} uses digest {digtype}.' },
    RPCAPI: { INVALID_DOMAIN: '{reason}', BELOW_MINIMUM: '{actual} < minimum({limit})' },
  };
  const made: CatalogueTexts = {
    BASIC: { B02_NS_BROKEN: 'Namnserver {ns} är trasig.' },
    DNSSEC: { DS07_SIGNED: 'The zone is signed.', DS01_DIGEST: '{keytag} använder sammandrag {digest}.' },
    RPCAPI: { INVALID_DOMAIN: '{reason}', BELOW_MINIMUM: '{actual} < minimum({limit})' },
  };

  it('report a missing text, other placeholders and a text left in English, and nothing else', () => {
    expect(catalogueProblems(source, made)).toEqual([
      'BASIC:B02_NO_WORKING_NS: missing',
      'DNSSEC:DS07_SIGNED: same as English',
      'DNSSEC:DS01_DIGEST: placeholders {digest}{keytag}, English has {digtype}{keytag}',
    ]);
  });

  it('count untranslated messages and headers of a result, through a real catalogue file', () => {
    const dir = localeDirWith({});
    writeCatalogue(join(dir, 'xx.po'), 'xx', { ...made, TESTCASE: { basic02: 'Namnservrar svarar' } });
    const catalogue = readCatalogue(join(dir, 'xx.po'));
    const entry = (module: string, testcase: string, tag: string): MessageEntry => ({
      timestamp: 0,
      module,
      testcase,
      tag,
      args: {},
      level: 'INFO',
    });
    expect(
      untranslated(
        [
          entry('BASIC', 'Basic02', 'B02_NS_BROKEN'),
          entry('BASIC', 'Basic02', 'B02_NO_WORKING_NS'),
          entry('DNSSEC', 'DNSSEC07', 'DS07_SIGNED'),
        ],
        catalogue,
      ),
    ).toEqual(['BASIC:B02_NO_WORKING_NS', 'TESTCASE:dnssec07']);
  });
});
