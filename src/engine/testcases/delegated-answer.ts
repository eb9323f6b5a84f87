/**
 * "Query a delegated name server; iterate until the answer is authoritative", as the Syntax and Zone
 * specifications say it: the name servers of Method 4 and Method 5 in turn until one gives an acceptable answer.
 */
import type { Packet, QueryFlags, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { method4and5 } from '../methods/v1.js';
import type { ServerAddress } from '../recursor.js';
import type { TestContext, World } from './test-case.js';
import { canQuery, DISABLED_TAGS } from './transport.js';

export async function query(
  world: World,
  server: ServerAddress,
  qname: string,
  qtype: string,
  flags?: QueryFlags,
): Promise<Packet | undefined> {
  const result = await world.nameserver(server.name, server.address).query(qname, qtype, flags);
  return isPacket(result) ? result : undefined;
}

/**
 * "Query a delegated name server; iterate until the answer is authoritative": the first response accepted by
 * `accept` from the delegation and zone name servers (Method4 and Method5, in order), skipping servers of a
 * disabled address family.
 */
export async function firstAnswer(
  ctx: TestContext<typeof DISABLED_TAGS>,
  qname: string,
  qtype: string,
  accept: (p: Packet) => boolean,
): Promise<Packet | undefined> {
  for (const server of await method4and5(ctx)) {
    if (ctx.signal.aborted) return undefined;
    if (!canQuery(ctx, server, qtype)) continue;
    const p = await query(ctx, server, qname, qtype);
    if (p && accept(p)) return p;
  }
  return undefined;
}

/** Records of a type owned by `owner` in the answer section. */
export function answerOf(p: Packet, type: string, owner: string): RR[] {
  return p.answer.filter((rr) => rr.type === type && rr.name === owner);
}

/**
 * "Retrieve the SOA record from a delegated name server; iterate until the answer is authoritative": the first
 * authoritative response with an SOA record in the answer section.
 */
export async function authoritativeSoa(ctx: TestContext<typeof DISABLED_TAGS>): Promise<SoaData | undefined> {
  const p = await firstAnswer(
    ctx,
    ctx.zone.name,
    'SOA',
    (r) => r.flags.aa && r.answer.some((rr) => rr.type === 'SOA'),
  );
  const soa = p?.answer.find((rr) => rr.type === 'SOA');
  return soa ? (soa.data as SoaData) : undefined;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export interface MxData {
  preference: number;
  exchange: string;
}

/** The tags soaOrNoResponse emits. */
export const SOA_QUERY_TAGS = { NO_RESPONSE_SOA_QUERY: '', ...DISABLED_TAGS } as const;

/**
 * The run of a test case whose first steps retrieve the SOA from a delegated name server (authoritativeSoa):
 * NO_RESPONSE_SOA_QUERY when none gives one, otherwise `check` on it.
 */
export function withSoa<Tags extends typeof SOA_QUERY_TAGS>(
  check: (ctx: TestContext<NoInfer<Tags>>, soa: SoaData) => void | Promise<void>,
): (ctx: TestContext<Tags>) => Promise<void> {
  return async (ctx) => {
    // Tags declares SOA_QUERY_TAGS; the compiler does not see a generic context as one that has them.
    const soaCtx = ctx as unknown as TestContext<typeof SOA_QUERY_TAGS>;
    const soa = await authoritativeSoa(soaCtx);
    if (soa) await check(ctx, soa);
    else soaCtx.emit('NO_RESPONSE_SOA_QUERY');
  };
}
