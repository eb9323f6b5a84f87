/** IP address spelling. */
import net from 'node:net';

export function addressFamily(address: string): 4 | 6 {
  return net.isIPv6(address) ? 6 : 4;
}

/** The eight hex groups of an IPv6 address written with hex groups only ("::" expanded). */
export function ipv6Groups(text: string): string[] {
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  return tail === undefined
    ? headGroups
    : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
}

/** Compressed lower-case form of an IP address for comparisons ("::ffff:1.2.3.4" and expanded IPv6 folded). */
export function canonicalAddress(address: string): string {
  if (net.isIPv4(address)) return address;
  if (address.toLowerCase().startsWith('::ffff:') && net.isIPv4(address.slice(7))) return address.slice(7);
  if (!net.isIPv6(address)) return address;
  const numbers = ipv6Groups(address.toLowerCase()).map((g) => parseInt(g, 16).toString(16));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (numbers[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && numbers[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return numbers.join(':');
  return `${numbers.slice(0, bestStart).join(':')}::${numbers.slice(bestStart + bestLen).join(':')}`;
}
