/**
 * The client address of a request. X-Forwarded-For is believed only when the connection comes from an address
 * listed in [RPCAPI] trusted_proxies; then the right-most address not itself a trusted proxy is the client.
 */
import { BlockList, isIP } from 'node:net';

export type TrustCheck = (address: string) => boolean;

export function trustChecker(trustedProxies: readonly string[]): TrustCheck {
  if (trustedProxies.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of trustedProxies) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(prefix), family);
  }
  return (address) => {
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustCheck,
): string | undefined {
  if (socketAddress === undefined) return undefined;
  if (!forwardedFor || !trusted(socketAddress)) return socketAddress;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(unmapIpv4(hop)) === 0) return socketAddress;
    if (!trusted(hop)) return hop;
  }
  return hops[0] ?? socketAddress;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Administrative methods: only from loopback. An unknown address is not loopback: a client that resets its
 * connection right after sending leaves its socket without a remote address.
 */
export function isAdministrativeClient(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.has(address);
}

function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
