/**
 * The profile's address families (net.ipv4, net.ipv6) as the test cases report them: a server of a disabled
 * family is not queried, and the test case says so with IPV4_DISABLED / IPV6_DISABLED, once per query type it
 * would have sent.
 */
import { familyOf, nsString } from '../dns/name.js';
import type { TestContext } from './test-case.js';

export const DISABLED_TAGS = {
  IPV4_DISABLED: 'ns rrtype',
  IPV6_DISABLED: 'ns rrtype',
} as const;

/** Basic02 and Basic03 also report the family used for each query. */
export const TRANSPORT_TAGS = {
  ...DISABLED_TAGS,
  IPV4_ENABLED: 'ns rrtype',
  IPV6_ENABLED: 'ns rrtype',
} as const;

interface Server {
  name: string;
  address: string;
}

/** true when queries may go to `server`; otherwise false after one IPVx_DISABLED per query type. */
export function canQuery(
  ctx: TestContext<typeof DISABLED_TAGS>,
  server: Server,
  ...rrtypes: string[]
): boolean {
  if (ctx.zone.canSendTo(server.address)) return true;
  const tag = familyOf(server.address) === 4 ? 'IPV4_DISABLED' : 'IPV6_DISABLED';
  for (const rrtype of rrtypes) ctx.emit(tag, { ns: nsString(server.name, server.address), rrtype });
  return false;
}

/**
 * The servers to query for `rrtypes`, in turn and each once ("name/address"): one of a disabled address family
 * is left out when its turn comes, after canQuery's IPVx_DISABLED messages.
 */
export function* queryable<S extends Server>(
  ctx: TestContext<typeof DISABLED_TAGS>,
  servers: Iterable<S>,
  ...rrtypes: string[]
): Generator<S> {
  const seen = new Set<string>();
  for (const server of servers) {
    if (!canQuery(ctx, server, ...rrtypes)) continue;
    const key = `${server.name}/${server.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    yield server;
  }
}

/**
 * `check` on each server `queryable` gives for `rrtype`, in turn: the servers checked, and how many of them
 * `check` found at fault (returned false). An "all is well" message wants some servers checked and no fault.
 */
export async function checkEach<S extends Server>(
  ctx: TestContext<typeof DISABLED_TAGS>,
  servers: Iterable<S>,
  rrtype: string,
  check: (server: S) => Promise<boolean>,
): Promise<{ checked: S[]; faults: number }> {
  const checked: S[] = [];
  let faults = 0;
  for (const server of queryable(ctx, servers, rrtype)) {
    checked.push(server);
    if (!(await check(server))) faults++;
  }
  return { checked, faults };
}

/** As canQuery, and IPV4_ENABLED / IPV6_ENABLED before a query that is sent. */
export function reportTransport(
  ctx: TestContext<typeof TRANSPORT_TAGS>,
  server: Server,
  rrtype: string,
): boolean {
  const allowed = ctx.zone.canSendTo(server.address);
  const family = familyOf(server.address) === 4 ? 'IPV4' : 'IPV6';
  ctx.emit(allowed ? `${family}_ENABLED` : `${family}_DISABLED`, {
    ns: nsString(server.name, server.address),
    rrtype,
  });
  return allowed;
}
