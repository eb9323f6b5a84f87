/**
 * A/AAAA rdata spelled straight from the message bytes, as address.ts's addressFromBytes spells it (dotted quad;
 * RFC 5952 for IPv6: lower-case hex groups without leading zeros, the leftmost longest run of two or more zero
 * groups as "::"), without building an address object per record.
 */
export function ipv4Text(buf: Uint8Array, o: number): string {
  return `${buf[o]}.${buf[o + 1]}.${buf[o + 2]}.${buf[o + 3]}`;
}

export function ipv6Text(buf: Uint8Array, o: number): string {
  let runStart = -1;
  let runLength = 0;
  for (let group = 0; group < 8;) {
    if (buf[o + 2 * group] !== 0 || buf[o + 2 * group + 1] !== 0) {
      group++;
      continue;
    }
    let end = group + 1;
    while (end < 8 && buf[o + 2 * end] === 0 && buf[o + 2 * end + 1] === 0) end++;
    if (end - group >= 2 && end - group > runLength) {
      runStart = group;
      runLength = end - group;
    }
    group = end;
  }
  let text = '';
  for (let group = 0; group < 8; group++) {
    if (group === runStart) {
      text += '::';
      group += runLength - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += ((buf[o + 2 * group]! << 8) | buf[o + 2 * group + 1]!).toString(16);
  }
  return text;
}
