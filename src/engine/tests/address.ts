/**
 * Address module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Address-TP/
 * (address01.md: special-purpose addresses; address02.md / address03.md: reverse DNS of name server addresses).
 */
import { canonical, type ServerAddress } from '../recursor.js';
import { addressCategory, reverseName, type AddressCategory } from '../special-addresses.js';
import { nsString, type NsSet } from '../zone.js';
import type { ModuleDefinition, TestCaseDefinition, TestContext } from './context.js';

/** (name, address) pairs of a name server set, in set order. */
export function pairsOf(set: NsSet | undefined): ServerAddress[] {
  if (!set) return [];
  return [...set].flatMap(([name, addresses]) => addresses.map((address) => ({ name, address })));
}

/**
 * A and AAAA records owned by the name itself (an NS name must not be an alias, RFC 2181 10.3, so an address
 * reached through a CNAME is not the name server's), or the addresses given for an undelegated test.
 */
async function ownAddresses(ctx: TestContext, name: string): Promise<string[]> {
  const given = ctx.zone.undelegated?.get(name);
  if (given && given.length > 0) return given;
  const found: string[] = [];
  for (const type of ['A', 'AAAA']) {
    const p = await ctx.recursor.recurse(name, type);
    for (const rr of p?.answer ?? [])
      if (rr.type === type && rr.name === name && !found.includes(String(rr.data)))
        found.push(String(rr.data));
  }
  return found;
}

/** Name server set to pairs; names out of bailiwick (or without address) get their own addresses. */
async function resolvedPairs(ctx: TestContext, set: NsSet | undefined): Promise<ServerAddress[]> {
  const result: ServerAddress[] = [];
  for (const [name, addresses] of set ?? new Map<string, string[]>()) {
    const list =
      ctx.zone.isInBailiwick(name) && addresses.length > 0 ? addresses : await ownAddresses(ctx, name);
    for (const address of list) result.push({ name, address });
  }
  return result;
}

/**
 * Method4 of Methods.md (version 1), "glue address records": the delegation's name server names (Method2)
 * with their glue; names without glue and out-of-bailiwick names with the addresses they resolve to.
 */
export async function method4(ctx: TestContext): Promise<ServerAddress[]> {
  return resolvedPairs(ctx, await ctx.zone.delNsNamesAndIps());
}

/**
 * Method5 (version 1): the child's name server names (Method3) with the addresses the zone gives for
 * in-bailiwick names and the addresses out-of-bailiwick names resolve to.
 */
export async function method5(ctx: TestContext): Promise<ServerAddress[]> {
  return resolvedPairs(ctx, await ctx.zone.zoneNsNamesAndIps());
}

/** Method4 followed by Method5, pairs in that order (possibly repeated). */
export async function delAndZoneServers(ctx: TestContext): Promise<ServerAddress[]> {
  return [...(await method4(ctx)), ...(await method5(ctx))];
}

/** Unique "name/address" strings, sorted, joined with ";". */
function nsListOf(servers: ServerAddress[]): string {
  return [...new Set(servers.map((s) => nsString(s.name, s.address)))].sort().join(';');
}

export const address01: TestCaseDefinition = {
  id: 'address01',
  name: 'Address01',
  module: 'ADDRESS',
  specId: 'ADDRESS01',
  tags: [
    { tag: 'A01_ADDR_NOT_GLOBALLY_REACHABLE', args: ['ns_list'] },
    { tag: 'A01_DOCUMENTATION_ADDR', args: ['ns_list'] },
    { tag: 'A01_GLOBALLY_REACHABLE_ADDR', args: ['ns_list'] },
    { tag: 'A01_LOCAL_USE_ADDR', args: ['ns_list'] },
    { tag: 'A01_NO_GLOBALLY_REACHABLE_ADDR', args: [] },
    { tag: 'A01_NO_NAME_SERVERS_FOUND', args: [] },
  ],
  async run(ctx) {
    // Address01 step 2 (MethodsV2)
    const servers = [
      ...pairsOf(await ctx.zone.delNsNamesAndIps()),
      ...pairsOf(await ctx.zone.zoneNsNamesAndIps()),
    ];
    // Address01 step 3: A01_NO_NAME_SERVERS_FOUND
    if (servers.length === 0) {
      ctx.emit('A01_NO_NAME_SERVERS_FOUND', {});
      return;
    }
    // Address01 step 4
    const sets = new Map<AddressCategory, ServerAddress[]>();
    for (const server of servers) {
      const category = addressCategory(server.address);
      sets.set(category, [...(sets.get(category) ?? []), server]);
    }
    const report = (category: AddressCategory, tag: string) => {
      const set = sets.get(category);
      if (set && set.length > 0) ctx.emit(tag, { ns_list: nsListOf(set) });
    };
    report('documentation', 'A01_DOCUMENTATION_ADDR'); // Address01 step 5
    report('local-use', 'A01_LOCAL_USE_ADDR'); // Address01 step 6
    report('not-globally-reachable', 'A01_ADDR_NOT_GLOBALLY_REACHABLE'); // Address01 step 7
    report('globally-reachable', 'A01_GLOBALLY_REACHABLE_ADDR'); // Address01 step 8
    // Address01 step 9: A01_NO_GLOBALLY_REACHABLE_ADDR
    if (!sets.has('globally-reachable')) ctx.emit('A01_NO_GLOBALLY_REACHABLE_ADDR', {});
  },
};

/** Recursive PTR lookup of an address (CNAMEs followed by the recursor). */
async function lookupPtr(ctx: TestContext, address: string) {
  const qname = reverseName(address);
  return { qname, packet: await ctx.recursor.recurse(qname, 'PTR') };
}

export const address02: TestCaseDefinition = {
  id: 'address02',
  name: 'Address02',
  module: 'ADDRESS',
  specId: 'ADDRESS02',
  tags: [
    { tag: 'NAMESERVERS_IP_WITH_REVERSE', args: [] },
    { tag: 'NAMESERVER_IP_WITHOUT_REVERSE', args: ['nsname', 'ns_ip'] },
    { tag: 'NO_RESPONSE_PTR_QUERY', args: ['domain'] },
  ],
  async run(ctx) {
    // Address02 steps 1-2: glue addresses (Method4) and the child's name server addresses (Method5)
    const servers = await delAndZoneServers(ctx);
    const seen = new Set<string>();
    let problems = 0;
    for (const server of servers) {
      if (seen.has(server.address)) continue;
      seen.add(server.address);
      // Address02 step 3: recursive PTR query
      const { qname, packet } = await lookupPtr(ctx, server.address);
      if (!packet) {
        ctx.emit('NO_RESPONSE_PTR_QUERY', { domain: qname }); // Address02 step 3: no response
        problems++;
      } else if (packet.rcode !== 'NOERROR' || !packet.answer.some((rr) => rr.type === 'PTR')) {
        // Address02 step 4: NAMESERVER_IP_WITHOUT_REVERSE
        ctx.emit('NAMESERVER_IP_WITHOUT_REVERSE', { nsname: server.name, ns_ip: server.address });
        problems++;
      }
    }
    // Address02 outcome: every address has a PTR record
    if (seen.size > 0 && problems === 0) ctx.emit('NAMESERVERS_IP_WITH_REVERSE', {});
  },
};

export const address03: TestCaseDefinition = {
  id: 'address03',
  name: 'Address03',
  module: 'ADDRESS',
  specId: 'ADDRESS03',
  tags: [
    { tag: 'NAMESERVER_IP_PTR_MATCH', args: [] },
    { tag: 'NAMESERVER_IP_PTR_MISMATCH', args: ['nsname', 'ns_ip', 'names'] },
    { tag: 'NAMESERVER_IP_WITHOUT_REVERSE', args: ['nsname', 'ns_ip'] },
    { tag: 'NO_RESPONSE_PTR_QUERY', args: ['domain'] },
  ],
  async run(ctx) {
    // Address03 step 1: the child's name servers and their addresses (Method5), HASH1, per address
    const namesByAddress = new Map<string, string[]>();
    for (const server of await method5(ctx))
      namesByAddress.set(server.address, [...(namesByAddress.get(server.address) ?? []), server.name]);
    let problems = 0;
    for (const [address, names] of namesByAddress) {
      if (ctx.signal.aborted) return;
      const nsname = names[0]!;
      // Address03 step 2: PTR names of the address (HASH2)
      const { qname, packet } = await lookupPtr(ctx, address);
      if (!packet) {
        ctx.emit('NO_RESPONSE_PTR_QUERY', { domain: qname });
        problems++;
        continue;
      }
      const ptrs = packet.answer.filter((rr) => rr.type === 'PTR');
      if (packet.rcode !== 'NOERROR' || ptrs.length === 0) {
        ctx.emit('NAMESERVER_IP_WITHOUT_REVERSE', { nsname, ns_ip: address });
        problems++;
        continue;
      }
      // Address03 step 3: a name server name using the address must be among its PTR names
      if (!ptrs.some((rr) => names.includes(canonical(String(rr.data))))) {
        ctx.emit('NAMESERVER_IP_PTR_MISMATCH', {
          nsname,
          ns_ip: address,
          names: ptrs.map((rr) => `${canonical(String(rr.data))}.`).join('/'),
        });
        problems++;
      }
    }
    if (namesByAddress.size > 0 && problems === 0) ctx.emit('NAMESERVER_IP_PTR_MATCH', {});
  },
};

export const addressModule: ModuleDefinition = {
  name: 'ADDRESS',
  displayName: 'Address',
  version: 'v1.0.8',
  testCases: [address01, address02, address03],
  /** Address03 builds on Address02 (intercase dependency): it runs when Address02 passed or did not run. */
  async run(m) {
    if (m.isSelected(address01)) await m.runCase(address01);
    let withReverse = true;
    if (m.isSelected(address02))
      withReverse = (await m.runCase(address02)).has('NAMESERVERS_IP_WITH_REVERSE');
    if (withReverse && m.isSelected(address03)) await m.runCase(address03);
    return true;
  },
};
