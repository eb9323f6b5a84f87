/** Answers Zone01, Zone09 and Zone11 accept, and the addresses they query once each. */
import type { Packet } from '../../dns/types.js';
import { answerOf } from '../delegated-answer.js';

/** An authoritative NOERROR answer with the zone's SOA record. */
export function isAuthoritativeSoa(p: Packet | undefined, zone: string): p is Packet {
  return p !== undefined && p.rcode === 'NOERROR' && p.flags.aa && answerOf(p, 'SOA', zone).length > 0;
}

/** Distinct addresses of a server list, each with the first name seen for it. */
export function distinctAddresses(
  servers: { name: string; address: string }[],
): { name: string; address: string }[] {
  const seen = new Set<string>();
  return servers.filter((s) => !seen.has(s.address) && seen.add(s.address));
}
