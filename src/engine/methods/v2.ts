/**
 * The zone under test and the Methods of MethodsV2.md (Get-Parent-NS-Names-and-IPs ... Get-Zone-NS-IPs),
 * each computed once per run. A name server set maps each unique name server name to its (possibly empty)
 * list of addresses; `undefined` is the specification's "undefined set".
 */
import type { Nameserver, Packet, QueryFlags } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { canonical, familyOf, isAtOrBelow } from '../dns/name.js';
import type { DsSpec } from '../types.js';
import {
  answerRecords,
  nsAndGlue,
  referralZone,
  type NameserverFactory,
  type Recursor,
  type ServerAddress,
} from '../recursor.js';
import { walkToParent } from './parent-walk.js';
import { V1Zone } from './v1-zone.js';
import { Memo } from './memo.js';

/** Name server name -> its addresses (possibly none). */
export type NsSet = Map<string, string[]>;

export interface ZoneModelOptions {
  /** Child Zone, canonical (lower case, no trailing dot, "" = root). */
  name: string;
  recursor: Recursor;
  nameserver: NameserverFactory;
  /** Undelegated Data: name server name -> addresses (possibly none). Absent = normal test. */
  undelegated?: NsSet;
  /** Undelegated DS: the DS records given by the user (empty unless given). */
  undelegatedDs?: readonly DsSpec[];
  ipv4?: boolean;
  ipv6?: boolean;
}

function addAddress(set: NsSet, name: string, address: string) {
  const list = set.get(name);
  if (!list) set.set(name, [address]);
  else if (!list.includes(address)) list.push(address);
}

function uniqueAddresses(set: NsSet): string[] {
  return [...new Set([...set.values()].flat())];
}

/**
 * The servers of a set as the reference lists them: "name/address" pairs, and names without an address as
 * "name", sorted as text.
 */
function referenceOrder(set: NsSet): { name: string; address?: string }[] {
  const servers = [...set].flatMap(([name, addresses]) =>
    addresses.length === 0 ? [{ name }] : addresses.map((address) => ({ name, address })),
  );
  const key = (s: { name: string; address?: string }) =>
    s.address === undefined ? s.name : `${s.name}/${s.address}`;
  return servers.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function copySet(set: NsSet): NsSet {
  return new Map([...set].map(([name, addresses]) => [name, [...addresses]]));
}

export class ZoneModel {
  readonly name: string;
  readonly recursor: Recursor;
  readonly undelegated?: NsSet;
  /** Undelegated DS (specification test-types/undelegated-test.md); empty unless given. */
  readonly undelegatedDs: readonly DsSpec[];
  private readonly nameserverFactory: NameserverFactory;
  private readonly ipv4: boolean;
  private readonly ipv6: boolean;
  private readonly memo = new Memo();
  /** The same zone as Methods.md (version 1) sees it. */
  readonly v1: V1Zone;

  constructor(options: ZoneModelOptions) {
    this.name = options.name;
    this.recursor = options.recursor;
    this.nameserverFactory = options.nameserver;
    this.undelegated = options.undelegated;
    this.undelegatedDs = options.undelegatedDs ?? [];
    this.ipv4 = options.ipv4 ?? true;
    this.ipv6 = options.ipv6 ?? true;
    this.v1 = new V1Zone(this.name, this, true);
  }

  /** Test Type: "undelegated test" when Undelegated Data is present. */
  get isUndelegated(): boolean {
    return this.undelegated !== undefined && this.undelegated.size > 0;
  }

  nameserver(name: string, address: string): Nameserver {
    return this.nameserverFactory(name, address);
  }

  /** Whether queries may be sent to this address (profile net.ipv4 / net.ipv6). */
  canSendTo(address: string): boolean {
    return familyOf(address) === 4 ? this.ipv4 : this.ipv6;
  }

  /** In-Bailiwick ("in domain", RFC 8499) of the child zone. */
  isInBailiwick(nsName: string): boolean {
    return isAtOrBelow(canonical(nsName), this.name);
  }

  inBailiwick(names: Iterable<string>): string[] {
    return [...names].filter((n) => this.isInBailiwick(n));
  }

  outOfBailiwick(names: Iterable<string>): string[] {
    return [...names].filter((n) => !this.isInBailiwick(n));
  }

  private async send(
    address: string,
    name: string,
    qname: string,
    qtype: string,
    flags?: QueryFlags,
  ): Promise<Packet | undefined> {
    if (!this.canSendTo(address)) return undefined;
    const result = await this.nameserver(name, address).query(qname, qtype, flags);
    return isPacket(result) ? result : undefined;
  }

  // Get-Parent-NS-Names-and-IPs
  parentNsNamesAndIps(): Promise<ServerAddress[] | undefined> {
    return this.memo.once('parent', async () => {
      if (this.name === '' || this.isUndelegated) return [];
      const findings = await walkToParent(
        this.name,
        this.recursor.rootServers,
        this.nameserverFactory,
        this.recursor,
        {
          canSend: (s) => this.canSendTo(s.address),
        },
      );
      const pairs: ServerAddress[] = [];
      for (const f of findings) {
        if (f.outcome !== 'delegation' && f.outcome !== 'aa-soa') continue;
        for (const name of f.names)
          if (!pairs.some((p) => p.name === name && p.address === f.address))
            pairs.push({ name, address: f.address });
      }
      return pairs.length > 0 ? pairs : undefined;
    });
  }

  // Get-Parent-NS-IPs
  async parentNsIps(): Promise<string[] | undefined> {
    const pairs = await this.parentNsNamesAndIps();
    return pairs === undefined ? undefined : [...new Set(pairs.map((p) => p.address))];
  }

  // Get-Delegation (internal)
  delegation(): Promise<NsSet | undefined> {
    return this.memo.once('delegation', async () => {
      if (this.isUndelegated) {
        const set: NsSet = new Map();
        for (const [name, addresses] of this.undelegated!)
          set.set(name, this.isInBailiwick(name) ? [...addresses] : []);
        return set;
      }
      if (this.name === '') {
        const set: NsSet = new Map();
        for (const r of this.recursor.rootServers) addAddress(set, r.name, r.address);
        return set;
      }
      const parents = await this.parentNsNamesAndIps();
      if (!parents || parents.length === 0) return undefined;
      const seen = new Set<string>();
      const delegation: NsSet = new Map();
      const authoritative: NsSet = new Map();
      for (const parent of parents) {
        if (seen.has(parent.address)) continue;
        seen.add(parent.address);
        const p = await this.send(parent.address, parent.name, this.name, 'NS');
        if (!p || p.rcode !== 'NOERROR') continue;
        if (referralZone(p) === this.name && p.answer.length === 0) {
          this.mergeNsWithGlue(
            delegation,
            p.authority.filter((rr) => rr.type === 'NS' && rr.name === this.name),
            p,
          );
        } else if (p.flags.aa && p.answer.some((rr) => rr.type === 'NS' && rr.name === this.name)) {
          this.mergeNsWithGlue(
            authoritative,
            p.answer.filter((rr) => rr.type === 'NS' && rr.name === this.name),
            p,
          );
          for (const [name, addresses] of authoritative) {
            if (addresses.length > 0 || !this.isInBailiwick(name)) continue;
            for (const address of await this.addressesFromServers([parent], name))
              addAddress(authoritative, name, address);
          }
        }
      }
      if (delegation.size > 0) return delegation;
      return authoritative;
    });
  }

  private mergeNsWithGlue(target: NsSet, nsRecords: Packet['answer'], p: Packet) {
    for (const [name, glue] of nsAndGlue(nsRecords, p.additional)) {
      if (!target.has(name)) target.set(name, []);
      if (this.isInBailiwick(name)) for (const address of glue) addAddress(target, name, address);
    }
  }

  /**
   * A and AAAA of `host` asked directly of `servers` (authoritative answers only), following referrals to
   * zones below the child and CNAMEs (Get-Delegation step 7.4).
   */
  private async addressesFromServers(servers: ServerAddress[], host: string): Promise<string[]> {
    const found: string[] = [];
    for (const type of ['A', 'AAAA']) {
      for (const server of servers) {
        let current: ServerAddress[] = [server];
        const qname = host;
        for (let step = 0; step < 10 && current.length > 0; step++) {
          let next: ServerAddress[] = [];
          for (const s of current) {
            const p = await this.send(s.address, s.name, qname, type);
            if (!p || p.rcode !== 'NOERROR') continue;
            const cut = referralZone(p);
            if (
              cut !== undefined &&
              p.answer.length === 0 &&
              cut !== this.name &&
              isAtOrBelow(cut, this.name) &&
              isAtOrBelow(qname, cut)
            ) {
              const glue = nsAndGlue(
                p.authority.filter((rr) => rr.type === 'NS' && rr.name === cut),
                p.additional,
              );
              next = [...glue].flatMap(([name, addresses]) =>
                addresses.map((address) => ({ name, address })),
              );
              break;
            }
            if (!p.flags.aa) continue;
            const records = answerRecords(p, qname, type);
            for (const rr of records) if (!found.includes(String(rr.data))) found.push(String(rr.data));
            if (records.length === 0) {
              // A CNAME leading out of this packet: resolve the target elsewhere.
              const cname = answerRecords(p, qname, 'CNAME')[0];
              if (cname)
                for (const a of await this.recursor.addressesOf(String(cname.data)))
                  if (familyOf(a) === (type === 'A' ? 4 : 6) && !found.includes(a)) found.push(a);
            }
            break;
          }
          current = next;
        }
      }
    }
    return found;
  }

  // Get-OOB-IPs (internal)
  async oobIps(names: Iterable<string>): Promise<NsSet> {
    const set: NsSet = new Map();
    for (const name of names) {
      set.set(name, []);
      const given = this.isUndelegated ? this.undelegated!.get(name) : undefined;
      const addresses = given && given.length > 0 ? given : await this.recursor.addressesOf(name);
      for (const address of addresses) addAddress(set, name, address);
    }
    return set;
  }

  // Get-Del-NS-Names-and-IPs
  delNsNamesAndIps(): Promise<NsSet | undefined> {
    return this.memo.once('delNsNamesAndIps', async () => {
      const delegation = await this.delegation();
      if (delegation === undefined) return undefined;
      const result = copySet(delegation);
      if (result.size === 0) return result;
      for (const [name, addresses] of await this.oobIps(this.outOfBailiwick(result.keys()))) {
        for (const address of addresses) addAddress(result, name, address);
      }
      return result;
    });
  }

  // Get-Del-NS-Names
  async delNsNames(): Promise<string[] | undefined> {
    const set = await this.delNsNamesAndIps();
    return set === undefined ? undefined : [...set.keys()];
  }

  // Get-Del-NS-IPs
  async delNsIps(): Promise<string[] | undefined> {
    const set = await this.delNsNamesAndIps();
    return set === undefined ? undefined : uniqueAddresses(set);
  }

  // Get-Zone-NS-Names
  zoneNsNames(): Promise<string[] | undefined> {
    return this.memo.once('zoneNsNames', async () => {
      const del = await this.delNsNamesAndIps();
      if (del === undefined) return undefined;
      const names: string[] = [];
      for (const [nsName, addresses] of del) {
        for (const address of addresses) {
          const p = await this.send(address, nsName, this.name, 'NS');
          if (!p || !p.flags.aa || p.rcode !== 'NOERROR') continue;
          for (const rr of p.answer) {
            if (rr.type === 'NS' && rr.name === this.name && !names.includes(canonical(String(rr.data))))
              names.push(canonical(String(rr.data)));
          }
        }
      }
      return names;
    });
  }

  // Get-IB-Addr-in-Zone (internal)
  ibAddrInZone(): Promise<NsSet | undefined> {
    return this.memo.once('ibAddrInZone', () => this.findIbAddrInZone());
  }

  private async findIbAddrInZone(): Promise<NsSet | undefined> {
    const del = await this.delNsNamesAndIps();
    const zoneNames = await this.zoneNsNames();
    if (!del || del.size === 0 || uniqueAddresses(del).length === 0 || !zoneNames || zoneNames.length === 0)
      return undefined;
    const result: NsSet = new Map();
    for (const name of this.inBailiwick([...zoneNames].sort())) {
      result.set(name, []);
      for (const server of referenceOrder(del))
        for (const type of ['A', 'AAAA']) {
          // The recursor answers a name and type once per run (as the reference's does): only the first
          // server is asked, unless an earlier lookup already resolved the name.
          const p = await this.recursor.recurseFrom(name, type, [server]);
          if (!p || !p.flags.aa || p.rcode !== 'NOERROR') continue;
          const owner = p.question[0] ? canonical(p.question[0].name) : name;
          for (const rr of answerRecords(p, owner, type)) addAddress(result, name, String(rr.data));
        }
    }
    return result;
  }

  // Get-Zone-NS-Names-and-IPs
  zoneNsNamesAndIps(): Promise<NsSet | undefined> {
    return this.memo.once('zoneNsNamesAndIps', async () => {
      const names = await this.zoneNsNames();
      if (names === undefined) return undefined;
      const result: NsSet = new Map(names.map((n) => [n, [] as string[]]));
      if (names.length === 0) return result;
      for (const [name, addresses] of (await this.ibAddrInZone()) ?? new Map<string, string[]>()) {
        for (const address of addresses) addAddress(result, name, address);
      }
      for (const [name, addresses] of await this.oobIps(this.outOfBailiwick(names))) {
        for (const address of addresses) addAddress(result, name, address);
      }
      return result;
    });
  }

  // Get-Zone-NS-IPs
  async zoneNsIps(): Promise<string[] | undefined> {
    const set = await this.zoneNsNamesAndIps();
    return set === undefined ? undefined : uniqueAddresses(set);
  }

  /** Name server objects for every (name, address) pair of a set. */
  nameserversOf(set: NsSet | undefined): Nameserver[] {
    if (!set) return [];
    return [...set].flatMap(([name, addresses]) =>
      addresses.map((address) => this.nameserver(name, address)),
    );
  }

  /** Delegation name servers (Get-Del-NS-Names-and-IPs) as objects. */
  async delNameservers(): Promise<Nameserver[]> {
    return this.nameserversOf(await this.delNsNamesAndIps());
  }

  /** Zone name servers (Get-Zone-NS-Names-and-IPs) as objects. */
  async zoneNameservers(): Promise<Nameserver[]> {
    return this.nameserversOf(await this.zoneNsNamesAndIps());
  }
}

/**
 * Get-Del-NS-Names-and-IPs and Get-Zone-NS-Names-and-IPs together, as the MethodsV2 test cases take them: each
 * (name, address) once, sorted by "name/address".
 */
export async function delAndZoneNsNamesAndIps(zone: ZoneModel): Promise<ServerAddress[]> {
  const pairs = [await zone.delNsNamesAndIps(), await zone.zoneNsNamesAndIps()].flatMap((set) =>
    [...(set ?? [])].flatMap(([name, addresses]) => addresses.map((address) => ({ name, address }))),
  );
  const unique = new Map<string, ServerAddress>();
  for (const p of pairs) if (!unique.has(`${p.name}/${p.address}`)) unique.set(`${p.name}/${p.address}`, p);
  return [...unique.keys()].sort().map((key) => unique.get(key)!);
}
