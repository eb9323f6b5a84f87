import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../src/engine/profile.js';
import { tagCatalogue } from '../src/engine/testcases/catalogue.js';
import { DEFAULT_LOCALE_DIR, Translator, genericRendering, interpolate } from '../src/engine/translator.js';
import { MESSAGE_IDS, messageRenderer, RPCAPI_CONTEXT } from '../src/rpc/messages.js';

const translator = new Translator();

describe('English catalogue (share/locale/en.po)', () => {
  it('has a text for every tag in the default profile test_levels', () => {
    const missing: string[] = [];
    for (const [module, tags] of Object.entries(defaultProfile().test_levels)) {
      for (const tag of Object.keys(tags)) if (!translator.has(module, tag)) missing.push(`${module}:${tag}`);
    }
    expect(missing).toEqual([]);
  });

  it('has a description for every test case of the default profile', () => {
    for (const id of defaultProfile().test_cases) {
      const description = translator.testcaseDescription(id);
      expect(description, id).not.toBe(id);
      expect(description.length, id).toBeGreaterThan(10);
    }
    expect(translator.testcaseDescription('Basic01')).toBe(translator.testcaseDescription('basic01'));
  });

  it("has a text for every catalogued tag, using exactly the tag's argument names", () => {
    const parsed = po.parse(readFileSync(join(DEFAULT_LOCALE_DIR, 'en.po')));
    const problems: string[] = [];
    for (const [module, tags] of Object.entries(tagCatalogue())) {
      for (const [tag, info] of Object.entries(tags)) {
        const text = parsed.translations[module]?.[tag]?.msgstr[0];
        if (!text) {
          problems.push(`${module}:${tag} has no text`);
          continue;
        }
        const used = new Set([...text.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]));
        for (const name of used)
          if (!info.args.includes(name)) problems.push(`${module}:${tag} uses {${name}}`);
        for (const name of info.args) if (!used.has(name)) problems.push(`${module}:${tag} omits {${name}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has the backend tags', () => {
    expect(translator.has('BACKEND', 'TEST_DIED')).toBe(true);
    expect(
      translator.translate({
        module: 'BACKEND',
        tag: 'UNABLE_TO_FINISH_TEST',
        args: { max_execution_time: 300 },
      }),
    ).toContain('300');
  });

  it('uses only well-formed placeholders and parses as gettext', () => {
    const parsed = po.parse(readFileSync(join(DEFAULT_LOCALE_DIR, 'en.po')));
    let count = 0;
    for (const messages of Object.values(parsed.translations)) {
      for (const [msgid, entry] of Object.entries(messages)) {
        if (msgid === '') continue;
        count++;
        expect(entry.msgstr[0], msgid).toMatch(/\S/);
        expect(entry.msgstr[0].replace(/\{[a-z0-9_]+\}/g, ''), msgid).not.toMatch(/[{}]/);
      }
    }
    expect(count).toBeGreaterThanOrEqual(539 + 73 + 2);
  });

  it('lists English among the languages', () => {
    expect(translator.languages()).toContain('en');
  });
});

describe('translate', () => {
  it('interpolates the arguments, joining lists with ", "', () => {
    const text = translator.translate(
      { module: 'BASIC', tag: 'B02_NS_BROKEN', args: { ns: 'ns1.example/127.0.0.1' } },
      'en',
    );
    expect(text).toContain('ns1.example/127.0.0.1');
    expect(text).not.toContain('{ns}');
    const listText = translator.translate({
      module: 'ADDRESS',
      tag: 'A01_DOCUMENTATION_ADDR',
      args: { ns_list: ['a.example/127.0.0.1', 'b.example/::1'] },
    });
    expect(listText).toContain('a.example/127.0.0.1, b.example/::1');
  });

  it('renders unknown tags generically', () => {
    expect(translator.translate({ module: 'BASIC', tag: 'NO_SUCH_TAG', args: { b: 2, a: ['x', 'y'] } })).toBe(
      'NO_SUCH_TAG a=x, y; b=2',
    );
    expect(translator.translate({ module: 'BASIC', tag: 'NO_SUCH_TAG' })).toBe('NO_SUCH_TAG');
  });

  it('shows list arguments with ", " between items, in the rendering only', () => {
    const args = { ns_list: 'ns1.example/127.0.0.1;ns2.example/::1', nsname_list: 'a.example;b.example' };
    expect(translator.translate({ module: 'ADDRESS', tag: 'A01_DOCUMENTATION_ADDR', args })).toBe(
      'Name server addresses taken from a range reserved for documentation: ns1.example/127.0.0.1, ns2.example/::1.',
    );
    expect(interpolate('{nsname_list} and {ns}', { nsname_list: 'a;b', ns: 'c;d' }, true)).toBe(
      'a, b and c;d',
    );
    expect(interpolate('AS {asn_list}', { asn_list: '64496,64497' }, true)).toBe('AS 64496, 64497');
    expect(interpolate('{nsname_list}', { nsname_list: 'a;b' })).toBe('a;b');
    expect(args.ns_list).toBe('ns1.example/127.0.0.1;ns2.example/::1');
  });

  it('does not double the full stop after a value that ends with one', () => {
    expect(interpolate('Contact {rname}.', { rname: 'hostmaster.good-signed.xa.' })).toBe(
      'Contact hostmaster.good-signed.xa.',
    );
    expect(interpolate('Contact {rname}.', { rname: 'hostmaster.example' })).toBe(
      'Contact hostmaster.example.',
    );
    expect(interpolate('{a}. {b}', { a: 'x.', b: 'y' })).toBe('x. y');
    expect(interpolate('{a}, then', { a: 'x.' })).toBe('x., then');
    expect(interpolate('{missing}.', {})).toBe('{missing}.');
  });

  it('keeps placeholders without a value', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(interpolate('{a}', { a: null })).toBe('');
    expect(genericRendering('T', {})).toBe('T');
  });
});

describe("the RPC API's messages (msgctxt RPCAPI)", () => {
  const render = messageRenderer(translator);
  // The reference API's English wire texts: clients match on some of them, so they never change.
  const WIRE_TEXTS: Record<(typeof MESSAGE_IDS)[number], string> = {
    INVALID_PARAMS: 'Invalid method parameter(s).',
    MISSING_PROPERTY: 'Missing property',
    EXPECTED_TYPE: 'Expected {expected} - got {actual}.',
    NOT_ENOUGH_ITEMS: 'Not enough items: {actual}/{limit}.',
    TOO_MANY_ITEMS: 'Too many items: {actual}/{limit}.',
    PROPERTIES_NOT_ALLOWED: 'Properties not allowed: {names}.',
    PATTERN_MISMATCH: 'String does not match {pattern}.',
    STRING_TOO_LONG: 'String is too long: {actual}/{limit}.',
    BELOW_MINIMUM: '{actual} < minimum({limit})',
    NOT_IN_ENUM: 'Not in enum list: {list}.',
    INVALID_IP: 'Invalid IP address',
    INVALID_PROFILE_FORMAT: 'Invalid profile format',
    UNKNOWN_PROFILE: 'Unknown profile',
    INVALID_LANGUAGE_FORMAT: 'Invalid language tag format',
    UNKNOWN_LANGUAGE: 'Unkown language string',
    INVALID_DIGEST: 'Invalid digest format',
    INVALID_ALGORITHM: 'Algorithm must be a positive integer',
    INVALID_DIGTYPE: 'Digest type must be a positive integer',
    INVALID_KEYTAG: 'Keytag must be a positive integer',
    INVALID_DOMAIN: '{reason}',
    TOO_DEEP: 'Value nested too deeply.',
    INVALID_VALUE: 'Invalid value.',
    AMBIGUOUS_DOWNCASING:
      'The character "{unicode_name}" has no unambiguous lower case form; write the domain name in lower case.',
    DOMAIN_NAME_TOO_LONG: 'The domain name is longer than {limit} characters (not counting a final dot).',
    EMPTY_DOMAIN_NAME: 'The domain name is empty.',
    INITIAL_DOT: 'The domain name begins with a dot.',
    INVALID_ASCII: 'The ASCII label "{label}" contains a character that is not permitted.',
    INVALID_U_LABEL: 'The non-ASCII label "{label}" is not a valid U-label.',
    LABEL_TOO_LONG: 'The label "{label}" is longer than {limit} characters.',
    REPEATED_DOTS: 'The domain name contains two or more dots in a row.',
  };

  it('has every message in en.po with the English wire text', () => {
    const parsed = po.parse(readFileSync(join(DEFAULT_LOCALE_DIR, 'en.po')));
    const texts = Object.fromEntries(
      Object.entries(parsed.translations[RPCAPI_CONTEXT] ?? {}).map(([id, t]) => [id, t.msgstr[0]]),
    );
    expect(texts).toEqual(WIRE_TEXTS);
  });

  it('renders through the translator, arguments as given', () => {
    expect(render('NOT_ENOUGH_ITEMS', { actual: 0, limit: 1 })).toBe('Not enough items: 0/1.');
    expect(render('PROPERTIES_NOT_ALLOWED', { names: 'a;b' }, 'en')).toBe('Properties not allowed: a;b.');
    expect(render('INVALID_DOMAIN', { reason: 'The domain name is empty.' }, 'xx')).toBe(
      'The domain name is empty.',
    );
  });
});

describe('languages and fallback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zm-locale-'));
  writeFileSync(join(dir, 'en.po'), readFileSync(join(DEFAULT_LOCALE_DIR, 'en.po')));
  writeFileSync(
    join(dir, 'fr.po'),
    [
      'msgid ""',
      'msgstr ""',
      '"Content-Type: text/plain; charset=UTF-8\\n"',
      '',
      'msgctxt "BASIC"',
      'msgid "B02_NS_BROKEN"',
      'msgstr "Le serveur {ns} est cassé."',
      '',
      'msgctxt "BASIC"',
      'msgid "B02_NS_NOT_AUTH"',
      'msgstr ""',
      '',
      'msgctxt "TESTCASE"',
      'msgid "basic01"',
      'msgstr "Zone parente"',
      '',
      'msgctxt "RPCAPI"',
      'msgid "MISSING_PROPERTY"',
      'msgstr "Propriété manquante"',
      '',
    ].join('\n'),
  );
  const local = new Translator(dir);

  it('lists the languages of the directory', () => {
    expect(local.languages()).toEqual(['en', 'fr']);
  });

  it('finds a language by code or by locale', () => {
    const entry = { module: 'BASIC', tag: 'B02_NS_BROKEN', args: { ns: 'ns1' } };
    expect(local.translate(entry, 'fr')).toBe('Le serveur ns1 est cassé.');
    expect(local.translate(entry, 'fr_FR')).toBe('Le serveur ns1 est cassé.');
    expect(local.translate(entry, 'fr-FR')).toBe('Le serveur ns1 est cassé.');
    expect(local.translate(entry, 'fr_FR.UTF-8')).toBe('Le serveur ns1 est cassé.');
    expect(local.resolveLanguage('sv_SE')).toBeUndefined();
    expect(local.testcaseDescription('basic01', 'fr')).toBe('Zone parente');
    const render = messageRenderer(local);
    expect(render('MISSING_PROPERTY', {}, 'fr')).toBe('Propriété manquante');
    expect(render('INVALID_IP', {}, 'fr')).toBe('Invalid IP address');
  });

  it('falls back to English for a missing or empty translation and an unknown language', () => {
    const english = local.translate({ module: 'BASIC', tag: 'B02_NS_NOT_AUTH', args: { ns: 'ns1' } }, 'en');
    expect(local.translate({ module: 'BASIC', tag: 'B02_NS_NOT_AUTH', args: { ns: 'ns1' } }, 'fr')).toBe(
      english,
    );
    expect(local.translate({ module: 'BASIC', tag: 'B02_NS_BROKEN', args: { ns: 'ns1' } }, 'sv')).toBe(
      translator.translate({ module: 'BASIC', tag: 'B02_NS_BROKEN', args: { ns: 'ns1' } }, 'en'),
    );
    expect(local.testcaseDescription('zone01', 'fr')).toBe(translator.testcaseDescription('zone01'));
  });

  it('falls back to the generic rendering without any catalogue', () => {
    const empty = new Translator(join(dir, 'missing'));
    expect(empty.languages()).toEqual([]);
    expect(empty.translate({ module: 'BASIC', tag: 'B02_NS_BROKEN', args: { ns: 'ns1' } }, 'en')).toBe(
      'B02_NS_BROKEN ns=ns1',
    );
    expect(empty.testcaseDescription('basic01')).toBe('basic01');
  });
});
