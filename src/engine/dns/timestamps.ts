/**
 * When each response arrived (epoch seconds, fractional). Live answers get the arrival time; replayed answers
 * the recorded `timestamp`. DNSSEC checks use it as "now" for signatures in recorded data.
 *
 * Kept on the packet under a symbol, not enumerable: a copy or a comparison of packets does not see it, as with a
 * WeakMap, without the WeakMap's cost for every answer (a test keeps hundreds of packets, and the collector
 * visits every entry of a WeakMap in each full collection).
 */
import type { Packet } from './types.js';

const ARRIVAL = Symbol('arrival');

type Stamped = Packet & { [ARRIVAL]?: number };

export function setPacketTimestamp(packet: Packet, epochSeconds: number): void {
  Object.defineProperty(packet, ARRIVAL, { value: epochSeconds, writable: true, configurable: true });
}

/** The time the packet arrived or was recorded; undefined for synthesized (fake) answers. */
export function packetTimestamp(packet: Packet): number | undefined {
  return (packet as Stamped)[ARRIVAL];
}
