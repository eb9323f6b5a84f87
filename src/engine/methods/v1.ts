/**
 * Methods.md (version 1): the name server sets the version-1 test case specifications build on, each under its
 * specification name, over the zone's version-1 model (v1-zone.ts). Method 2 and Method 3 give names, Method 4
 * and Method 5 (name, address) pairs; the unions are those of the reference: each pair once, sorted by
 * "name/address".
 */
import type { Nameserver } from '../dns/types.js';
import { nsString } from '../dns/name.js';
import type { Recursor, ServerAddress } from '../recursor.js';
import type { NsSet, ZoneModel } from './v2.js';

/** What the methods query: the zone under test and the recursor. */
export interface MethodsWorld {
  zone: ZoneModel;
  recursor: Recursor;
}

/** Every (name, address) pair of a name server set, in set order. */
export function pairsOf(set: NsSet | undefined): ServerAddress[] {
  if (!set) return [];
  return [...set].flatMap(([name, addresses]) => addresses.map((address) => ({ name, address })));
}

/** Pairs each once, sorted by "name/address" as the reference lists them. */
export function uniqueSorted(pairs: ServerAddress[]): ServerAddress[] {
  const unique = new Map<string, ServerAddress>();
  for (const p of pairs) {
    const key = nsString(p.name, p.address);
    if (!unique.has(key)) unique.set(key, p);
  }
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}

/** Method 1, "Obtain the parent domain": the zone the recursive lookup of the child came through. */
export async function method1(world: MethodsWorld): Promise<string | undefined> {
  return (await world.zone.v1.parent())?.name;
}

/** The parent's name servers (Method 5 applied to the Method 1 zone). */
export async function method1Servers(world: MethodsWorld): Promise<ServerAddress[]> {
  const parent = await world.zone.v1.parent();
  return parent ? (await parent.ns()).all() : [];
}

/** Method 2, "Obtain glue Name records from parent": the delegation's name server names. */
export function method2(world: MethodsWorld): Promise<string[]> {
  return world.zone.v1.glueNames();
}

/** Method 3, "Obtain name servers from child": the names of the child's apex NS records. */
export function method3(world: MethodsWorld): Promise<string[]> {
  return world.zone.v1.childNsNames();
}

/** Method 4, "Obtain glue address records from parent": Method 2's names with their addresses. */
export async function method4(world: MethodsWorld): Promise<ServerAddress[]> {
  return (await world.zone.v1.glue()).all();
}

/** Method 4 from the glue of the parent's referral itself (for when the names' own lookups give nothing). */
export function method4FromReferral(world: MethodsWorld): Promise<ServerAddress[]> {
  return world.zone.v1.referralGlue();
}

/** Method 5, "Obtain the name server address records from child": Method 3's names with their addresses. */
export async function method5(world: MethodsWorld): Promise<ServerAddress[]> {
  return (await world.zone.v1.ns()).all();
}

/** Method 2 and Method 3: the names of both, once each, sorted. */
export async function method2and3(world: MethodsWorld): Promise<string[]> {
  return [...new Set([...(await method2(world)), ...(await method3(world))])].sort();
}

/**
 * The union of Method 4 and Method 5 per zone: both sets are computed once per run, and some twenty test cases
 * ask for their union, which cost a copy, a map and a sort each time.
 */
const unions = new WeakMap<ZoneModel, Promise<readonly ServerAddress[]>>();

/** Method 4 and Method 5: the pairs of both, once each, sorted by "name/address". */
export async function method4and5(world: MethodsWorld): Promise<ServerAddress[]> {
  let union = unions.get(world.zone);
  if (!union) {
    union = (async () => uniqueSorted([...(await method4(world)), ...(await method5(world))]))();
    unions.set(world.zone, union);
  }
  return [...(await union)]; // the caller's own array
}

/**
 * Method 4's servers then Method 5's, each list in its own order and a server in both listed twice, as the
 * reference walks them when it wants one server per name: the first of each name that may be queried.
 */
export async function method4then5(world: MethodsWorld): Promise<ServerAddress[]> {
  return [...(await method4(world)), ...(await method5(world))];
}

/** Method 4 and Method 5, one entry per address: the first name seen for it and every name using it. */
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

/** Method 4 and Method 5 as name server objects. */
export async function method4and5Nameservers(world: MethodsWorld): Promise<Nameserver[]> {
  return (await method4and5(world)).map((s) => world.zone.nameserver(s.name, s.address));
}

/** Method 5 as name server objects. */
export async function method5Nameservers(world: MethodsWorld): Promise<Nameserver[]> {
  return uniqueSorted(await method5(world)).map((s) => world.zone.nameserver(s.name, s.address));
}
