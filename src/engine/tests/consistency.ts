/**
 * Consistency module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Consistency-TP/
 * (consistency01-03, 06: SOA serial, RNAME, timers, MNAME; consistency04: NS set; consistency05: glue versus
 * address records of the zone).
 */
import type { Packet, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { canonical, familyOf, isInZone, nsAndGlue, referralZone, type ServerAddress } from '../recursor.js';
import { nsString } from '../zone.js';
import { delAndZoneServers } from './address.js';
import type { ModuleDefinition, TestCaseDefinition, TestContext } from './context.js';

/** Accepted Serial Difference (Consistency01 input; the reference's fixed default). */
export const ACCEPTED_SERIAL_DIFFERENCE = 0;

const DISABLED_TAGS = [
  { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
] as const;

/** Absolute form of a domain name as shown in SOA/NS arguments: "ns1.example.". */
function fqdn(name: string): string {
  const c = canonical(name);
  return c === '' ? '.' : `${c}.`;
}

/**
 * Method4 + Method5 name server (name, address) pairs, each once. Servers of a disabled address family are
 * reported (IPV4_DISABLED / IPV6_DISABLED, "ignore the evaluation ... log a message") and left out.
 */
async function queryableServers(ctx: TestContext, rrtype: string): Promise<ServerAddress[]> {
  const unique = new Map<string, ServerAddress>();
  for (const s of await delAndZoneServers(ctx)) unique.set(nsString(s.name, s.address), s);
  const result: ServerAddress[] = [];
  for (const [ns, server] of unique) {
    if (ctx.zone.canSendTo(server.address)) result.push(server);
    else ctx.emit(familyOf(server.address) === 4 ? 'IPV4_DISABLED' : 'IPV6_DISABLED', { ns, rrtype });
  }
  return result;
}

/**
 * Sends the SOA query for the apex to every server: NO_RESPONSE for no response, NO_RESPONSE_SOA_QUERY for a
 * response without the SOA record; the SOA record of each answering server otherwise.
 */
async function collectSoa(ctx: TestContext): Promise<{ ns: string; soa: any }[]> {
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
function groupBy<T>(items: { ns: string; soa: T }[], key: (soa: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const k = key(item.soa);
    groups.set(k, [...(groups.get(k) ?? []), item.ns]);
  }
  return groups;
}

/** RFC 1982 distance from a to b (b "later" than a), when the order is defined. */
function serialDistance(a: number, b: number): number | undefined {
  const d = (b - a + 2 ** 32) % 2 ** 32;
  if (d === 2 ** 31) return undefined;
  return d < 2 ** 31 ? d : -(2 ** 32 - d);
}

const SOA_TAGS = [
  { tag: 'NO_RESPONSE', args: ['ns'] },
  { tag: 'NO_RESPONSE_SOA_QUERY', args: ['ns'] },
  ...DISABLED_TAGS,
] as const;

export const consistency01: TestCaseDefinition = {
  id: 'consistency01',
  name: 'Consistency01',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY01',
  tags: [
    ...SOA_TAGS,
    { tag: 'MULTIPLE_SOA_SERIALS', args: ['count'] },
    { tag: 'ONE_SOA_SERIAL', args: ['serial'] },
    { tag: 'SOA_SERIAL', args: ['serial', 'ns_list'] },
    { tag: 'SOA_SERIAL_VARIATION', args: ['serial_min', 'serial_max', 'max_variation'] },
  ],
  async run(ctx) {
    // Consistency01 steps 1-3
    const serials = groupBy(await collectSoa(ctx), (soa) => String(soa.serial));
    const values = [...serials.keys()].map(Number);
    // Consistency01 step 4: ONE_SOA_SERIAL
    if (values.length === 1) ctx.emit('ONE_SOA_SERIAL', { serial: values[0]! });
    else if (values.length > 1) {
      // Consistency01 step 5.1: order by serial number arithmetic, smallest first
      const ordered = [...values].sort((a, b) => -(serialDistance(a, b) ?? 0));
      const steps = ordered.slice(1).map((v, i) => serialDistance(ordered[i]!, v));
      const spread = serialDistance(ordered[0]!, ordered[ordered.length - 1]!);
      // Consistency01 step 5.2: a single, uniquely defined order
      const defined =
        spread !== undefined &&
        steps.every((d) => d !== undefined && d > 0) &&
        steps.reduce<number>((sum, d) => sum + d!, 0) === spread;
      // Consistency01 steps 5.2-5.3: SOA_SERIAL_VARIATION and MULTIPLE_SOA_SERIALS
      if (!defined || spread > ACCEPTED_SERIAL_DIFFERENCE) {
        ctx.emit('SOA_SERIAL_VARIATION', {
          serial_min: ordered[0]!,
          serial_max: ordered[ordered.length - 1]!,
          max_variation: ACCEPTED_SERIAL_DIFFERENCE,
        });
      }
      // Step 5.4 (MULTIPLE_SOA_SERIALS_OK) cannot happen with an accepted difference of 0; the reference
      // reports MULTIPLE_SOA_SERIALS for every set of two or more serials.
      ctx.emit('MULTIPLE_SOA_SERIALS', { count: values.length });
    }
    // Consistency01 step 6: SOA_SERIAL per serial value
    for (const [serial, servers] of [...serials].sort((a, b) => Number(a[0]) - Number(b[0]))) {
      ctx.emit('SOA_SERIAL', { serial: Number(serial), ns_list: [...servers].sort().join(';') });
    }
  },
};

export const consistency02: TestCaseDefinition = {
  id: 'consistency02',
  name: 'Consistency02',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY02',
  tags: [
    ...SOA_TAGS,
    { tag: 'MULTIPLE_SOA_RNAMES', args: ['count'] },
    { tag: 'ONE_SOA_RNAME', args: ['rname'] },
    { tag: 'SOA_RNAME', args: ['rname', 'ns_list'] },
  ],
  async run(ctx) {
    // Consistency02 steps 1-5
    const rnames = groupBy(await collectSoa(ctx), (soa) => fqdn(String(soa.rname)));
    // Consistency02 step 6: ONE_SOA_RNAME
    if (rnames.size === 1) ctx.emit('ONE_SOA_RNAME', { rname: [...rnames.keys()][0]! });
    // Consistency02 step 7: MULTIPLE_SOA_RNAMES, and which servers gave which RNAME
    else if (rnames.size > 1) {
      ctx.emit('MULTIPLE_SOA_RNAMES', { count: rnames.size });
      for (const [rname, servers] of rnames)
        ctx.emit('SOA_RNAME', { rname, ns_list: [...servers].sort().join(';') });
    }
  },
};

export const consistency03: TestCaseDefinition = {
  id: 'consistency03',
  name: 'Consistency03',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY03',
  tags: [
    ...SOA_TAGS,
    { tag: 'MULTIPLE_SOA_TIME_PARAMETER_SET', args: ['count'] },
    { tag: 'ONE_SOA_TIME_PARAMETER_SET', args: ['refresh', 'retry', 'expire', 'minimum'] },
    { tag: 'SOA_TIME_PARAMETER_SET', args: ['refresh', 'retry', 'expire', 'minimum', 'ns_list'] },
  ],
  async run(ctx) {
    // Consistency03 steps 1-6
    const sets = groupBy(await collectSoa(ctx), (soa) =>
      [soa.refresh, soa.retry, soa.expire, soa.minimum].join(';'),
    );
    const timers = (key: string) => {
      const [refresh, retry, expire, minimum] = key.split(';').map(Number) as [
        number,
        number,
        number,
        number,
      ];
      return { refresh, retry, expire, minimum };
    };
    // Consistency03 step 7: ONE_SOA_TIME_PARAMETER_SET
    if (sets.size === 1) ctx.emit('ONE_SOA_TIME_PARAMETER_SET', timers([...sets.keys()][0]!));
    // Consistency03 step 8: MULTIPLE_SOA_TIME_PARAMETER_SET
    else if (sets.size > 1) {
      ctx.emit('MULTIPLE_SOA_TIME_PARAMETER_SET', { count: sets.size });
      for (const [key, servers] of sets)
        ctx.emit('SOA_TIME_PARAMETER_SET', { ...timers(key), ns_list: [...servers].sort().join(';') });
    }
  },
};

export const consistency04: TestCaseDefinition = {
  id: 'consistency04',
  name: 'Consistency04',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY04',
  tags: [
    { tag: 'MULTIPLE_NS_SET', args: ['count'] },
    { tag: 'NO_RESPONSE', args: ['ns'] },
    { tag: 'NO_RESPONSE_NS_QUERY', args: ['ns'] },
    { tag: 'NS_SET', args: ['nsname_list', 'servers'] },
    { tag: 'ONE_NS_SET', args: ['nsname_list'] },
    ...DISABLED_TAGS,
  ],
  async run(ctx) {
    const sets = new Map<string, string[]>();
    // Consistency04 steps 1-3
    for (const server of await queryableServers(ctx, 'NS')) {
      if (ctx.signal.aborted) return;
      const ns = nsString(server.name, server.address);
      const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'NS');
      // Consistency04 step 4: NO_RESPONSE
      if (!isPacket(p)) {
        ctx.emit('NO_RESPONSE', { ns });
        continue;
      }
      const names = p.answer
        .filter((rr) => rr.type === 'NS' && rr.name === ctx.zone.name)
        .map((rr) => fqdn(String(rr.data)));
      // Consistency04 step 5: NO_RESPONSE_NS_QUERY (no authoritative NS RR set)
      if (!p.flags.aa || names.length === 0) {
        ctx.emit('NO_RESPONSE_NS_QUERY', { ns });
        continue;
      }
      const key = [...new Set(names)].sort().join(';');
      sets.set(key, [...(sets.get(key) ?? []), ns]);
    }
    // Consistency04 step 6
    if (sets.size === 1) ctx.emit('ONE_NS_SET', { nsname_list: [...sets.keys()][0]! });
    else if (sets.size > 1) {
      ctx.emit('MULTIPLE_NS_SET', { count: sets.size });
      for (const [nsnameList, servers] of sets)
        ctx.emit('NS_SET', { nsname_list: nsnameList, servers: servers.join(';') });
    }
  },
};

// ---------------------------------------------------------------------------------------------- Consistency05

/** Address records of `type` owned by exactly `name` in the answer section (CNAMEs not followed). */
function ownAddresses(p: Packet | undefined, name: string, type: string): string[] {
  if (!p) return [];
  return p.answer.filter((rr: RR) => rr.type === type && rr.name === name).map((rr) => String(rr.data));
}

/**
 * Glue of the delegation per name server name (Method2 names with their Method4 glue): the additional section
 * of the parent servers' referrals, or the addresses given for an undelegated test.
 */
async function delegationGlue(ctx: TestContext): Promise<Map<string, string[]>> {
  const glue = new Map<string, string[]>();
  const add = (name: string, addresses: string[]) => {
    const list = glue.get(name) ?? [];
    for (const a of addresses) if (!list.includes(a)) list.push(a);
    glue.set(name, list);
  };
  if (ctx.zone.isUndelegated) {
    for (const [name, addresses] of ctx.zone.undelegated!) add(name, addresses);
    return glue;
  }
  for (const name of (await ctx.zone.delNsNames()) ?? []) add(name, []);
  const seen = new Set<string>();
  for (const parent of (await ctx.zone.parentNsNamesAndIps()) ?? []) {
    if (seen.has(parent.address) || !ctx.zone.canSendTo(parent.address)) continue;
    seen.add(parent.address);
    const p = await ctx.nameserver(parent.name, parent.address).query(ctx.zone.name, 'NS');
    if (!isPacket(p) || p.rcode !== 'NOERROR') continue;
    const section = p.flags.aa ? p.answer : p.authority;
    const ns = section.filter((rr) => rr.type === 'NS' && rr.name === ctx.zone.name);
    for (const [name, addresses] of nsAndGlue(ns, p.additional)) if (glue.has(name)) add(name, addresses);
  }
  return glue;
}

type ChildAnswer = { addresses: string[] } | { failure: 'NO_RESPONSE' | 'CHILD_NS_FAILED' };

/** Consistency05 step 5.2: one address query to one name server of the zone. */
async function childAddressQuery(
  ctx: TestContext,
  server: ServerAddress,
  name: string,
  type: string,
): Promise<ChildAnswer> {
  const p = await ctx.nameserver(server.name, server.address).query(name, type, { recurse: false });
  if (!isPacket(p)) return { failure: 'NO_RESPONSE' }; // step 5.2.2
  const cut = referralZone(p);
  if (cut !== undefined && cut !== ctx.zone.name && isInZone(cut, ctx.zone.name)) {
    // step 5.2.3: referral to a sub-zone, look the name up
    return { addresses: ownAddresses(await ctx.recursor.recurse(name, type), name, type) };
  }
  if (!p.flags.aa) return { failure: 'CHILD_NS_FAILED' }; // step 5.2.4
  if (p.rcode !== 'NOERROR' && p.rcode !== 'NXDOMAIN') return { failure: 'CHILD_NS_FAILED' }; // step 5.2.5
  if (p.rcode === 'NOERROR') return { addresses: ownAddresses(p, name, type) }; // step 5.2.6
  return { addresses: [] }; // step 5.2.7
}

export const consistency05: TestCaseDefinition = {
  id: 'consistency05',
  name: 'Consistency05',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY05',
  tags: [
    { tag: 'ADDRESSES_MATCH', args: [] },
    { tag: 'CHILD_NS_FAILED', args: ['ns'] },
    { tag: 'CHILD_ZONE_LAME', args: [] },
    { tag: 'EXTRA_ADDRESS_CHILD', args: ['ns_ip_list'] },
    { tag: 'IN_BAILIWICK_ADDR_MISMATCH', args: ['parent_addresses', 'zone_addresses'] },
    { tag: 'NO_RESPONSE', args: ['ns'] },
    { tag: 'OUT_OF_BAILIWICK_ADDR_MISMATCH', args: ['parent_addresses', 'zone_addresses'] },
  ],
  async run(ctx) {
    // Consistency05 step 1: strict (in-bailiwick) and extended (out-of-bailiwick) glue of the delegation
    const glue = await delegationGlue(ctx);
    const strictGlue = new Set<string>();
    const extendedGlue = new Map<string, string[]>();
    for (const [name, addresses] of glue) {
      if (ctx.zone.isInBailiwick(name)) for (const a of addresses) strictGlue.add(nsString(name, a));
      else extendedGlue.set(name, addresses);
    }
    // Consistency05 step 2: IB NS Name Set
    const names = [
      ...new Set([...((await ctx.zone.delNsNames()) ?? []), ...((await ctx.zone.zoneNsNames()) ?? [])]),
    ];
    const ibNames = ctx.zone.inBailiwick(names);
    // Consistency05 steps 3-5
    const fromChild = new Set<string>();
    if (ibNames.length > 0) {
      const servers: ServerAddress[] = [];
      for (const s of await delAndZoneServers(ctx)) {
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
};

export const consistency06: TestCaseDefinition = {
  id: 'consistency06',
  name: 'Consistency06',
  module: 'CONSISTENCY',
  specId: 'CONSISTENCY06',
  tags: [
    ...SOA_TAGS,
    { tag: 'MULTIPLE_SOA_MNAMES', args: ['count'] },
    { tag: 'ONE_SOA_MNAME', args: ['mname'] },
  ],
  async run(ctx) {
    // Consistency06 steps 1-4
    const mnames = groupBy(await collectSoa(ctx), (soa) => fqdn(String(soa.mname)));
    // Consistency06 step 5: ONE_SOA_MNAME
    if (mnames.size === 1) ctx.emit('ONE_SOA_MNAME', { mname: [...mnames.keys()][0]! });
    // Consistency06 step 6: MULTIPLE_SOA_MNAMES
    else if (mnames.size > 1) ctx.emit('MULTIPLE_SOA_MNAMES', { count: mnames.size });
  },
};

export const consistencyModule: ModuleDefinition = {
  name: 'CONSISTENCY',
  displayName: 'Consistency',
  version: 'v1.1.16',
  testCases: [consistency01, consistency02, consistency03, consistency04, consistency05, consistency06],
};
