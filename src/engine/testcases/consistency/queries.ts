/** The queries Consistency01-04 and 06 share: every name server of Method 4 and Method 5, and their SOA records. */
import { nsString } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4and5 } from '../../methods/v1.js';
import type { ServerAddress } from '../../recursor.js';
import type { TestContext } from '../test-case.js';
import { canQuery, DISABLED_TAGS } from '../transport.js';

/** The tags collectSoa emits. */
export const SOA_TAGS = { NO_RESPONSE: 'ns', NO_RESPONSE_SOA_QUERY: 'ns', ...DISABLED_TAGS } as const;

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
 * Sends the SOA query for the apex to every server: NO_RESPONSE for no response, NO_RESPONSE_SOA_QUERY for a
 * response without the SOA record; the SOA record of each answering server otherwise.
 */
export async function collectSoa(ctx: TestContext<typeof SOA_TAGS>): Promise<{ ns: string; soa: any }[]> {
  const found: { ns: string; soa: any }[] = [];
  for (const server of await queryableServers(ctx, 'SOA')) {
    if (ctx.signal.aborted) break;
    const ns = nsString(server.name, server.address);
    const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'SOA');
    if (!isPacket(p)) {
      ctx.emit('NO_RESPONSE', { ns });
      continue;
    }
    const soa = p.answer.find((rr) => rr.type === 'SOA' && rr.name === ctx.zone.name);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', { ns });
      continue;
    }
    found.push({ ns, soa: soa.data });
  }
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
