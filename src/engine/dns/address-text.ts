/**
 * A/AAAA rdata spelled straight from the message bytes, as address.ts's addressFromBytes spells it (dotted quad;
 * RFC 5952 for IPv6: lower-case hex groups without leading zeros, the leftmost longest run of two or more zero
 * groups as "::"), without building an address object per record.
 */
const DECIMAL = Array.from({ length: 256 }, (_, byte) => String(byte));
const DECIMAL_DOT = DECIMAL.map((decimal) => `${decimal}.`);

export function ipv4Text(buf: Uint8Array, o: number): string {
  return (
    DECIMAL_DOT[buf[o]!]! + DECIMAL_DOT[buf[o + 1]!]! + DECIMAL_DOT[buf[o + 2]!]! + DECIMAL[buf[o + 3]!]!
  );
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16));
const HEX_TWO_DIGITS = HEX.map((hex) => hex.padStart(2, '0'));

function group(buf: Uint8Array, at: number): string {
  const high = buf[at]!;
  return high === 0 ? HEX[buf[at + 1]!]! : HEX[high]! + HEX_TWO_DIGITS[buf[at + 1]!]!;
}

export function ipv6Text(buf: Uint8Array, o: number): string {
  let runStart = -1;
  let runLength = 0;
  for (let g = 0; g < 8;) {
    if (buf[o + 2 * g] !== 0 || buf[o + 2 * g + 1] !== 0) {
      g++;
      continue;
    }
    let end = g + 1;
    while (end < 8 && buf[o + 2 * end] === 0 && buf[o + 2 * end + 1] === 0) end++;
    if (end - g >= 2 && end - g > runLength) {
      runStart = g;
      runLength = end - g;
    }
    g = end;
  }
  let text = '';
  for (let g = 0; g < 8; g++) {
    if (g === runStart) {
      text += '::';
      g += runLength - 1;
    } else {
      text += g === 0 || g === runStart + runLength ? group(buf, o + 2 * g) : `:${group(buf, o + 2 * g)}`;
    }
  }
  return text;
}
