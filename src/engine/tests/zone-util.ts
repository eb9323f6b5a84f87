/**
 * Helpers shared by the Syntax and Zone modules: the name server sets of the (old) Methods 2-5 expressed with
 * the MethodsV2 accessors, transport checks with their IPV4_DISABLED / IPV6_DISABLED messages, "first
 * authoritative answer from the zone" lookups, SOA serial arithmetic and presentation-name helpers.
 */
import type { Packet, QueryFlags, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { canonical, familyOf, labelsOf, type ServerAddress } from '../recursor.js';
import { nsString, type NsSet } from '../zone.js';
import type { TagSpec, TestContext } from './context.js';

/** Every (name, address) pair of a name server set. */
export function pairsOf(set: NsSet | undefined): ServerAddress[] {
  if (!set) return [];
  return [...set].flatMap(([name, addresses]) => addresses.map((address) => ({ name, address })));
}

function byNsString(a: ServerAddress, b: ServerAddress): number {
  const x = nsString(a.name, a.address);
  const y = nsString(b.name, b.address);
  return x < y ? -1 : x > y ? 1 : 0;
}

function uniquePairs(pairs: ServerAddress[]): ServerAddress[] {
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = nsString(p.name, p.address);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Method4 and Method5: delegation and zone name servers (name, address), unique, sorted by "name/address". */
export async function allNameservers(ctx: TestContext): Promise<ServerAddress[]> {
  const del = pairsOf(await ctx.zone.delNsNamesAndIps());
  const zone = pairsOf(await ctx.zone.zoneNsNamesAndIps());
  return uniquePairs([...del, ...zone]).sort(byNsString);
}

/** The name servers sharing each address: address -> sorted "name/address" strings. */
export function nsStringsByAddress(servers: ServerAddress[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of servers) {
    const list = map.get(s.address) ?? [];
    const ns = nsString(s.name, s.address);
    if (!list.includes(ns)) list.push(ns);
    map.set(s.address, list.sort());
  }
  return map;
}

/**
 * false (and IPV4_DISABLED / IPV6_DISABLED once per query type) when the profile forbids the server's address
 * family; true when queries may be sent.
 */
export function transportAllowed(ctx: TestContext, server: ServerAddress, ...rrtypes: string[]): boolean {
  if (ctx.zone.canSendTo(server.address)) return true;
  const tag = familyOf(server.address) === 4 ? 'IPV4_DISABLED' : 'IPV6_DISABLED';
  for (const rrtype of rrtypes) ctx.emit(tag, { ns: nsString(server.name, server.address), rrtype });
  return false;
}

export async function query(
  ctx: TestContext,
  server: ServerAddress,
  qname: string,
  qtype: string,
  flags?: QueryFlags,
): Promise<Packet | undefined> {
  const result = await ctx.nameserver(server.name, server.address).query(qname, qtype, flags);
  return isPacket(result) ? result : undefined;
}

/**
 * "Query a delegated name server; iterate until the answer is authoritative": the first response accepted by
 * `accept` from the delegation and zone name servers (Method4 and Method5, in order), skipping servers of a
 * disabled address family.
 */
export async function firstAnswer(
  ctx: TestContext,
  qname: string,
  qtype: string,
  accept: (p: Packet) => boolean,
): Promise<Packet | undefined> {
  for (const server of await allNameservers(ctx)) {
    if (ctx.signal.aborted) return undefined;
    if (!transportAllowed(ctx, server, qtype)) continue;
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
export async function authoritativeSoa(ctx: TestContext): Promise<SoaData | undefined> {
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

/** RFC 1982 serial number arithmetic: true when `a` is greater than `b`. */
export function serialGreater(a: number, b: number): boolean {
  const HALF = 2 ** 31;
  return (a < b && b - a > HALF) || (a > b && a - b < HALF);
}

/** Root, a TLD or a zone under .arpa: domains not expected to be used for email (Zone09, Zone11). */
export function isNonMailDomain(zone: string): boolean {
  return zone === '' || labelsOf(zone).length === 1 || zone.endsWith('.arpa');
}

/** Labels of a presentation-format name, splitting on unescaped dots only (escapes kept in the labels). */
export function presentationLabels(name: string): string[] {
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '\\' && i + 1 < name.length) {
      current += ch + name[i + 1]!;
      i++;
    } else if (ch === '.') {
      labels.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') labels.push(current);
  return labels;
}

/** A host name from rdata (MNAME, MX exchange, NS name): lower case, no trailing dot, "" = root. */
export function hostOf(name: string): string {
  return canonical(name);
}

/**
 * Syntax06 step 3.4: RNAME to an email address. The first unescaped dot becomes "@", escaped dots become
 * plain dots (other escapes are undone too); a final dot is dropped.
 */
export function rnameToEmail(rname: string): string {
  let out = '';
  let atPlaced = false;
  for (let i = 0; i < rname.length; i++) {
    const ch = rname[i]!;
    if (ch === '\\' && i + 1 < rname.length) {
      const digits = rname.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        out += String.fromCharCode(Number(digits));
        i += 3;
      } else {
        out += rname[i + 1]!;
        i++;
      }
    } else if (ch === '.' && !atPlaced) {
      out += '@';
      atPlaced = true;
    } else out += ch;
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

// RFC 5322 section 3.2.3 atext, and a host name label for the domain part (a fully qualified domain).
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATOM}(\\.${ATOM})*$`);
const QUOTED_STRING = /^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** An addr-spec of RFC 5322 section 3.4.1 whose domain part is a fully qualified host name. */
export function isValidMailAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!DOT_ATOM.test(local) && !QUOTED_STRING.test(local)) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l) && l.length <= 63);
}

/** The tags transportAllowed() emits, for the tag lists of the test cases that use it. */
export const TRANSPORT_TAGS: readonly TagSpec[] = [
  { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
];
