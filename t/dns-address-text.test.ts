import { describe, expect, it } from 'vitest';
import { ipv4Text, ipv6Text } from '../src/engine/dns/address-text.js';
import { addressFromBytes } from '../src/engine/dns/address.js';

describe('A/AAAA rdata spelled from the message bytes', () => {
  it('spells IPv6 as addressFromBytes does, for every pattern of zero groups', () => {
    const values = [1, 0x10, 0xff, 0x100, 0xabcd, 0x0a0b, 0xffff];
    for (let zeros = 0; zeros < 256; zeros++) {
      const bytes = new Uint8Array(18); // the address at offset 2, as inside a message
      for (let group = 0; group < 8; group++) {
        const value = (zeros >> group) & 1 ? 0 : values[(zeros + group) % values.length]!;
        bytes[2 + 2 * group] = value >> 8;
        bytes[3 + 2 * group] = value & 0xff;
      }
      expect(ipv6Text(bytes, 2)).toBe(addressFromBytes(bytes.subarray(2)));
    }
    expect(ipv6Text(Uint8Array.from([0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]), 0)).toBe(
      '2001:db8::1:0:0:1',
    );
  });

  it('spells IPv4 as a dotted quad', () => {
    expect(ipv4Text(Uint8Array.from([9, 192, 0, 2, 255]), 1)).toBe('192.0.2.255');
  });
});
