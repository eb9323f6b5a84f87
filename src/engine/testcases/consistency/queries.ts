/** The queries Consistency01-04 and 06 share: every name server of Method 4 and Method 5, and their SOA records. */
import { nsString } from '../../dns/name.js';
import { isPacket, type Packet } from '../../dns/types.js';
import { method4and5 } from '../../methods/v1.js';
import type { ServerAddress } from '../../recursor.js';
import type { TestContext } from '../test-case.js';
import { canQuery, DISABLED_TAGS } from '../transport.js';

/** The tags eachResponse emits. */
export const RESPONSE_TAGS = { NO_RESPONSE: 'ns', ...DISABLED_TAGS } as const;

/** The tags collectSoa emits. */
export const SOA_TAGS = { ...RESPONSE_TAGS, NO_RESPONSE_SOA_QUERY: 'ns' } as const;

/**
 * Method4 + Method5 name server (name, address) pairs, each once. Servers of a disabled address family are
 * reported (IPV4_DISABLED / IPV6_DISABLED, "ignore the evaluation ... log a message") and left out.
 */
export async function queryableServers(
  ctx: TestContext<typeof DISABLED_TAGS>,
  rrtype: string,
): Promise<ServerAddress[]> {
  const unique = new Map<string, ServerAddress>();
  for (const s of await method4and5(ctx)) unique.set(nsString(s.name, s.address), s);
  return [...unique.values()].filter((server) => canQuery(ctx, server, rrtype));
}

/**
 * Sends the query for the apex `rrtype` to every server in turn: NO_RESPONSE for no response, `use` on the
 * response of the server ("name/address") otherwise. False when the run was aborted before every server was
 * asked.
 */
export async function eachResponse(
  ctx: TestContext<typeof RESPONSE_TAGS>,
  rrtype: string,
  use: (ns: string, p: Packet) => void,
): Promise<boolean> {
  for (const server of await queryableServers(ctx, rrtype)) {
    if (ctx.signal.aborted) return false;
    const ns = nsString(server.name, server.address);
    const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, rrtype);
    if (isPacket(p)) use(ns, p);
    else ctx.emit('NO_RESPONSE', { ns });
  }
  return true;
}

/**
 * Sends the SOA query for the apex to every server: NO_RESPONSE for no response, NO_RESPONSE_SOA_QUERY for a
 * response without the SOA record; the SOA record of each answering server otherwise.
 */
export async function collectSoa(ctx: TestContext<typeof SOA_TAGS>): Promise<{ ns: string; soa: any }[]> {
  const found: { ns: string; soa: any }[] = [];
  await eachResponse(ctx, 'SOA', (ns, p) => {
    const soa = p.answer.find((rr) => rr.type === 'SOA' && rr.name === ctx.zone.name);
    if (soa) found.push({ ns, soa: soa.data });
    else ctx.emit('NO_RESPONSE_SOA_QUERY', { ns });
  });
  return found;
}

/** Groups the servers by a key of their SOA record, in order of first appearance. */
export function groupBy<T>(items: { ns: string; soa: T }[], key: (soa: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item.soa);
    groups.set(k, [...(groups.get(k) ?? []), item.ns]);
  }
  return groups;
}
