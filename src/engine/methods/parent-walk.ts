/**
 * The walk from the root towards a zone's parent (QNAME minimisation, as Basic01 describes it): every server of
 * the closest enclosing zone, and how it answers for the child. Basic01 reports from it; MethodsV2
 * Get-Parent-NS-Names-and-IPs takes the servers that delegate or answer for the child.
 */
import type { Packet } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { canonical, labelsOf } from '../dns/name.js';
import {
  nsAndGlue,
  referralZone,
  type NameserverFactory,
  type Recursor,
  type ServerAddress,
} from '../recursor.js';
import type { NsSet } from './v2.js';

/** How a parent server answered for the child (Basic01 sets). */
export type ParentOutcome =
  'delegation' | 'aa-soa' | 'aa-nxdomain' | 'aa-cname' | 'cname-referral' | 'aa-dname' | 'aa-nodata';

export interface ParentFinding {
  /** parent server address */
  address: string;
  /** every name seen for that address in that zone */
  names: string[];
  zone: string;
  outcome: ParentOutcome;
  /** DNAME target, for aa-dname */
  dnameTarget?: string;
}

export interface ParentWalkHooks {
  /** B01_SERVER_ZONE_ERROR in Basic01; nothing in the Method. */
  serverZoneError?(queryName: string, rrtype: string, server: ServerAddress): void;
  /** Whether queries may go to this server at all (disabled address family: the server is skipped). */
  canSend?(server: ServerAddress): boolean;
  /** A query is about to be sent (Basic01 reports the transport used). */
  onSend?(server: ServerAddress, rrtype: string): void;
}

interface Tuple {
  name: string;
  address: string;
  zone: string;
}

const serverKey = (address: string, zone: string) => `${address}|${zone}`;
const isAaNoError = (p: Packet) => p.rcode === 'NOERROR' && p.flags.aa;

function nsAnswerOk(p: Packet, owner: string): boolean {
  const ns = p.answer.filter((rr) => rr.type === 'NS');
  return isAaNoError(p) && ns.length > 0 && ns.every((rr) => rr.name === owner);
}

/**
 * The QNAME-minimisation walk shared by Basic01 and Get-Parent-NS-Names-and-IPs: from the root servers down
 * towards `child`, recording how each server of the closest enclosing zone answers for the child.
 */
export async function walkToParent(
  child: string,
  roots: readonly ServerAddress[],
  nameserver: NameserverFactory,
  recursor: Recursor,
  hooks: ParentWalkHooks = {},
): Promise<ParentFinding[]> {
  return new ParentWalk(child, roots, nameserver, recursor, hooks).run();
}

/** One walk (a class rather than closures: see the note in dns/transport.ts). */
class ParentWalk {
  private readonly childLabels: string[];
  private readonly remaining: Tuple[];
  private readonly handled = new Map<string, string[]>(); // "address|zone" -> server names
  private readonly findings: ParentFinding[] = [];

  constructor(
    private readonly child: string,
    roots: readonly ServerAddress[],
    private readonly nameserver: NameserverFactory,
    private readonly recursor: Recursor,
    private readonly hooks: ParentWalkHooks,
  ) {
    this.childLabels = labelsOf(child);
    this.remaining = roots.map((r) => ({ name: r.name, address: r.address, zone: '' }));
  }

  private enqueue(name: string, address: string, zone: string): void {
    if (this.remaining.some((t) => t.address === address && t.zone === zone && t.name === name)) return;
    if (this.handled.get(serverKey(address, zone))?.includes(name)) return;
    this.remaining.push({ name, address, zone });
  }

  private async enqueueAll(servers: NsSet, zone: string): Promise<void> {
    for (const [name, addresses] of servers) {
      const list = addresses.length > 0 ? addresses : await this.recursor.addressesOf(name);
      for (const address of list) this.enqueue(name, address, zone);
    }
  }

  private async send(server: ServerAddress, qname: string, rrtype: string): Promise<Packet | undefined> {
    this.hooks.onSend?.(server, rrtype);
    const result = await this.nameserver(server.name, server.address).query(qname, rrtype);
    return isPacket(result) ? result : undefined;
  }

  /** The NS query for `zone`: its servers join the walk; false (reported) when the answer does not do. */
  private async followNs(server: ServerAddress, zone: string): Promise<boolean> {
    const ns = await this.send(server, zone, 'NS');
    if (!ns || !nsAnswerOk(ns, zone)) {
      this.error(zone, 'NS', server);
      return false;
    }
    await this.enqueueAll(
      nsAndGlue(
        ns.answer.filter((rr) => rr.type === 'NS'),
        ns.additional,
      ),
      zone,
    );
    return true;
  }

  private error(qname: string, rrtype: string, server: ServerAddress): void {
    this.hooks.serverZoneError?.(qname, rrtype, server);
  }

  private record(server: Tuple, zone: string, outcome: ParentOutcome, dnameTarget?: string): void {
    this.findings.push({ address: server.address, names: [server.name], zone, outcome, dnameTarget });
  }

  async run(): Promise<ParentFinding[]> {
    const { child, childLabels, remaining, handled, findings, hooks } = this;
    while (remaining.length > 0) {
      const server = remaining.shift()!;
      let zoneName = server.zone;
      const seenNames = handled.get(serverKey(server.address, zoneName));
      if (seenNames) {
        // Same address in the same zone under another name: one more name for a known parent server.
        seenNames.push(server.name);
        for (const f of findings)
          if (f.address === server.address && f.zone === zoneName && !f.names.includes(server.name))
            f.names.push(server.name);
        continue;
      }
      handled.set(serverKey(server.address, zoneName), [server.name]);
      if (hooks.canSend && !hooks.canSend(server)) continue;

      const soa = await this.send(server, zoneName, 'SOA');
      const soaRecords = soa?.answer.filter((rr) => rr.type === 'SOA') ?? [];
      if (!soa || !isAaNoError(soa) || soaRecords.length !== 1 || soaRecords[0]!.name !== zoneName) {
        this.error(zoneName, 'SOA', server);
        continue;
      }
      if (!(await this.followNs(server, zoneName))) continue;
      let intermediate = zoneName;
      for (;;) {
        const depth = labelsOf(intermediate).length;
        if (depth >= childLabels.length) break; // the child is not below this zone: nothing to learn here
        intermediate = childLabels.slice(childLabels.length - depth - 1).join('.');
        const p = await this.send(server, intermediate, 'SOA');
        if (!p) {
          this.error(intermediate, 'SOA', server);
          break;
        }
        const soaHere = p.answer.filter((rr) => rr.type === 'SOA');
        if (isAaNoError(p) && soaHere.length === 1 && soaHere[0]!.name === intermediate) {
          if (intermediate === child) {
            this.record(server, zoneName, 'aa-soa');
            break;
          }
          if (!(await this.followNs(server, intermediate))) break;
          zoneName = intermediate;
          continue;
        }
        if (p.rcode === 'NXDOMAIN' && p.flags.aa) {
          this.record(server, zoneName, 'aa-nxdomain');
          break;
        }
        const cut = referralZone(p);
        if (cut === intermediate && p.answer.length === 0) {
          if (intermediate === child) this.record(server, zoneName, 'delegation');
          else
            await this.enqueueAll(
              nsAndGlue(
                p.authority.filter((rr) => rr.type === 'NS' && rr.name === cut),
                p.additional,
              ),
              intermediate,
            );
          break;
        }
        if (isAaNoError(p)) {
          if (intermediate !== child) continue;
          if (p.answer.some((rr) => rr.type === 'CNAME' && rr.name === child)) {
            this.record(server, zoneName, 'aa-cname');
            break;
          }
          const dname = await this.send(server, child, 'DNAME');
          const dnameRr = dname?.answer.find((rr) => rr.type === 'DNAME' && rr.name === child);
          if (dname && isAaNoError(dname) && dnameRr)
            this.record(server, zoneName, 'aa-dname', canonical(String(dnameRr.data)));
          else this.record(server, zoneName, 'aa-nodata');
          break;
        }
        if (cut !== undefined && p.answer.some((rr) => rr.type === 'CNAME' && rr.name === child)) {
          this.record(server, zoneName, 'cname-referral');
          break;
        }
        this.error(intermediate, 'SOA', server);
        break;
      }
    }
    return findings;
  }
}
