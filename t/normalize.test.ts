import { describe, expect, it } from 'vitest';
import { normalizeName } from '../src/engine/normalize.js';

function errorOf(input: string) {
  const result = normalizeName(input);
  if (result.ok) throw new Error(`"${input}" was accepted as ${result.name}`);
  return result.error;
}

function nameOf(input: string): string {
  const result = normalizeName(input);
  if (!result.ok) throw new Error(`"${input}" was rejected with ${result.error.tag}`);
  return result.name;
}

describe('normalizeName: accepted names', () => {
  const cases: Array<[string, string, string]> = [
    ['plain name', 'example.com', 'example.com'],
    ['upper case ASCII is lowered', 'ExAmPlE.COM', 'example.com'],
    ['final dot removed', 'example.com.', 'example.com'],
    ['root zone', '.', '.'],
    ['root zone with white space', ' . ', '.'],
    ['underscore and solidus allowed', '_Tcp.0/26.2.0.192.IN-ADDR.ARPA', '_tcp.0/26.2.0.192.in-addr.arpa'],
    ['leading and trailing white space trimmed', ' \t\u00A0example.com\u3000\u2003', 'example.com'],
    [
      'every white space of the table',
      '\u2000\u2001\u2002\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u205F\u1680x.example\u1680',
      'x.example',
    ],
    ['ideographic full stop U+3002', 'example\u3002com', 'example.com'],
    ['fullwidth full stop U+FF0E', 'example\uFF0Ecom\uFF0E', 'example.com'],
    ['halfwidth ideographic full stop U+FF61', 'example\uFF61com', 'example.com'],
    ['U-label to A-label', 'café.example', 'xn--caf-dma.example'],
    ['upper case U-label is lowered first', 'CAFÉ.EXAMPLE', 'xn--caf-dma.example'],
    ['decomposed form is normalized to NFC', 'cafe\u0301.example', 'xn--caf-dma.example'],
    ['IDNA2008 keeps sharp s (nontransitional)', 'straße.example', 'xn--strae-oqa.example'],
    ['right-to-left label', 'פעילות.example', 'xn--9dbhjwj4b.example'],
    ['A-label kept (lowered)', 'XN--CAF-DMA.example', 'xn--caf-dma.example'],
    ['double hyphen in ASCII label left to Syntax03', 'ab--cd.example', 'ab--cd.example'],
    ['label of 63 characters', `${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
    [
      'name of 253 characters',
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
      `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(nameOf(input)).toBe(expected);
  });
});

describe('normalizeName: every error tag of the specification', () => {
  it('EMPTY_DOMAIN_NAME for an empty or white space only name', () => {
    expect(errorOf('').tag).toBe('EMPTY_DOMAIN_NAME');
    expect(errorOf(' \t\u3000').tag).toBe('EMPTY_DOMAIN_NAME');
    expect(errorOf('').args).toEqual({});
  });

  it('AMBIGUOUS_DOWNCASING for LATIN CAPITAL LETTER I WITH DOT ABOVE', () => {
    const error = errorOf('\u0130stanbul.example');
    expect(error.tag).toBe('AMBIGUOUS_DOWNCASING');
    expect(error.args).toEqual({ unicode_name: 'LATIN CAPITAL LETTER I WITH DOT ABOVE' });
    expect(error.message).toContain('LATIN CAPITAL LETTER I WITH DOT ABOVE');
    // Plain capital I is lowered to i, never to a dotless i.
    expect(nameOf('ISTANBUL.example')).toBe('istanbul.example');
  });

  it('INITIAL_DOT for a leading dot, also an alternative one', () => {
    expect(errorOf('.example.com').tag).toBe('INITIAL_DOT');
    expect(errorOf('\u3002example.com').tag).toBe('INITIAL_DOT');
  });

  it('REPEATED_DOTS for consecutive dots, also mixed with alternative full stops', () => {
    expect(errorOf('example..com').tag).toBe('REPEATED_DOTS');
    expect(errorOf('example.\uFF0Ecom').tag).toBe('REPEATED_DOTS');
    expect(errorOf('example.com..').tag).toBe('REPEATED_DOTS');
    expect(errorOf('..').tag).toBe('INITIAL_DOT');
  });

  it('INVALID_ASCII names the label with the forbidden character', () => {
    const error = errorOf('exa mple.com');
    expect(error.tag).toBe('INVALID_ASCII');
    expect(error.args).toEqual({ label: 'exa mple' });
    expect(error.message).toContain('exa mple');
    expect(errorOf('ex@mple.com').args).toEqual({ label: 'ex@mple' });
    expect(errorOf('example.com\t.').tag).toBe('INVALID_ASCII');
  });

  it('INVALID_U_LABEL for non-ASCII labels that are not IDNA2008 U-labels', () => {
    for (const label of ['☃', 'ﬁx', 'é-', '-é', 'a\u200Db', 'ab\u00ADc', 'ex\u00A0ample']) {
      const error = errorOf(`${label}.example`);
      expect(error.tag, label).toBe('INVALID_U_LABEL');
      expect(error.args, label).toEqual({ label });
    }
  });

  it('LABEL_TOO_LONG after conversion to A-label', () => {
    const long = 'a'.repeat(64);
    const error = errorOf(`${long}.example`);
    expect(error.tag).toBe('LABEL_TOO_LONG');
    expect(error.args).toEqual({ label: long, limit: '63' });
    // 60 characters as a U-label become more than 63 as an A-label.
    expect(errorOf(`${'é'.repeat(60)}.example`).tag).toBe('LABEL_TOO_LONG');
  });

  it('DOMAIN_NAME_TOO_LONG above 253 characters without the final dot', () => {
    const name254 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`;
    expect(name254).toHaveLength(254);
    expect(errorOf(name254).tag).toBe('DOMAIN_NAME_TOO_LONG');
    expect(errorOf(name254).args).toEqual({ limit: '253' });
    const name253 = name254.slice(1);
    expect(nameOf(`${name253}.`)).toBe(name253);
  });

  it('gives every error a message', () => {
    for (const input of ['', '.a', 'a..b', 'a b', '☃', 'a'.repeat(64), `${'a.'.repeat(127)}a`, '\u0130']) {
      expect(errorOf(input).message.length).toBeGreaterThan(10);
    }
  });
});
