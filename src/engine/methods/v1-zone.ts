/**
 * The zone as Methods.md (version 1) sees it, built the way the reference engine builds it, so that a test case
 * using these methods sends the queries the reference sends: the parent from a recursive lookup (Method 1), the
 * delegation's names from the first parent server that has them (Method 2), the child's names from the first
 * delegated server that answers (Method 3), and each name's addresses from a recursive lookup made only when a
 * server of that name is needed (Method 4, Method 5). Every set is computed once per run.
 */
import type { Nameserver, Packet, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { canonical } from '../dns/name.js';
import { compareText, type NameserverFactory, type Recursor, type ServerAddress } from '../recursor.js';
import { fixedLengthAddress } from '../dns/address.js';
import type { NsSet } from './v2.js';
import { Memo } from './memo.js';

export interface V1World {
  recursor: Recursor;
  nameserver: NameserverFactory;
  /** Undelegated Data of the zone under test (its names and the addresses given for them). */
  undelegated?: NsSet;
  canSendTo(address: string): boolean;
}

/**
 * A name's addresses as the reference looks them up: A, then AAAA unless the name does not exist; records owned
 * by the name or by the target of its CNAME; sorted as the reference's lists of a name's servers are, IPv6
 * addresses written out in full.
 */
async function addressesOf(recursor: Recursor, name: string): Promise<string[]> {
  const a = await recursor.recurse(name, 'A');
  if (a && a.rcode === 'NXDOMAIN') return [];
  const aaaa = await recursor.recurse(name, 'AAAA');
  const found: string[] = [];
  for (const [p, type] of [
    [a, 'A'],
    [aaaa, 'AAAA'],
  ] as const) {
    if (!p) continue;
    const targets = new Set(
      p.answer
        .filter((rr) => rr.type === 'CNAME' && rr.name === name)
        .map((rr) => canonical(String(rr.data))),
    );
    for (const rr of p.answer)
      if (rr.type === type && (rr.name === name || targets.has(rr.name))) found.push(String(rr.data));
  }
  return [...new Set(found)].sort((x, y) => compareText(fixedLengthAddress(x), fixedLengthAddress(y)));
}

/** The servers of a list of names, each name's addresses looked up when a server past the loaded ones is asked for. */
export class LazyServers {
  private readonly loaded: ServerAddress[] = [];
  private readonly pending: string[];

  constructor(
    names: readonly string[],
    private readonly lookup: (name: string) => Promise<string[]>,
  ) {
    this.pending = [...names];
  }

  async at(index: number): Promise<ServerAddress | undefined> {
    while (this.loaded.length <= index && this.pending.length > 0) await this.load(this.pending.shift()!);
    return this.loaded[index];
  }

  async all(): Promise<ServerAddress[]> {
    while (this.pending.length > 0) await this.load(this.pending.shift()!);
    return [...this.loaded];
  }

  private async load(name: string): Promise<void> {
    for (const address of await this.lookup(name))
      if (!this.loaded.some((s) => s.name === name && s.address === address))
        this.loaded.push({ name, address });
  }
}

function nsNamesIn(p: Packet, owner: string): string[] {
  const records: RR[] = [...p.answer, ...p.authority, ...p.additional];
  const names = records
    .filter((rr) => rr.type === 'NS' && rr.name === owner)
    .map((rr) => canonical(String(rr.data)));
  return [...new Set(names)].sort();
}

export class V1Zone {
  private readonly memo = new Memo();

  constructor(
    readonly name: string,
    private readonly world: V1World,
    /** the zone under test (Undelegated Data applies to it only) */
    private readonly tested: boolean,
  ) {}

  /**
   * Names and addresses that replace the parent's delegation: Undelegated Data for the zone under test, a fake
   * delegation for a zone above it (the reference answers with a fake referral of these names).
   */
  private given(): NsSet | undefined {
    if (this.tested) return this.world.undelegated;
    const fake = this.world.recursor.fakeDelegationOf(this.name);
    if (!fake) return undefined;
    const set: NsSet = new Map();
    for (const s of fake)
      set.set(s.name, [...(set.get(s.name) ?? []), ...(s.address === '' ? [] : [s.address])]);
    return set;
  }

  private query(server: ServerAddress, qname: string, qtype: string): Promise<Packet | undefined> {
    return this.world
      .nameserver(server.name, server.address)
      .query(qname, qtype)
      .then((r) => (isPacket(r) ? r : undefined));
  }

  // Method 1: Obtain the parent domain
  parent(): Promise<V1Zone | undefined> {
    return this.memo.once('parent', async () => {
      if (this.name === '') return this;
      const parent = await this.world.recursor.parentOf(this.name);
      return parent === undefined ? undefined : new V1Zone(parent, this.world, false);
    });
  }

  // Method 2: Obtain "glue Name records" from parent
  glueNames(): Promise<string[]> {
    return this.memo.once('glueNames', async () => {
      const given = this.given();
      if (given && given.size > 0) return [...given.keys()].sort();
      const parent = await this.parent();
      if (!parent) return [];
      const p = await parent.queryPersistent(this.name, 'NS');
      return p ? nsNamesIn(p, this.name) : [];
    });
  }

  // Method 4: Obtain "glue address records" from parent
  glue(): Promise<LazyServers> {
    return this.memo.once('glue', async () => {
      const given = this.given();
      const lookup = (n: string) => addressesOf(this.world.recursor, n);
      // The root's delegation is the root hints: a name the root servers give has the addresses the hints give
      // it, none when they do not list it.
      if (this.name === '') {
        const hints = this.world.recursor.rootServers;
        return new LazyServers(await this.glueNames(), (n) =>
          Promise.resolve(hints.filter((s) => s.name === n).map((s) => s.address)),
        );
      }
      // Undelegated Data: the addresses given for a name, else (a name given without any) its own.
      if (given && given.size > 0)
        return new LazyServers(await this.glueNames(), async (n) =>
          given.get(n)?.length ? given.get(n)! : lookup(n),
        );
      return new LazyServers(await this.glueNames(), lookup);
    });
  }

  // Method 3: Obtain name servers from child: the NS query to every server of the zone, the names once each
  childNsNames(): Promise<string[]> {
    return this.memo.once('childNsNames', async () => {
      const names: string[] = [];
      for (const server of await (await this.ns()).all()) {
        if (!this.world.canSendTo(server.address)) continue;
        const p = await this.query(server, this.name, 'NS');
        if (!p) continue;
        for (const rr of p.records('NS'))
          if (rr.name === this.name && !names.includes(canonical(String(rr.data))))
            names.push(canonical(String(rr.data)));
      }
      return names;
    });
  }

  /** The zone's name server names: from the first delegated server that answers the NS query (Method 5's names). */
  nsNames(): Promise<string[]> {
    return this.memo.once('nsNames', () => this.findNsNames());
  }

  private async findNsNames(): Promise<string[]> {
    if (this.name === '') return [...new Set(this.world.recursor.rootServers.map((s) => s.name))].sort();
    const glue = await this.glue();
    let answer: Packet | undefined;
    for (let i = 0; ; i++) {
      const server = await glue.at(i);
      if (!server) break;
      answer = await this.query(server, this.name, 'NS');
      if (answer && answer.answer.length > 0 && answer.rcode === 'NOERROR') break;
    }
    return answer ? nsNamesIn(answer, this.name) : [];
  }

  // Method 5: Obtain the name server address records from child
  ns(): Promise<LazyServers> {
    return this.memo.once('ns', async () => {
      if (this.name === '') {
        const roots = this.world.recursor.rootServers;
        return new LazyServers([...new Set(roots.map((s) => s.name))], async (n) =>
          roots.filter((s) => s.name === n).map((s) => s.address),
        );
      }
      return new LazyServers(await this.nsNames(), (n) => addressesOf(this.world.recursor, n));
    });
  }

  /**
   * The address records the parent's referral carries for the delegation's names (Methods.md Method 4 read
   * literally: the glue in the response), from the first parent server that responds.
   */
  referralGlue(): Promise<ServerAddress[]> {
    return this.memo.once('referralGlue', async () => {
      const parent = await this.parent();
      const p = parent ? await parent.queryOne(this.name, 'NS') : undefined;
      if (!p) return [];
      const records = [...p.answer, ...p.authority, ...p.additional];
      const servers: ServerAddress[] = [];
      for (const name of await this.glueNames())
        for (const rr of records)
          if ((rr.type === 'A' || rr.type === 'AAAA') && rr.name === name)
            servers.push({ name, address: String(rr.data) });
      return servers;
    });
  }

  /** The first response from the zone's servers in turn (the reference's query_one). */
  queryOne(qname: string, qtype: string): Promise<Packet | undefined> {
    return this.firstResponse(qname, qtype, () => true);
  }

  /** The first response, from the zone's servers in turn, that has a record of the type for the name. */
  queryPersistent(qname: string, qtype: string): Promise<Packet | undefined> {
    return this.firstResponse(qname, qtype, (p) => p.records(qtype).some((rr) => rr.name === qname));
  }

  private async firstResponse(
    qname: string,
    qtype: string,
    accept: (p: Packet) => boolean,
  ): Promise<Packet | undefined> {
    const servers = await this.ns();
    for (let i = 0; ; i++) {
      const server = await servers.at(i);
      if (!server) return undefined;
      if (!this.world.canSendTo(server.address)) continue;
      const p = await this.query(server, qname, qtype);
      if (p && accept(p)) return p;
    }
  }
}

/** Name server objects of servers. */
export function nameserversOf(world: V1World, servers: ServerAddress[]): Nameserver[] {
  return servers.map((s) => world.nameserver(s.name, s.address));
}
