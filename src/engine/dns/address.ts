/** IP address parsing and spelling, through ipaddr.js (one library for every address the project handles). */
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export function addressFamily(address: string): 4 | 6 {
  // Without a colon it is no IPv6 address, and node:net's check is a long regular expression.
  return address.includes(':') && net.isIPv6(address) ? 6 : 4;
}

/**
 * The address `text` spells, or undefined. Only the usual notations count (dotted quad, RFC 4291 text):
 * ipaddr.js alone would also read "127.1" or "0x7f.0.0.1" as IPv4.
 */
export function parseAddress(text: string): IpAddress | undefined {
  return net.isIP(text) === 0 ? undefined : ipaddr.parse(text);
}

/** A CIDR block "address/length" (a bare address is its own /32 or /128), or undefined. */
export function parseBlock(text: string): [IpAddress, number] | undefined {
  const [base = '', length, extra] = text.trim().split('/');
  const address = parseAddress(base);
  if (!address || extra !== undefined) return undefined;
  const width = address.kind() === 'ipv4' ? 32 : 128;
  if (length === undefined) return [address, width];
  if (!/^\d{1,3}$/.test(length) || Number(length) > width) return undefined;
  return [address, Number(length)];
}

/** Whether `block` covers `address` (false when the families differ). */
export function blockCovers(block: [IpAddress, number], address: IpAddress): boolean {
  return block[0].kind() === address.kind() && address.match(block);
}

/** Every query asks for its server's canonical address several times; the servers of a process are few. */
const CANONICAL_SPELLINGS_MAX = 4096;
const canonicalSpellings = new Map<string, string>();

/**
 * Compressed lower-case form of an IP address for comparisons (RFC 5952; "::ffff:1.2.3.4" folded to
 * "1.2.3.4"); anything else comes back unchanged.
 */
export function canonicalAddress(address: string): string {
  let canonical = canonicalSpellings.get(address);
  if (canonical === undefined) {
    canonical = net.isIP(address) === 0 ? address : ipaddr.process(address).toString();
    if (canonicalSpellings.size >= CANONICAL_SPELLINGS_MAX) canonicalSpellings.clear();
    canonicalSpellings.set(address, canonical);
  }
  return canonical;
}

/** IPv6 with every group written out in four digits (IPv4 unchanged), so addresses sort as text. */
export function fixedLengthAddress(address: string): string {
  if (!net.isIPv6(address)) return address;
  return ipaddr.IPv6.parse(address)
    .parts.map((part) => part.toString(16).padStart(4, '0'))
    .join(':');
}

/** The address held in the 4 or 16 bytes of A/AAAA rdata, spelled canonically. */
export function addressFromBytes(bytes: Uint8Array): string {
  return ipaddr.fromByteArray([...bytes]).toString();
}

/** The reverse-mapping labels without the arpa suffix: "4.3.2.1" or the 32 nibbles of an IPv6 address. */
export function reversedLabels(address: IpAddress): string {
  const bytes = address.toByteArray();
  if (address.kind() === 'ipv4') return bytes.reverse().join('.');
  return bytes
    .flatMap((byte) => [byte >> 4, byte & 0x0f])
    .reverse()
    .map((nibble) => nibble.toString(16))
    .join('.');
}

/**
 * The 4 or 16 bytes of an IP address (A/AAAA rdata); throws on text that is not an address. A dotted quad that
 * node:net accepts is split as it stands (ipaddr.js's general parser costs more than a whole A record).
 */
export function addressToBytes(text: string): Uint8Array {
  if (net.isIPv4(text)) {
    const [a, b, c, d] = text.split('.');
    return Uint8Array.of(Number(a), Number(b), Number(c), Number(d));
  }
  const address = parseAddress(text);
  if (!address) throw new Error(`not an IP address: ${text}`);
  return Uint8Array.from(address.toByteArray());
}
