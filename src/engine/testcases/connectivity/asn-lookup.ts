/** The AS lookup of Connectivity03 and Connectivity04 through the run's recursor. */
import { lookupAsn, type AsnLookupResult } from '../../asn.js';
import type { World } from '../test-case.js';

export function lookup(world: World, address: string): Promise<AsnLookupResult> {
  return lookupAsn(address, world.profile, {
    recurse: (name, type) => world.recursor.recurse(name, type),
    addressesOf: (host) => world.recursor.addressesOf(host),
  });
}
