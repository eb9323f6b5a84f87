/**
 * Which hosts a webhook may reach. An API user chooses the URL, and the agent that posts to it sits inside the
 * operator's network: without a rule, a schedule would be a way to send requests to the database server, a cloud
 * metadata service or anything else only the agent can reach. The rule, `[MONITORING] allowed_webhook_hosts`:
 * - an address inside a listed address or CIDR block is allowed;
 * - a host name that is listed is allowed, whatever it resolves to (the operator vouches for it);
 * - otherwise the address must be public (global unicast: not loopback, private, link-local, CGNAT, unique
 *   local, multicast, documentation, ...), and, once any host name is listed, the name must be listed.
 * Every address a name resolves to must pass, and the check is made on the addresses the connection then uses,
 * so a name re-pointed to an internal address after schedule_create (DNS rebinding) is refused.
 */
import ipaddr from 'ipaddr.js';
import { blockCovers, parseAddress, parseBlock, type IpAddress } from '../engine/dns/address.js';

export interface TargetPolicy {
  /** Whether a URL host (name or address literal) may be used, before any resolution. */
  hostAllowed(host: string): boolean;
  /** Whether `host` may be reached at `address` (one of its resolved addresses). */
  addressAllowed(host: string, address: string): boolean;
}

const normalizeName = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** The URL's host as the resolver wants it: IPv6 literals without brackets. */
export function urlHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export function targetPolicy(entries: readonly string[]): TargetPolicy {
  const blocks: Array<[IpAddress, number]> = [];
  const names = new Set<string>();
  for (const entry of entries) {
    const block = parseBlock(entry);
    if (block) blocks.push(block);
    else names.add(normalizeName(entry));
  }
  const inBlock = (address: IpAddress) => blocks.some((b) => blockCovers(b, address));

  const addressAllowed = (host: string, text: string): boolean => {
    const parsed = parseAddress(text);
    if (!parsed) return false;
    // ::ffff:10.0.0.1 is 10.0.0.1
    const address = ipaddr.process(parsed.toString());
    if (inBlock(address) || inBlock(parsed)) return true;
    const name = normalizeName(host);
    if (parseAddress(host) === undefined && names.has(name)) return true;
    return isPublic(address) && (names.size === 0 || names.has(name));
  };

  return {
    addressAllowed,
    hostAllowed(host) {
      if (parseAddress(host)) return addressAllowed(host, host);
      const name = normalizeName(host);
      if (names.has(name)) return true;
      if (name === 'localhost' || name.endsWith('.localhost')) return false;
      // A name not listed can only reach public addresses, or listed blocks; checked when it is resolved.
      return names.size === 0 || blocks.length > 0;
    },
  };
}

/** Global unicast: what ipaddr.js calls "unicast" (every special-purpose range has its own name there). */
export function isPublic(address: IpAddress): boolean {
  return address.range() === 'unicast';
}
