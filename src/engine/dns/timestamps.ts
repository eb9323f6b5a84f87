/**
 * When each response arrived (epoch seconds, fractional). Live answers get the arrival time; replayed answers
 * the recorded `timestamp`. DNSSEC checks use it as "now" for signatures in recorded data.
 */
import type { Packet } from './types.js';

const arrival = new WeakMap<Packet, number>();

export function setPacketTimestamp(packet: Packet, epochSeconds: number): void {
  arrival.set(packet, epochSeconds);
}

/** The time the packet arrived or was recorded; undefined for synthesized (fake) answers. */
export function packetTimestamp(packet: Packet): number | undefined {
  return arrival.get(packet);
}
