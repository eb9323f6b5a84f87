/**
 * Per-test DNS state: options, the per-address packet cache, known name servers, fake delegations and DS,
 * blacklisting, hooks. Two contexts never see each other's state.
 */
import type { Nameserver, Packet, QueryFlags, QueryResult } from './types.js';
import { canonicalAddress } from './address.js';
import { normalizeName } from './codec.js';
import type { FakeDelegation, FakeDs, FakeDsEntry, FakeNameserver } from './fake.js';
import type { PolitenessLimiter } from './politeness.js';
import type { SharedScope } from './shared-scope.js';

export interface ResolverDefaults {
  /** sends per UDP query (profile resolver.defaults.retry) */
  retry: number;
  /** seconds between sends (resolver.defaults.retrans) */
  retrans: number;
  /** seconds to wait for each answer (resolver.defaults.timeout) */
  timeout: number;
  /** re-send over TCP when a UDP answer is truncated (resolver.defaults.fallback) */
  fallback: boolean;
}

export const DEFAULT_RESOLVER: ResolverDefaults = { retry: 2, retrans: 3, timeout: 5, fallback: true };

/** SYSTEM-level debug events, tagged as in the reference engine. */
export type QueryEventTag =
  | 'EXTERNAL_QUERY'
  | 'EXTERNAL_RESPONSE'
  | 'CACHED_RETURN'
  | 'FAKE_DS_RETURNED'
  | 'FAKE_DELEGATION_RETURNED'
  | 'IS_BLACKLISTED'
  | 'BLACKLISTING'
  | 'IPV4_BLOCKED'
  | 'IPV6_BLOCKED'
  | 'NO_NETWORK_MISS'
  | 'PACKET_BIG';

export interface QueryEvent {
  tag: QueryEventTag;
  /** "name/address" of the server */
  ns: string;
  address: string;
  name: string;
  type: string;
  flags: QueryFlags;
  /** for EXTERNAL_RESPONSE: what came back (undefined = no response) */
  result?: QueryResult;
  /** for EXTERNAL_RESPONSE / PACKET_BIG: size in bytes */
  size?: number;
}

export interface DnsContextOptions {
  resolver?: Partial<ResolverDefaults>;
  /** profile net.ipv4 / net.ipv6 (default true) */
  ipv4?: boolean;
  ipv6?: boolean;
  /** profile resolver.source4 / resolver.source6 ("" = OS default) */
  source4?: string;
  source6?: string;
  /** port for every query instead of 53 (tests only) */
  port?: number;
  /** answer only from the cache / replay data and fake data; anything else gives undefined */
  noNetwork?: boolean;
  signal?: AbortSignal;
  onQuery?: (event: QueryEvent) => void;
  /** the events onQuery is called for (default: every event) */
  onQueryTags?: readonly QueryEventTag[];
  /** awaited before each query that goes to the network (the run's reachability check) */
  beforeNetwork?: () => Promise<void>;
  /** names asked with the letter case the user gave them (lower-case name → spelling): the zone under test */
  spellings?: Map<string, string>;
  /** answers shared with the other runs of the process (shared-scope.ts); absent: this run's cache only */
  shared?: SharedScope;
  /** per-server query ceiling shared with the other runs of the process (politeness.ts) */
  politeness?: PolitenessLimiter;
}

/** One cached answer. `result` null = the query was sent and nothing came back. */
export interface CacheEntry {
  result: Packet | import('./types.js').BrokenResponse | null;
  /** epoch seconds when the answer arrived (or was recorded) */
  timestamp: number;
}

export type Transport = 'udp' | 'tcp';

export interface DnsContext {
  readonly resolver: ResolverDefaults;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly source4: string;
  readonly source6: string;
  readonly port: number;
  readonly noNetwork: boolean;
  readonly signal: AbortSignal | undefined;
  readonly onQuery: ((event: QueryEvent) => void) | undefined;
  /** the events onQuery is called for; undefined: every event */
  readonly onQueryTags: ReadonlySet<QueryEventTag> | undefined;
  readonly beforeNetwork: (() => Promise<void>) | undefined;
  readonly spellings: Map<string, string>;
  readonly shared: SharedScope | undefined;
  readonly politeness: PolitenessLimiter | undefined;
  /** canonical address → cache key → entry */
  readonly cache: Map<string, Map<string, CacheEntry>>;
  /** every server created in this context, keyed "name/address" (the lines of a recording) */
  readonly nameservers: Map<string, Nameserver>;
  /** the same servers by name and address as callers spell them: the lookup of every query's server */
  readonly nameserversBySpelling: Map<string, Map<string, Nameserver>>;
  readonly fakeDelegations: Map<string, FakeDelegation>;
  readonly fakeDs: Map<string, FakeDsEntry>;
  /** "address/udp" or "address/tcp" */
  readonly blacklist: Set<string>;
  /** Fake delegation of `zone` to `nameservers`; answered by `parents` (addresses) or, when not given, by every
   * server that is not one of the delegated ones. */
  addFakeDelegation(zone: string, nameservers: FakeNameserver[], parents?: string[]): void;
  /** Fake DS for `zone`, answered by `parents` or by every server not in a fake delegation of the zone. */
  addFakeDs(zone: string, ds: FakeDs[], parents?: string[]): void;
  /** Cache of one address (created on demand). */
  cacheFor(address: string): Map<string, CacheEntry>;
  isBlacklisted(address: string, transport: Transport): boolean;
  /** true when the profile switches off the address's IP family */
  isBlocked(address: string): boolean;
}

function toIps(ip: string | string[] | undefined): string[] {
  if (ip === undefined || ip === '') return [];
  return (Array.isArray(ip) ? ip : [ip]).map(canonicalAddress);
}

export function createDnsContext(opts: DnsContextOptions = {}): DnsContext {
  const cache = new Map<string, Map<string, CacheEntry>>();
  const fakeDelegations = new Map<string, FakeDelegation>();
  const fakeDs = new Map<string, FakeDsEntry>();
  const blacklist = new Set<string>();
  const ipv4 = opts.ipv4 ?? true;
  const ipv6 = opts.ipv6 ?? true;
  return {
    resolver: { ...DEFAULT_RESOLVER, ...opts.resolver },
    ipv4,
    ipv6,
    source4: opts.source4 ?? '',
    source6: opts.source6 ?? '',
    port: opts.port ?? 53,
    noNetwork: opts.noNetwork ?? false,
    signal: opts.signal,
    onQuery: opts.onQuery,
    onQueryTags: opts.onQueryTags ? new Set(opts.onQueryTags) : undefined,
    beforeNetwork: opts.beforeNetwork,
    spellings: opts.spellings ?? new Map(),
    shared: opts.noNetwork ? undefined : opts.shared,
    politeness: opts.politeness,
    cache,
    nameservers: new Map(),
    nameserversBySpelling: new Map(),
    fakeDelegations,
    fakeDs,
    blacklist,
    addFakeDelegation(zone, nameservers, parents) {
      const z = normalizeName(zone);
      fakeDelegations.set(z, {
        zone: z,
        nameservers: nameservers.map((n) => ({ name: normalizeName(n.name), ips: toIps(n.ip) })),
        ...(parents ? { parents: new Set(parents.map(canonicalAddress)) } : {}),
      });
    },
    addFakeDs(zone, ds, parents) {
      const z = normalizeName(zone);
      fakeDs.set(z, { zone: z, ds, ...(parents ? { parents: new Set(parents.map(canonicalAddress)) } : {}) });
    },
    cacheFor(address) {
      const a = canonicalAddress(address);
      let c = cache.get(a);
      if (!c) cache.set(a, (c = new Map()));
      return c;
    },
    isBlacklisted(address, transport) {
      return blacklist.has(`${canonicalAddress(address)}/${transport}`);
    },
    isBlocked(address) {
      return address.includes(':') ? !ipv6 : !ipv4;
    },
  };
}
