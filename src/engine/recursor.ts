/**
 * Iterative resolution from root hints (the reference engine's recursor): referrals, glue, glue-less name
 * server names, CNAME chains with limits and loop detection, a per-run cache. Every query goes through
 * Nameserver.query() without the RD bit.
 */
import { readFileSync } from 'node:fs';
import { fixedLengthAddress } from './dns/address.js';
import type { Nameserver, Packet, QueryResult, RR } from './dns/types.js';
import { isPacket } from './dns/types.js';
import { canonical, displayName, familyOf, isAtOrBelow as isInZone, parentName } from './dns/name.js';

/** Maximum CNAME records followed in one resolution (reference: chain of at most 10 names, 9 CNAME RRs). */
export const CNAME_MAX_RECORDS = 9;
/** Maximum referrals followed in one resolution (the reference's loop protection). */
const MAX_REFERRALS = 20;
/** Maximum nesting of glue-less name server address lookups. */
const MAX_GLUE_DEPTH = 4;

export interface ServerAddress {
  name: string;
  address: string;
}

export type NameserverFactory = (name: string, address: string) => Nameserver;

export interface RecursorOptions {
  hints: ServerAddress[];
  nameserver: NameserverFactory;
  /** Address families queries may be sent over (profile net.ipv4 / net.ipv6). */
  ipv4?: boolean;
  ipv6?: boolean;
  /** Undelegated test: zones whose delegation is replaced by these servers. */
  fakeDelegations?: Map<string, ServerAddress[]>;
  /** Called for CNAME_* and similar recursor events (SYSTEM DEBUG messages). */
  log?: (tag: string, args: Record<string, string>) => void;
}

// ---------------------------------------------------------------------------------------------- hints

/** Reads a named.root-format file: the root NS names and their A/AAAA addresses. */
export function parseHints(text: string): ServerAddress[] {
  const nsNames: string[] = [];
  const addresses = new Map<string, string[]>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith('$')) continue;
    const tokens = line.split(/\s+/);
    const owner = canonical(tokens.shift()!);
    while (tokens.length > 1 && (/^\d+$/.test(tokens[0]!) || /^(IN|CH|HS)$/i.test(tokens[0]!)))
      tokens.shift();
    const type = (tokens.shift() ?? '').toUpperCase();
    const rdata = tokens[0];
    if (rdata === undefined) continue;
    if (type === 'NS' && owner === '') nsNames.push(canonical(rdata));
    else if (type === 'A' || type === 'AAAA') addresses.set(owner, [...(addresses.get(owner) ?? []), rdata]);
  }
  return nsNames.flatMap((name) => (addresses.get(name) ?? []).map((address) => ({ name, address })));
}

export function readHintsFile(path: string): ServerAddress[] {
  const hints = parseHints(readFileSync(path, 'utf8'));
  if (hints.length === 0) throw new Error(`no root name server with an address in ${path}`);
  return hints;
}

// ---------------------------------------------------------------------------------------------- packets

/** The zone a referral points to (owner of the NS records in authority), if the packet is one. */
export function referralZone(p: Packet): string | undefined {
  if (p.rcode !== 'NOERROR' || p.flags.aa) return undefined;
  const ns = p.authority.filter((rr) => rr.type === 'NS');
  if (ns.length === 0) return undefined;
  if (p.answer.some((rr) => rr.type !== 'CNAME')) return undefined;
  return ns[0]!.name;
}

/** Name server names and glue addresses of a referral or NS answer. */
export function nsAndGlue(nsRecords: RR[], additional: RR[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const rr of nsRecords) result.set(canonical(String(rr.data)), []);
  for (const rr of additional) {
    if ((rr.type === 'A' || rr.type === 'AAAA') && result.has(rr.name)) {
      const list = result.get(rr.name)!;
      if (!list.includes(rr.data)) list.push(String(rr.data));
    }
  }
  return result;
}

/** Records of `type` answering `name`, following CNAMEs inside the answer section. */
export function answerRecords(p: Packet, name: string, type: string): RR[] {
  let current = canonical(name);
  const seen = new Set<string>();
  for (let i = 0; i <= CNAME_MAX_RECORDS; i++) {
    const direct = p.answer.filter((rr) => rr.name === current && rr.type === type);
    if (direct.length > 0 || type === 'CNAME') return direct;
    const cname = p.answer.find((rr) => rr.name === current && rr.type === 'CNAME');
    if (!cname || seen.has(current)) return [];
    seen.add(current);
    current = canonical(String(cname.data));
  }
  return [];
}

// ---------------------------------------------------------------------------------------------- recursor

interface Step {
  packet?: Packet;
  /** Zone cuts passed on the way, root first. */
  cuts: string[];
  /** The server that gave the last referral followed, and the address it answered from. */
  referredBy?: ServerAddress;
}

export class Recursor {
  private readonly cache = new Map<string, Promise<Step>>();
  private readonly addressCache = new Map<string, Promise<string[]>>();
  private readonly hints: ServerAddress[];
  private readonly nameserver: NameserverFactory;
  private readonly ipv4: boolean;
  private readonly ipv6: boolean;
  private readonly fake: Map<string, ServerAddress[]>;
  private readonly log: (tag: string, args: Record<string, string>) => void;

  constructor(options: RecursorOptions) {
    this.hints = options.hints;
    this.nameserver = options.nameserver;
    this.ipv4 = options.ipv4 ?? true;
    this.ipv6 = options.ipv6 ?? true;
    this.fake = options.fakeDelegations ?? new Map();
    this.log = options.log ?? (() => {});
  }

  get rootServers(): readonly ServerAddress[] {
    return this.hints;
  }

  /** The servers a fake delegation gives a zone, if it has one. */
  fakeDelegationOf(zone: string): readonly ServerAddress[] | undefined {
    return this.fake.get(canonical(zone));
  }

  /** Recursive lookup; the final response (after following CNAMEs), or undefined when nothing answered. */
  async recurse(name: string, type: string, klass: 'IN' | 'CH' = 'IN'): Promise<Packet | undefined> {
    return (await this.resolve(canonical(name), type.toUpperCase(), klass, [])).packet;
  }

  /**
   * Recursive lookup that starts at `servers` (taken from the end, as from the root) instead of the root. It
   * shares the cache of every lookup, as the reference's does: a name and type resolved once in a run, from
   * wherever, is answered from the cache, and so is one that found no response.
   */
  async recurseFrom(
    name: string,
    type: string,
    servers: readonly { name: string; address?: string }[],
  ): Promise<Packet | undefined> {
    const start = { zone: undefined, servers: servers.map((s) => ({ ...s })) };
    return (await this.resolve(canonical(name), type.toUpperCase(), 'IN', [], new Map(), start)).packet;
  }

  /**
   * Methods.md Method 1: the zone through which the server that delegates `zone` was found ("" = root). One
   * server may hold both a zone and the zone just below it (fr and nic.fr): the delegation of `zone` then lives
   * in the lower one, so when the server that gave the last referral answers authoritatively for the name just
   * above `zone`, that name is the parent.
   */
  async parentOf(zone: string): Promise<string | undefined> {
    const name = canonical(zone);
    if (name === '') return undefined;
    for (const [fakeZone] of this.fake) if (fakeZone === name) return parentName(name);
    const step = await this.resolve(name, 'SOA', 'IN', []);
    const cuts = step.cuts.filter((cut) => cut !== name && isInZone(name, cut));
    const found = cuts.length > 0 ? cuts[cuts.length - 1] : undefined;
    const above = parentName(name);
    if (found === undefined || found === above || !step.referredBy) return found;
    const p = await this.nameserver(step.referredBy.name, step.referredBy.address).query(above, 'SOA');
    const soa = isPacket(p) ? p.answer.find((rr) => rr.type === 'SOA') : undefined;
    return soa ? canonical(soa.name) : found;
  }

  /** A and AAAA addresses of a host name, following CNAMEs; families not enabled are still returned. */
  addressesOf(host: string): Promise<string[]> {
    return this.addressesAt(canonical(host), []);
  }

  /** `chain`: the resolutions waiting for this one (cycle and depth guard). */
  private addressesAt(host: string, chain: string[]): Promise<string[]> {
    const fakeHit = [...this.fake.values()].flat().filter((s) => s.name === host && s.address !== '');
    if (fakeHit.length > 0) return Promise.resolve(fakeHit.map((s) => s.address));
    let pending = chain.length === 0 ? this.addressCache.get(host) : undefined;
    if (!pending) {
      pending = this.lookupAddresses(host, chain);
      if (chain.length === 0) this.addressCache.set(host, pending);
    }
    return pending;
  }

  private async lookupAddresses(host: string, chain: string[]): Promise<string[]> {
    const result: string[] = [];
    for (const type of ['A', 'AAAA']) {
      const { packet } = await this.resolve(host, type, 'IN', chain);
      if (!packet || packet.rcode !== 'NOERROR') continue;
      for (const rr of packet.answer)
        if (rr.type === type && !result.includes(rr.data)) result.push(String(rr.data));
    }
    return result;
  }

  private usable(address: string): boolean {
    return familyOf(address) === 4 ? this.ipv4 : this.ipv6;
  }

  /** `glue`: the glue known to the walk this lookup serves (shared with it, as the reference does). */
  private resolve(
    name: string,
    type: string,
    klass: 'IN' | 'CH',
    chain: string[],
    glue: Glue = new Map(),
    start?: Start,
  ): Promise<Step> {
    const key = `${name}|${type}|${klass}`;
    // A lookup needed by itself (glue-less name servers inside their own zone) cannot succeed.
    if (chain.includes(key) || chain.length > MAX_GLUE_DEPTH * 2) return Promise.resolve({ cuts: [] });
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.followCnames(name, type, klass, [...chain, key], glue, start);
      // A pending nested lookup is not shared (it could wait on its own caller); its result is.
      if (chain.length === 0) this.cache.set(key, pending);
      else void pending.then((step) => this.cache.has(key) || this.cache.set(key, Promise.resolve(step)));
    }
    return pending;
  }

  private async followCnames(
    name: string,
    type: string,
    klass: 'IN' | 'CH',
    chain: string[],
    glue: Glue,
    start?: Start,
  ): Promise<Step> {
    const seen = new Set<string>([name]);
    let current = name;
    let step = await this.iterate(current, type, klass, chain, glue, start);
    let cnames = 0;
    while (step.packet && type !== 'CNAME' && step.packet.rcode === 'NOERROR') {
      const p = step.packet;
      if (p.answer.some((rr) => rr.name === current && rr.type === type)) break;
      // Walk the chain inside this packet.
      let target: string | undefined;
      for (let cname = p.answer.find((rr) => rr.name === current && rr.type === 'CNAME'); cname;) {
        if (cnames === 0) this.log('CNAME_START', { name: displayName(name), type, dns_class: klass });
        cnames++;
        target = canonical(String(cname.data));
        if (seen.has(target)) {
          this.log('CNAME_LOOP_INNER', { name: displayName(name), cname_set: [...seen].join(';') });
          return { cuts: step.cuts };
        }
        if (cnames > CNAME_MAX_RECORDS) {
          this.log('CNAME_RECORDS_TOO_MANY', {
            name: displayName(name),
            cname_rrs: String(cnames),
            max_cname_rrs: String(CNAME_MAX_RECORDS),
          });
          return { cuts: step.cuts };
        }
        seen.add(target);
        current = target;
        cname = p.answer.find((rr) => rr.name === current && rr.type === 'CNAME');
      }
      if (target === undefined) break;
      if (p.answer.some((rr) => rr.name === current && rr.type === type)) break;
      this.log('CNAME_FOLLOWED_OUT_OF_ZONE', { name: displayName(name), target: displayName(current) });
      step = await this.iterate(current, type, klass, chain, glue);
    }
    return step;
  }

  /**
   * Starting servers: the deepest fake delegation above `name` (as its referral would list them), else the root
   * hints sorted by name, each name's addresses in the order of the hints.
   */
  private startingPoint(name: string): Start {
    let best: { zone: string; servers: ServerAddress[] } | undefined;
    for (const [zone, servers] of this.fake) {
      if (isInZone(name, zone) && (!best || zone.length > best.zone.length)) best = { zone, servers };
    }
    if (!best) return { zone: '', servers: [...this.hints].sort((a, b) => compareText(a.name, b.name)) };
    const glue = new Map<string, string[]>();
    for (const s of best.servers)
      glue.set(s.name, [...(glue.get(s.name) ?? []), ...(s.address === '' ? [] : [s.address])]);
    return { zone: best.zone, servers: referralOrder(glue) };
  }

  /**
   * One resolution as the reference recursor walks it: servers are taken from the END of the current list and
   * the next server is asked only when one gives no response (REFUSED and SERVFAIL are kept as a last resort).
   * A referral to a zone not seen before (never the root) replaces the list with its servers in referral order;
   * any other response ends the walk.
   */
  private async iterate(
    name: string,
    type: string,
    klass: 'IN' | 'CH',
    chain: string[],
    glue: Glue,
    given?: Start,
  ): Promise<Step> {
    const start = given ?? this.startingPoint(name);
    const cuts = start.zone === undefined ? [] : [start.zone];
    const walk: Walk = { glue, seen: new Set(), chain };
    let servers = start.servers;
    let candidate: Packet | undefined;
    let referrals = 0;
    let referredBy: ServerAddress | undefined;
    for (let server = servers.pop(); server; server = servers.pop()) {
      const result = await this.ask(server, name, type, klass, walk);
      if (!isPacket(result)) continue;
      if (result.rcode === 'REFUSED' || result.rcode === 'SERVFAIL') {
        candidate = result;
        continue;
      }
      if (replyType(result) !== 'referral')
        return { packet: result, cuts, ...(referredBy ? { referredBy } : {}) };
      const zone = canonical(result.authority.find((rr) => rr.type === 'NS')!.name);
      if (zone === '' || walk.seen.has(zone)) continue;
      walk.seen.add(zone);
      referredBy = { name: server.name, address: walk.answeredFrom ?? server.address ?? '' };
      servers = this.referralServers(result, walk);
      if (++referrals > MAX_REFERRALS) {
        this.log('LOOP_PROTECTION', {
          caller: 'recursor',
          child_zone_name: displayName(name),
          name: displayName(zone),
        });
        return { cuts };
      }
      cuts.push(zone);
    }
    return { ...(candidate ? { packet: candidate } : {}), cuts, ...(referredBy ? { referredBy } : {}) };
  }

  /** Remembers the addresses of A/AAAA records as glue for the rest of the walk. */
  private collectGlue(records: RR[], walk: Walk): void {
    for (const rr of records) {
      if (rr.type !== 'A' && rr.type !== 'AAAA') continue;
      const list = walk.glue.get(rr.name) ?? [];
      if (!list.includes(String(rr.data))) list.push(String(rr.data));
      walk.glue.set(rr.name, list);
    }
  }

  /** A referral's servers: glued names (with glue from any response of the walk) first, then glueless names. */
  private referralServers(p: Packet, walk: Walk): Candidate[] {
    this.collectGlue([...p.answer, ...p.authority, ...p.additional], walk);
    const names = new Map<string, string[] | undefined>();
    for (const rr of [...p.answer, ...p.authority, ...p.additional]) {
      if (rr.type === 'NS') names.set(canonical(String(rr.data)), undefined);
    }
    for (const name of names.keys()) names.set(name, walk.glue.get(name));
    return referralOrder(names);
  }

  /** Asks one server; a glueless name is asked at each of its addresses in turn until one responds. */
  private async ask(
    server: Candidate,
    name: string,
    type: string,
    klass: 'IN' | 'CH',
    walk: Walk,
  ): Promise<QueryResult> {
    if (server.address !== undefined) return this.askAt(server.name, server.address, name, type, klass, walk);
    const addresses = walk.glue.get(server.name) ?? (await this.gluelessAddresses(server.name, walk));
    walk.glue.set(server.name, addresses);
    for (const address of addresses) {
      const result = await this.askAt(server.name, address, name, type, klass, walk);
      if (result) return result;
    }
    return undefined;
  }

  /** One address of a server. */
  private async askAt(
    server: string,
    address: string,
    name: string,
    type: string,
    klass: 'IN' | 'CH',
    walk: Walk,
  ): Promise<QueryResult> {
    if (!this.usable(address)) return undefined;
    const result = await this.nameserver(server, address).query(name, type, { class: klass });
    walk.answeredFrom = address;
    if (isPacket(result)) this.collectGlue([...result.answer, ...result.additional], walk);
    return result;
  }

  /** Addresses of a glueless name: A unless the name does not exist, then AAAA; all sorted as text. */
  private async gluelessAddresses(host: string, walk: Walk): Promise<string[]> {
    const fakeHit = [...this.fake.values()].flat().filter((s) => s.name === host && s.address !== '');
    if (fakeHit.length > 0) return fakeHit.map((s) => s.address);
    const found: string[] = [];
    for (const type of ['A', 'AAAA']) {
      const { packet } = await this.resolve(host, type, 'IN', walk.chain, walk.glue);
      if (!packet) continue;
      if (packet.rcode === 'NXDOMAIN') break;
      for (const rr of packet.answer)
        if (rr.type === type && !found.includes(String(rr.data))) found.push(String(rr.data));
    }
    return found.sort(compareText);
  }
}

interface Candidate {
  name: string;
  /** undefined: a glueless name, looked up when its turn comes */
  address?: string;
}

/** Where a walk starts: the zone the servers serve (unknown for servers given by a caller) and the servers. */
interface Start {
  zone: string | undefined;
  servers: Candidate[];
}

/** Name server name → addresses seen in A/AAAA records of any response of a walk and the lookups it needed. */
type Glue = Map<string, string[]>;

/** State of one walk: glue seen so far, referral zones followed, the lookups waiting on this one. */
interface Walk {
  glue: Glue;
  seen: Set<string>;
  chain: string[];
  /** The address the last query of the walk went to. */
  answeredFrom?: string;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Servers in the order the reference lists a referral's: glued (name, address) pairs by name then address,
 * followed by the glueless names sorted. Walks take servers from the end, so glueless names are asked first.
 */
export function referralOrder(names: Map<string, string[] | undefined>): Candidate[] {
  const glued: Candidate[] = [];
  const glueless: Candidate[] = [];
  for (const [name, addresses] of names) {
    if (addresses === undefined || addresses.length === 0) glueless.push({ name });
    else for (const address of addresses) glued.push({ name, address });
  }
  glued.sort(
    (a, b) =>
      compareText(a.name, b.name) ||
      compareText(fixedLengthAddress(a.address!), fixedLengthAddress(b.address!)),
  );
  glueless.sort((a, b) => compareText(a.name, b.name));
  return [...glued, ...glueless];
}

/** The kind of a response as ldns classifies it (the reference's Packet type). */
export function replyType(p: Packet): 'nxdomain' | 'nodata' | 'referral' | 'answer' {
  if (p.rcode === 'NXDOMAIN') return 'nxdomain';
  const additional = p.additional.filter((rr) => rr.type !== 'OPT');
  if (
    p.answer.length === 0 &&
    additional.length === 0 &&
    p.authority.length === 1 &&
    p.authority[0]!.type === 'SOA'
  )
    return 'nodata';
  if (p.answer.length === 0 && p.authority.some((rr) => rr.type === 'NS')) return 'referral';
  return 'answer';
}
