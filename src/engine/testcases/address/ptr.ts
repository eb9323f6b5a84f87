/** The reverse lookup of Address02 and Address03. */
import { reverseName } from '../../special-addresses.js';
import type { World } from '../test-case.js';

/** Recursive PTR lookup of an address (CNAMEs followed by the recursor). */
export async function lookupPtr(world: World, address: string) {
  const qname = reverseName(address);
  return { qname, packet: await world.recursor.recurse(qname, 'PTR') };
}
