/**
 * Consistency05: Glue addresses agree with the zone.
 * Specification methods: Method 2, Method 3, Method 4, Method 5.
 * Uses: Method 1, Method 2, Method 3, Method 4, Method 5.
 */
import { canonical, isAtOrBelow, nsString } from '../../dns/name.js';
import type { Packet, RR } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import { referralZone, type ServerAddress } from '../../recursor.js';
import { method1Servers, method2, method3, method4and5 } from '../../methods/v1.js';
import type { World } from '../test-case.js';
import { testCase } from '../test-case.js';

/** Address records of `type` owned by exactly `name` in the answer section (CNAMEs not followed). */
function ownAddresses(p: Packet | undefined, name: string, type: string): string[] {
  if (!p) return [];
  return p.answer.filter((rr: RR) => rr.type === type && rr.name === name).map((rr) => String(rr.data));
}

/** The responses of every server in `servers` to one question, in their order. */
async function askAll(ctx: World, servers: ServerAddress[], qname: string, qtype: string): Promise<Packet[]> {
  const packets: Packet[] = [];
  for (const server of servers) {
    const p = await ctx.nameserver(server.name, server.address).query(qname, qtype);
    if (isPacket(p)) packets.push(p);
  }
  return packets;
}

function owned(p: Packet, qname: string, qtype: string): RR[] {
  return [...p.answer, ...p.authority, ...p.additional].filter(
    (rr) => rr.type === qtype && rr.name === qname,
  );
}

/**
 * Glue of the delegation per name server name: the NS names every parent server gives for the zone (Method 2),
 * with the address records of the parent's referrals for them, and the A and AAAA records every parent server
 * gives when asked for each name (Method 4: "query the servers in Method 2 for A and AAAA addresses"); or the
 * addresses given for an undelegated test. Additional data of an authoritative NS answer (a parent server that
 * also serves the child) is the child's, not glue.
 */
async function delegationGlue(ctx: World): Promise<Map<string, string[]>> {
  const glue = new Map<string, string[]>();
  const add = (name: string, address: string) => {
    const list = glue.get(name) ?? [];
    if (!list.includes(address)) list.push(address);
    glue.set(name, list);
  };
  if (ctx.zone.isUndelegated) {
    for (const [name, addresses] of ctx.zone.undelegated!) {
      glue.set(name, []);
      for (const a of addresses) add(name, a);
    }
    return glue;
  }
  const parents = (await method1Servers(ctx)).filter((s) => ctx.zone.canSendTo(s.address));
  const nsAnswers = await askAll(ctx, parents, ctx.zone.name, 'NS');
  const names = [
    ...new Set(
      nsAnswers.flatMap((p) => owned(p, ctx.zone.name, 'NS').map((rr) => canonical(String(rr.data)))),
    ),
  ];
  for (const p of nsAnswers)
    if (referralZone(p) === ctx.zone.name)
      for (const rr of p.additional)
        if ((rr.type === 'A' || rr.type === 'AAAA') && names.includes(rr.name)) add(rr.name, String(rr.data));
  for (const name of names)
    for (const type of ['A', 'AAAA'])
      for (const p of await askAll(ctx, parents, name, type))
        for (const rr of owned(p, name, type)) add(name, String(rr.data));
  return glue;
}

type ChildAnswer = { addresses: string[] } | { failure: 'NO_RESPONSE' | 'CHILD_NS_FAILED' };

/** Consistency05 step 5.2: one address query to one name server of the zone. */
/** Consistency05 step 1: in-bailiwick glue as "name/address", out-of-bailiwick glue by name. */
function splitGlue(ctx: World, glue: Map<string, string[]>) {
  const strictGlue = new Set<string>();
  const extendedGlue = new Map<string, string[]>();
  for (const [name, addresses] of glue) {
    if (ctx.zone.isInBailiwick(name)) for (const a of addresses) strictGlue.add(nsString(name, a));
    else extendedGlue.set(name, addresses);
  }
  return { strictGlue, extendedGlue };
}

async function childAddressQuery(
  ctx: World,
  server: ServerAddress,
  name: string,
  type: string,
): Promise<ChildAnswer> {
  const p = await ctx.nameserver(server.name, server.address).query(name, type, { recurse: false });
  if (!isPacket(p)) return { failure: 'NO_RESPONSE' }; // step 5.2.2
  const cut = referralZone(p);
  if (cut !== undefined && cut !== ctx.zone.name && isAtOrBelow(cut, ctx.zone.name)) {
    // step 5.2.3: referral to a sub-zone, look the name up
    return { addresses: ownAddresses(await ctx.recursor.recurse(name, type), name, type) };
  }
  if (!p.flags.aa) return { failure: 'CHILD_NS_FAILED' }; // step 5.2.4
  if (p.rcode !== 'NOERROR' && p.rcode !== 'NXDOMAIN') return { failure: 'CHILD_NS_FAILED' }; // step 5.2.5
  if (p.rcode === 'NOERROR') return { addresses: ownAddresses(p, name, type) }; // step 5.2.6
  return { addresses: [] }; // step 5.2.7
}

export const consistency05 = testCase({
  id: 'consistency05',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency05.md',
  tags: {
    ADDRESSES_MATCH: '',
    CHILD_NS_FAILED: 'ns',
    CHILD_ZONE_LAME: '',
    EXTRA_ADDRESS_CHILD: 'ns_ip_list',
    IN_BAILIWICK_ADDR_MISMATCH: 'parent_addresses zone_addresses',
    NO_RESPONSE: 'ns',
    OUT_OF_BAILIWICK_ADDR_MISMATCH: 'parent_addresses zone_addresses',
  },
  async run(ctx) {
    // Consistency05 step 1: strict (in-bailiwick) and extended (out-of-bailiwick) glue of the delegation
    const { strictGlue, extendedGlue } = splitGlue(ctx, await delegationGlue(ctx));
    // Consistency05 step 2: IB NS Name Set
    const names = [...new Set([...(await method2(ctx)), ...(await method3(ctx))])];
    const ibNames = ctx.zone.inBailiwick(names);
    // Consistency05 steps 3-5
    const fromChild = new Set<string>();
    if (ibNames.length > 0) {
      const servers: ServerAddress[] = [];
      for (const s of await method4and5(ctx)) {
        if (ctx.zone.canSendTo(s.address) && !servers.some((o) => o.address === s.address)) servers.push(s);
      }
      for (const name of ibNames) {
        let answered = false;
        for (const server of servers) {
          for (const type of ['A', 'AAAA']) {
            if (ctx.signal.aborted) return;
            const result = await childAddressQuery(ctx, server, name, type);
            if ('failure' in result) {
              ctx.emit(result.failure, { ns: nsString(server.name, server.address) });
              continue;
            }
            answered = true;
            for (const a of result.addresses) fromChild.add(nsString(name, a));
          }
        }
        // Consistency05 step 5.3: CHILD_ZONE_LAME
        if (!answered) {
          ctx.emit('CHILD_ZONE_LAME', {});
          return;
        }
      }
    }
    // Consistency05 step 6
    const ibMismatch = [...strictGlue].filter((s) => !fromChild.has(s));
    const extraChild = [...fromChild].filter((s) => !strictGlue.has(s));
    if (ibMismatch.length > 0) {
      ctx.emit('IN_BAILIWICK_ADDR_MISMATCH', {
        parent_addresses: [...strictGlue].sort().join(';'),
        zone_addresses: [...fromChild].sort().join(';'),
      });
    }
    if (extraChild.length > 0) ctx.emit('EXTRA_ADDRESS_CHILD', { ns_ip_list: extraChild.sort().join(';') });
    // Consistency05 step 7: out-of-bailiwick glue against a lookup of the name
    let oobMismatch = false;
    for (const [name, addresses] of extendedGlue) {
      if (addresses.length === 0) continue;
      const found = [
        ...ownAddresses(await ctx.recursor.recurse(name, 'A'), name, 'A'),
        ...ownAddresses(await ctx.recursor.recurse(name, 'AAAA'), name, 'AAAA'),
      ];
      if (addresses.some((a) => !found.includes(a))) {
        oobMismatch = true;
        ctx.emit('OUT_OF_BAILIWICK_ADDR_MISMATCH', {
          parent_addresses: addresses
            .map((a) => nsString(name, a))
            .sort()
            .join(';'),
          zone_addresses: found
            .map((a) => nsString(name, a))
            .sort()
            .join(';'),
        });
      }
    }
    // Consistency05 step 8: ADDRESSES_MATCH
    if (ibMismatch.length === 0 && extraChild.length === 0 && !oobMismatch) ctx.emit('ADDRESSES_MATCH', {});
  },
});
