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
  /**
   * Basic01 as the reference walks it: zone after zone in the order they were found, each with the servers it
   * had when its turn came; servers found later for a zone already started are not asked. Otherwise every
   * server is asked in the order it was found.
   */
  zoneByZone?: boolean;
}

interface Tuple {
  name: string;
  address: string;
  zone: string;
}

/** The servers still to ask, in the order they were found. */
class InOrder {
  private readonly list: Tuple[] = [];

  push(t: Tuple): void {
    if (!this.list.some((o) => o.address === t.address && o.zone === t.zone && o.name === t.name))
      this.list.push(t);
  }

  next(): Tuple | undefined {
    return this.list.shift();
  }
}

/** The servers still to ask, zone by zone (see ParentWalkHooks.zoneByZone). */
class ZoneByZone {
  private readonly byZone = new Map<string, Tuple[]>();
  private readonly zones: string[] = [];
  private current: Tuple[] = [];

  push(t: Tuple): void {
    const list = this.byZone.get(t.zone);
    if (list) list.push(t);
    else {
      this.byZone.set(t.zone, [t]);
      this.zones.push(t.zone);
    }
  }

  next(): Tuple | undefined {
    while (this.current.length === 0) {
      const zone = this.zones.shift();
      if (zone === undefined) return undefined;
      this.current = [...this.byZone.get(zone)!];
    }
    return this.current.shift();
  }
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
  const childLabels = labelsOf(child);
  const remaining = hooks.zoneByZone ? new ZoneByZone() : new InOrder();
  for (const r of roots) remaining.push({ name: r.name, address: r.address, zone: '' });
  const handled = new Map<string, string[]>(); // "address|zone" -> server names
  const findings: ParentFinding[] = [];
  const key = (address: string, zone: string) => `${address}|${zone}`;

  const enqueue = (name: string, address: string, zone: string) => {
    if (handled.get(key(address, zone))?.includes(name)) return;
    remaining.push({ name, address, zone });
  };
  const enqueueAll = async (servers: NsSet, zone: string) => {
    for (const [name, addresses] of servers) {
      const list = addresses.length > 0 ? addresses : await recursor.addressesOf(name);
      for (const address of list) enqueue(name, address, zone);
    }
  };
  const send = async (server: ServerAddress, qname: string, rrtype: string): Promise<Packet | undefined> => {
    hooks.onSend?.(server, rrtype);
    const result = await nameserver(server.name, server.address).query(qname, rrtype);
    return isPacket(result) ? result : undefined;
  };
  const error = (qname: string, rrtype: string, server: ServerAddress) =>
    hooks.serverZoneError?.(qname, rrtype, server);
  const isAaNoError = (p: Packet) => p.rcode === 'NOERROR' && p.flags.aa;
  const nsAnswerOk = (p: Packet, owner: string) => {
    const ns = p.answer.filter((rr) => rr.type === 'NS');
    return isAaNoError(p) && ns.length > 0 && ns.every((rr) => rr.name === owner);
  };

  for (let server = remaining.next(); server; server = remaining.next()) {
    let zoneName = server.zone;
    const seenNames = handled.get(key(server.address, zoneName));
    if (seenNames) {
      // Same address in the same zone under another name: one more name for a known parent server.
      seenNames.push(server.name);
      for (const f of findings)
        if (f.address === server.address && f.zone === zoneName && !f.names.includes(server.name))
          f.names.push(server.name);
      continue;
    }
    handled.set(key(server.address, zoneName), [server.name]);
    if (hooks.canSend && !hooks.canSend(server)) continue;

    const soa = await send(server, zoneName, 'SOA');
    const soaRecords = soa?.answer.filter((rr) => rr.type === 'SOA') ?? [];
    if (!soa || !isAaNoError(soa) || soaRecords.length !== 1 || soaRecords[0]!.name !== zoneName) {
      error(zoneName, 'SOA', server);
      continue;
    }
    const ns = await send(server, zoneName, 'NS');
    if (!ns || !nsAnswerOk(ns, zoneName)) {
      error(zoneName, 'NS', server);
      continue;
    }
    await enqueueAll(
      nsAndGlue(
        ns.answer.filter((rr) => rr.type === 'NS'),
        ns.additional,
      ),
      zoneName,
    );

    let intermediate = zoneName;
    for (;;) {
      const depth = labelsOf(intermediate).length;
      if (depth >= childLabels.length) break; // the child is not below this zone: nothing to learn here
      intermediate = childLabels.slice(childLabels.length - depth - 1).join('.');
      const p = await send(server, intermediate, 'SOA');
      if (!p) {
        error(intermediate, 'SOA', server);
        break;
      }
      const soaHere = p.answer.filter((rr) => rr.type === 'SOA');
      const record = (outcome: ParentOutcome, dnameTarget?: string) =>
        findings.push({
          address: server.address,
          names: [server.name],
          zone: zoneName,
          outcome,
          dnameTarget,
        });
      if (isAaNoError(p) && soaHere.length === 1 && soaHere[0]!.name === intermediate) {
        if (intermediate === child) {
          record('aa-soa');
          break;
        }
        const nsp = await send(server, intermediate, 'NS');
        if (!nsp || !nsAnswerOk(nsp, intermediate)) {
          error(intermediate, 'NS', server);
          break;
        }
        await enqueueAll(
          nsAndGlue(
            nsp.answer.filter((rr) => rr.type === 'NS'),
            nsp.additional,
          ),
          intermediate,
        );
        zoneName = intermediate;
        continue;
      }
      if (p.rcode === 'NXDOMAIN' && p.flags.aa) {
        record('aa-nxdomain');
        break;
      }
      const cut = referralZone(p);
      if (cut === intermediate && p.answer.length === 0) {
        if (intermediate === child) record('delegation');
        else
          await enqueueAll(
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
          record('aa-cname');
          break;
        }
        const dname = await send(server, child, 'DNAME');
        const dnameRr = dname?.answer.find((rr) => rr.type === 'DNAME' && rr.name === child);
        if (dname && isAaNoError(dname) && dnameRr) record('aa-dname', canonical(String(dnameRr.data)));
        else record('aa-nodata');
        break;
      }
      if (cut !== undefined && p.answer.some((rr) => rr.type === 'CNAME' && rr.name === child)) {
        record('cname-referral');
        break;
      }
      error(intermediate, 'SOA', server);
      break;
    }
  }
  return findings;
}
