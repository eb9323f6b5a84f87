/** IP address parsing and spelling (src/engine/dns/address.ts) and the lookups built on it. */
import { describe, expect, it } from 'vitest';
import { prefixCovers, reversedLabels } from '../src/engine/asn.js';
import { addressFromBytes, canonicalAddress, parseAddress, parseBlock } from '../src/engine/dns/address.js';
import { findSpecialBlock, reverseName } from '../src/engine/special-addresses.js';

describe('canonicalAddress', () => {
  it.each([
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['192.0.2.1', '192.0.2.1'],
    ['ns1.example', 'ns1.example'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalAddress(input)).toBe(expected);
  });
});

describe('parseAddress and parseBlock', () => {
  it.each(['127.1', '0x7f.0.0.1', '1.2.3', '', 'fe80::1::2', '192.0.2.256'])(
    '%s is not an address',
    (text) => {
      expect(parseAddress(text)).toBeUndefined();
    },
  );

  it.each([
    ['192.0.2.0/24', 24],
    ['2001:db8::/32', 32],
    ['192.0.2.7', 32],
    ['64:ff9b::192.0.2.1', 128],
  ])('%s is a block of length %i', (text, length) => {
    expect(parseBlock(text)?.[1]).toBe(length);
  });

  it.each(['192.0.2.0/33', '2001:db8::/129', '192.0.2.0/24/1', '192.0.2.0/x'])(
    '%s is not a block',
    (text) => {
      expect(parseBlock(text)).toBeUndefined();
    },
  );

  it('covers within one family only', () => {
    expect(prefixCovers('64:ff9b::/96', '64:ff9b::192.0.2.1')).toBe(true);
    expect(prefixCovers('0.0.0.0/0', '::1')).toBe(false);
  });
});

describe('addressFromBytes', () => {
  it('spells AAAA rdata in RFC 5952 form', () => {
    const bytes = Uint8Array.from([0, 0x64, 0xff, 0x9b, ...Array<number>(8).fill(0), 192, 0, 2, 1]);
    expect(addressFromBytes(bytes)).toBe('64:ff9b::c000:201');
    expect(addressFromBytes(Uint8Array.from([192, 0, 2, 1]))).toBe('192.0.2.1');
  });
});

describe('reverse names and special blocks of embedded IPv4', () => {
  it('maps 64:ff9b::192.0.2.1 through its last 32 bits', () => {
    expect(reverseName('64:ff9b::192.0.2.1')).toBe(
      `1.0.2.0.0.0.0.c.${'0.'.repeat(16)}b.9.f.f.4.6.0.0.ip6.arpa`,
    );
    expect(reversedLabels('64:ff9b::192.0.2.1')?.family).toBe(6);
    expect(findSpecialBlock('64:ff9b::192.0.2.1')?.prefix).toBe('64:ff9b::/96');
  });
});
