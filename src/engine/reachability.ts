/**
 * Tells a dead network from a dead zone. A zone whose servers do not answer is a finding; a run in which not one
 * root server answers would report the same findings for any zone, after minutes of sequential timeouts. So
 * right before a run's first query goes to the network, every root server address (and each address given for an
 * undelegated test) is asked for the SOA of its zone, all at once: one query's timeout bounds the check, and the
 * answers are ones the test cases ask for anyway, so they come from the cache afterwards. Replays and runs
 * that send nothing are never probed.
 */
import { addressFamily } from './dns/address.js';
import type { DnsNameserver } from './dns/nameserver.js';
import type { ServerAddress } from './recursor.js';

export interface ReachabilityProbe {
  /** servers to ask, with the zone whose SOA each is asked for ("" = root) */
  servers: (ServerAddress & { zone: string })[];
  nameserver: (name: string, address: string) => DnsNameserver;
  ipv4: boolean;
  ipv6: boolean;
}

/** How many addresses were asked and whether any of them sent something back (any rcode counts). */
export async function probeReachability(
  probe: ReachabilityProbe,
): Promise<{ asked: number; responded: boolean }> {
  const usable = probe.servers.filter(
    (s) => s.address !== '' && (addressFamily(s.address) === 4 ? probe.ipv4 : probe.ipv6),
  );
  // The probe's own queries must not wait for the probe.
  const answers = await Promise.all(
    usable.map((s) => probe.nameserver(s.name, s.address).queryBeforeGate(s.zone, 'SOA')),
  );
  return { asked: usable.length, responded: answers.some((a) => a !== undefined) };
}

/**
 * A gate for the DNS context's first network query: runs `check` once; every query, concurrent ones
 * included, waits for it, except the check's own queries (`queryBeforeGate`).
 */
export function networkGate(check: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= check());
}
