/**
 * Helpers the DNSSEC test cases share: the name server sets of the specifications (child and parent IPs with
 * every name an IP is known under), queries, message argument lists, and RRSIG checks against the time a
 * response arrived.
 */
import { method1Servers, method4and5 } from '../methods/v1.js';
import { packetTimestamp } from '../dns/index.js';
import type { Packet, QueryFlags, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import type { World } from '../testcases/test-case.js';
import { SUPPORTED_SIGNATURE_ALGORITHMS } from './algorithms.js';
import type { RrsigFields } from './canonical.js';
import { keyTag } from './keys.js';
import { signatureValidity, verifyRrsig } from './verify.js';

/** Query flags of every DNSSEC test case's queries: the DO bit set. */
export const DNSSEC = { dnssec: true } as const;

/** IP address -> every name server name it is known under, in order of discovery. */
export type ServerNames = Map<string, string[]>;

function addName(map: ServerNames, address: string, name: string) {
  const names = map.get(address);
  if (!names) map.set(address, [name]);
  else if (!names.includes(name)) names.push(name);
}

/** Child NS IP: Get-Del-NS-Names-and-IPs and Get-Zone-NS-Names-and-IPs (Method4 and Method5) combined. */
export async function childServers(ctx: World): Promise<ServerNames> {
  const map: ServerNames = new Map();
  for (const set of [await ctx.zone.delNsNamesAndIps(), await ctx.zone.zoneNsNamesAndIps()]) {
    for (const [name, addresses] of set ?? []) for (const address of addresses) addName(map, address, name);
  }
  return map;
}

/** Child NS IP of the version-1 specifications: Method 4 and Method 5. */
export async function childServersV1(world: World): Promise<ServerNames> {
  const map: ServerNames = new Map();
  for (const s of await method4and5(world)) addName(map, s.address, s.name);
  return map;
}

/** Parent NS IP of the version-1 specifications: the servers of the Method 1 zone. */
export async function parentServersV1(world: World): Promise<ServerNames> {
  const map: ServerNames = new Map();
  for (const s of await method1Servers(world)) addName(map, s.address, s.name);
  return map;
}

/** Parent NS Names and IPs: Get-Parent-NS-Names-and-IPs (empty for root and undelegated tests). */
export async function parentServers(ctx: World): Promise<ServerNames> {
  const map: ServerNames = new Map();
  for (const s of (await ctx.zone.parentNsNamesAndIps()) ?? []) addName(map, s.address, s.name);
  return map;
}

/** Sends a query to one address, or nothing when the address family is disabled; undefined = no response. */
export async function ask(
  ctx: World,
  servers: ServerNames,
  address: string,
  qname: string,
  qtype: string,
  flags?: QueryFlags,
): Promise<Packet | undefined> {
  if (!ctx.zone.canSendTo(address)) return undefined;
  const result = await ctx.nameserver(servers.get(address)?.[0] ?? '', address).query(qname, qtype, flags);
  return isPacket(result) ? result : undefined;
}

/** Addresses whose queries may be sent (the profile's address families). */
export function usableAddresses(ctx: World, servers: ServerNames): string[] {
  return [...servers.keys()].filter((a) => ctx.zone.canSendTo(a));
}

/** "ns_list": name/IP for every name of every address, sorted; "-" stays "-". */
export function nsList(servers: ServerNames, addresses: Iterable<string>): string {
  const items: string[] = [];
  for (const address of new Set(addresses)) {
    if (address === '-') {
      items.push('-');
      continue;
    }
    for (const name of servers.get(address) ?? ['']) items.push(`${name === '' ? '.' : name}/${address}`);
  }
  return [...new Set(items)].sort().join(';');
}

/** "ns_ip_list": the addresses, sorted. */
export function ipList(addresses: Iterable<string>): string {
  return [...new Set(addresses)].sort().join(';');
}

/** The "DNSSEC Response" conditions: NOERROR, OPT present with DO set, AA set. */
export function isGoodDnssecResponse(p: Packet | undefined): p is Packet {
  return p !== undefined && p.rcode === 'NOERROR' && p.edns !== undefined && p.edns.do && p.flags.aa;
}

/** NOERROR with AA set. */
export function isAuthNoError(p: Packet | undefined): p is Packet {
  return p !== undefined && p.rcode === 'NOERROR' && p.flags.aa;
}

/** Records of a type owned by `name` in the answer section. */
export function answers(p: Packet, type: string, name: string): RR[] {
  return p.answer.filter((rr) => rr.type === type && rr.name === name);
}

/** Servers by their answer to one query: no usable response, none of the records asked for, some. */
export interface ServersByAnswer {
  ignored: Set<string>;
  without: Set<string>;
  with: Set<string>;
}

export function serversByAnswer(): ServersByAnswer {
  return { ignored: new Set(), without: new Set(), with: new Set() };
}

/**
 * The `qtype` records at the zone's apex that the server at `address` gives (DO bit set), the server counted
 * in `sorted`: ignored when `usable` refuses its response, else without or with such records.
 */
export async function apexRecords(
  ctx: World,
  servers: ServerNames,
  address: string,
  qtype: string,
  usable: (p: Packet | undefined) => p is Packet,
  sorted: ServersByAnswer,
): Promise<RR[]> {
  const p = await ask(ctx, servers, address, ctx.zone.name, qtype, DNSSEC);
  if (!usable(p)) {
    sorted.ignored.add(address);
    return [];
  }
  const records = answers(p, qtype, ctx.zone.name);
  (records.length === 0 ? sorted.without : sorted.with).add(address);
  return records;
}

/** RRSIG records in a section covering `type` (optionally owned by `name`). */
export function rrsigsCovering(records: readonly RR[], type: string, name?: string): RR[] {
  return records.filter(
    (rr) => rr.type === 'RRSIG' && rr.data?.typeCovered === type && (name === undefined || rr.name === name),
  );
}

export function rrsigFields(rr: RR): RrsigFields {
  return rr.data as RrsigFields;
}

/** When the response was received (replays: when it was recorded), epoch seconds. */
export function responseTime(p: Packet): number {
  return packetTimestamp(p) ?? Date.now() / 1000;
}

export interface DnskeyInfo {
  rr: RR;
  tag: number;
  flags: number;
  algorithm: number;
  key: Uint8Array;
}

export function dnskeyInfo(rr: RR): DnskeyInfo {
  const raw = rr.rawData ?? new Uint8Array();
  return { rr, tag: keyTag(raw), flags: rr.data.flags, algorithm: rr.data.algorithm, key: rr.data.key };
}

/**
 * How one RRSIG fares against the candidate keys: 'no-dnskey' (no key with its tag and algorithm),
 * 'unsupported' (algorithm not implemented), 'invalid', 'valid'. Time is checked separately.
 */
export function checkSignature(
  sig: RrsigFields,
  rrset: readonly RR[],
  keys: readonly DnskeyInfo[],
): 'no-dnskey' | 'unsupported' | 'invalid' | 'valid' {
  const candidates = keys.filter((k) => k.tag === sig.keyTag && k.algorithm === sig.algorithm);
  if (candidates.length === 0) return 'no-dnskey';
  if (!SUPPORTED_SIGNATURE_ALGORITHMS.has(sig.algorithm)) return 'unsupported';
  return candidates.some((k) => verifyRrsig(sig, rrset, k) === 'valid') ? 'valid' : 'invalid';
}

export { signatureValidity };

/** A set of (address, key) pairs grouped by key: key -> addresses. */
export class Grouped<K> {
  readonly map = new Map<K, Set<string>>();
  add(key: K, address: string): void {
    let set = this.map.get(key);
    if (!set) this.map.set(key, (set = new Set()));
    set.add(address);
  }
  get size(): number {
    return this.map.size;
  }
  addresses(): Set<string> {
    return new Set([...this.map.values()].flatMap((s) => [...s]));
  }
}
