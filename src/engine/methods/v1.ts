/**
 * Methods.md (version 1): the name server sets the version-1 test case specifications build on, each under its
 * specification name. Method 2 and Method 3 give names, Method 4 and Method 5 give (name, address) pairs.
 *
 * An NS name must not be an alias (RFC 2181 10.3): Method 4 and Method 5 take the A and AAAA records owned by
 * the name itself, so an address reached through a CNAME is not the name server's.
 */
import type { Nameserver } from '../dns/types.js';
import { nsString } from '../dns/name.js';
import type { Recursor, ServerAddress } from '../recursor.js';
import type { NsSet, ZoneModel } from './v2.js';

/** What the methods query: the zone under test (with its MethodsV2 sets) and the recursor. */
export interface MethodsWorld {
  zone: ZoneModel;
  recursor: Recursor;
}

/** Every (name, address) pair of a name server set, in set order. */
export function pairsOf(set: NsSet | undefined): ServerAddress[] {
  if (!set) return [];
  return [...set].flatMap(([name, addresses]) => addresses.map((address) => ({ name, address })));
}

/** Pairs each once (first seen kept), sorted by "name/address" as the reference lists them. */
export function uniqueSorted(pairs: ServerAddress[]): ServerAddress[] {
  const unique = new Map<string, ServerAddress>();
  for (const p of pairs)
    if (!unique.has(nsString(p.name, p.address))) unique.set(nsString(p.name, p.address), p);
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}

/**
 * The A and AAAA records owned by `name` (a recursive lookup each, CNAMEs not taken), or the addresses given
 * for an undelegated test.
 */
export async function ownAddresses(world: MethodsWorld, name: string): Promise<string[]> {
  const given = world.zone.undelegated?.get(name);
  if (given && given.length > 0) return given;
  const found: string[] = [];
  for (const type of ['A', 'AAAA']) {
    const p = await world.recursor.recurse(name, type);
    for (const rr of p?.answer ?? [])
      if (rr.type === type && rr.name === name && !found.includes(String(rr.data)))
        found.push(String(rr.data));
  }
  return found;
}

/** Name server set to pairs; names out of bailiwick (or without address) get their own addresses. */
async function withOwnAddresses(world: MethodsWorld, set: NsSet | undefined): Promise<ServerAddress[]> {
  const result: ServerAddress[] = [];
  for (const [name, addresses] of set ?? new Map<string, string[]>()) {
    const list =
      world.zone.isInBailiwick(name) && addresses.length > 0 ? addresses : await ownAddresses(world, name);
    for (const address of list) result.push({ name, address });
  }
  return result;
}

/** Method 2, "Obtain the name servers from the parent": the delegation's name server names. */
export async function method2(world: MethodsWorld): Promise<string[]> {
  return (await world.zone.delNsNames()) ?? [];
}

/** Method 3, "Obtain the name servers from the child": the names of the child's apex NS records. */
export async function method3(world: MethodsWorld): Promise<string[]> {
  return (await world.zone.zoneNsNames()) ?? [];
}

/**
 * Method 4, "Obtain glue address records from parent": the delegation's names (Method 2) with their glue;
 * names without glue and out-of-bailiwick names with their own addresses.
 */
export async function method4(world: MethodsWorld): Promise<ServerAddress[]> {
  return withOwnAddresses(world, await world.zone.delNsNamesAndIps());
}

/**
 * Method 5, "Obtain the Name Server IP addresses for the child": the child's names (Method 3) with the
 * addresses the zone gives for in-bailiwick names and the own addresses of out-of-bailiwick names.
 */
export async function method5(world: MethodsWorld): Promise<ServerAddress[]> {
  return withOwnAddresses(world, await world.zone.zoneNsNamesAndIps());
}

/** Method 4 followed by Method 5, pairs in that order (possibly repeated). */
export async function method4and5(world: MethodsWorld): Promise<ServerAddress[]> {
  return [...(await method4(world)), ...(await method5(world))];
}

/**
 * Method 4 and Method 5 as the Syntax and Zone test cases still take them: the MethodsV2 sets (an in-bailiwick
 * name without glue has no address; an out-of-bailiwick name's addresses follow CNAMEs), each pair once,
 * sorted by "name/address".
 */
export async function method4and5FromV2(world: MethodsWorld): Promise<ServerAddress[]> {
  const del = pairsOf(await world.zone.delNsNamesAndIps());
  const zone = pairsOf(await world.zone.zoneNsNamesAndIps());
  return uniqueSorted([...del, ...zone]);
}

/** Whether a host name is a CNAME (its recursive A or AAAA lookup ends at another name). */
async function isAlias(world: MethodsWorld, host: string): Promise<boolean> {
  for (const type of ['A', 'AAAA']) {
    const p = await world.recursor.recurse(host, type);
    if (!p) continue;
    if (p.question[0] && p.question[0].name !== host) return true;
    if (p.answer.some((rr) => rr.type === 'CNAME' && rr.name === host)) return true;
  }
  return false;
}

/**
 * Method 4 and Method 5 as the Nameserver and Connectivity test cases still take them: the MethodsV2 sets as
 * name server objects, one per (name, address), sorted by "name/address", without out-of-bailiwick names that
 * are aliases (their addresses are not the name server's).
 */
export async function method4and5Nameservers(world: MethodsWorld): Promise<Nameserver[]> {
  const byString = new Map<string, Nameserver>();
  const aliases = new Map<string, boolean>();
  for (const ns of [...(await world.zone.delNameservers()), ...(await world.zone.zoneNameservers())]) {
    if (byString.has(ns.toString())) continue;
    if (!world.zone.isInBailiwick(ns.name) && !world.zone.isUndelegated) {
      if (!aliases.has(ns.name)) aliases.set(ns.name, await isAlias(world, ns.name));
      if (aliases.get(ns.name)) continue;
    }
    byString.set(ns.toString(), ns);
  }
  return [...byString.keys()].sort().map((key) => byString.get(key)!);
}

/** Method 4 then Method 5, one entry per address: the first name seen for it and every name using it. */
export async function method4and5ByAddress(
  world: MethodsWorld,
): Promise<(ServerAddress & { names: string[] })[]> {
  const servers: (ServerAddress & { names: string[] })[] = [];
  for (const s of await method4and5(world)) {
    const known = servers.find((o) => o.address === s.address);
    if (!known) servers.push({ ...s, names: [s.name] });
    else if (!known.names.includes(s.name)) known.names.push(s.name);
  }
  return servers;
}
