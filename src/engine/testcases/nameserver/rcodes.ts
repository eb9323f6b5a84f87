/** Rcodes of a response: the header's 4 bits and the EDNS extension (Nameserver02, 10, 12, 13). */
import type { Packet } from '../../dns/types.js';
import { rcodeName } from '../../dns/rrtypes.js';

const RCODE_NUMBERS = new Map<string, number>(
  Array.from({ length: 4096 }, (_, code) => [rcodeName(code), code] as [string, number]),
);

/** The 4-bit rcode of the header, without the EDNS extension. */
export function headerRcode(p: Packet): string {
  return rcodeName((p.raw[3] ?? 0) & 0x0f);
}

/** The upper 8 bits of the extended rcode (from the OPT record); 0 without EDNS. */
export function ednsRcode(p: Packet): number {
  return ((RCODE_NUMBERS.get(p.rcode) ?? 0) >> 4) & 0xff;
}
