/**
 * One run's window on the shared answer cache (shared-cache.ts): which of its queries may use it. A query is
 * shared only when its name lies outside the tested zone and outside every name an undelegated test overrides,
 * and its server is not one of the tested zone's own name servers. The run does not know its own servers in
 * advance (finding them is part of the test), so the scope learns them from every response the run sees: the
 * targets of NS records of the tested zone, their A/AAAA records, and any server answering authoritatively
 * for a name in the zone. A server is only asked once its address is known, and its address is learned from a
 * response that names it, so a server is known as the zone's own before the run can ask it anything.
 */
import { canonicalAddress } from './address.js';
import { canonical, isAtOrBelow } from './name.js';
import type { SharedAnswerCache } from './shared-cache.js';
import type { Packet } from './types.js';

export interface SharedScopeOptions {
  /** the tested zone, canonical */
  zone: string;
  /** names an undelegated test gives (its name server names): never shared, at or below */
  overridden?: readonly string[];
  /** addresses known as the zone's own from the start (an undelegated test's given addresses) */
  ownAddresses?: readonly string[];
}

export class SharedScope {
  private readonly zone: string;
  private readonly overridden: string[];
  private readonly ownAddresses = new Set<string>();
  private readonly ownNames = new Set<string>();
  /** addresses seen for each name, so that a name found later to be an NS target brings its addresses */
  private readonly addressesOf = new Map<string, Set<string>>();

  constructor(
    readonly cache: SharedAnswerCache,
    options: SharedScopeOptions,
  ) {
    this.zone = canonical(options.zone);
    this.overridden = (options.overridden ?? []).map(canonical);
    for (const a of options.ownAddresses ?? []) this.ownAddresses.add(canonicalAddress(a));
    // The given name servers of an undelegated test are the zone's own, found without an NS record to say so.
    for (const name of this.overridden) this.ownNames.add(name);
  }

  /** Whether a query for `qname` to `address` may be answered from, and stored in, the shared cache. */
  allows(address: string, qname: string): boolean {
    const name = canonical(qname);
    if (isAtOrBelow(name, this.zone)) return false;
    if (this.overridden.some((o) => isAtOrBelow(name, o))) return false;
    return !this.ownAddresses.has(address);
  }

  /** Learns the zone's own servers from a response this run received (from the network or the cache). */
  observe(packet: Packet): void {
    const aboutZone = packet.question.some((q) => isAtOrBelow(canonical(q.name), this.zone));
    if (aboutZone && packet.flags.aa) this.ownAddresses.add(canonicalAddress(packet.from.address));
    for (const section of [packet.answer, packet.authority, packet.additional]) {
      for (const rr of section) {
        if (rr.type === 'NS' && canonical(rr.name) === this.zone) this.addOwnName(canonical(String(rr.data)));
        else if (rr.type === 'A' || rr.type === 'AAAA') this.addAddress(canonical(rr.name), String(rr.data));
      }
    }
  }

  private addOwnName(name: string): void {
    if (this.ownNames.has(name)) return;
    this.ownNames.add(name);
    for (const a of this.addressesOf.get(name) ?? []) this.ownAddresses.add(a);
  }

  private addAddress(name: string, address: string): void {
    const canonicalForm = canonicalAddress(address);
    if (this.ownNames.has(name)) this.ownAddresses.add(canonicalForm);
    let set = this.addressesOf.get(name);
    if (!set) this.addressesOf.set(name, (set = new Set()));
    set.add(canonicalForm);
  }
}
