/**
 * Delegation01: Enough name servers, per IP version, in delegation and zone.
 * Specification methods: Method 2, Method 3, Method 4, Method 5.
 */
import { familyOf, nsString } from '../../dns/name.js';
import { type ServerAddress } from '../../recursor.js';
import { method2, method3, method4, method5 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

/** The minimum number of name servers (reference constant MINIMUM_NUMBER_OF_NAMESERVERS). */
export const MINIMUM_NUMBER_OF_NAMESERVERS = 2;

/** Delegation01 steps 4-5 and 9-10: names with at least one address of `family`. */
function familyCount(servers: ServerAddress[], family: 4 | 6) {
  const pairs = servers.filter((p) => familyOf(p.address) === family);
  return {
    count: new Set(pairs.map((p) => p.name)).size,
    minimum: MINIMUM_NUMBER_OF_NAMESERVERS,
    ns_list: [...new Set(pairs.map((p) => nsString(p.name, p.address)))].sort().join(';'),
  };
}

function nameCount(names: string[] | undefined) {
  const unique = [...new Set(names ?? [])].sort();
  return { count: unique.length, minimum: MINIMUM_NUMBER_OF_NAMESERVERS, nsname_list: unique.join(';') };
}

export const delegation01 = testCase({
  id: 'delegation01',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation01.md',
  tags: {
    ENOUGH_NS_DEL: 'count minimum nsname_list',
    NOT_ENOUGH_NS_DEL: 'count minimum nsname_list',
    ENOUGH_NS_CHILD: 'count minimum nsname_list',
    NOT_ENOUGH_NS_CHILD: 'count minimum nsname_list',
    ENOUGH_IPV4_NS_DEL: 'count minimum ns_list',
    NOT_ENOUGH_IPV4_NS_DEL: 'count minimum ns_list',
    NO_IPV4_NS_DEL: 'minimum',
    ENOUGH_IPV4_NS_CHILD: 'count minimum ns_list',
    NOT_ENOUGH_IPV4_NS_CHILD: 'count minimum ns_list',
    NO_IPV4_NS_CHILD: 'minimum',
    ENOUGH_IPV6_NS_DEL: 'count minimum ns_list',
    NOT_ENOUGH_IPV6_NS_DEL: 'count minimum ns_list',
    NO_IPV6_NS_DEL: 'minimum',
    ENOUGH_IPV6_NS_CHILD: 'count minimum ns_list',
    NOT_ENOUGH_IPV6_NS_CHILD: 'count minimum ns_list',
    NO_IPV6_NS_CHILD: 'minimum',
  },
  async run(ctx) {
    const enough = (side: 'DEL' | 'CHILD', args: ReturnType<typeof nameCount>) =>
      ctx.emit(
        args.count >= MINIMUM_NUMBER_OF_NAMESERVERS ? `ENOUGH_NS_${side}` : `NOT_ENOUGH_NS_${side}`,
        args,
      );
    const perFamily = (side: 'DEL' | 'CHILD', servers: ServerAddress[]) => {
      for (const family of [4, 6] as const) {
        const args = familyCount(servers, family);
        const f = family === 4 ? 'IPV4' : 'IPV6';
        if (args.count === 0) ctx.emit(`NO_${f}_NS_${side}`, { minimum: args.minimum });
        else if (args.count < MINIMUM_NUMBER_OF_NAMESERVERS) ctx.emit(`NOT_ENOUGH_${f}_NS_${side}`, args);
        else ctx.emit(`ENOUGH_${f}_NS_${side}`, args);
      }
    };
    // Delegation01 steps 1-2: NOT_ENOUGH_NS_DEL / ENOUGH_NS_DEL
    enough('DEL', nameCount(await method2(ctx)));
    // Delegation01 steps 3-5: NO_IPV4_NS_DEL ... ENOUGH_IPV6_NS_DEL
    perFamily('DEL', await method4(ctx));
    // Delegation01 steps 6-7: NOT_ENOUGH_NS_CHILD / ENOUGH_NS_CHILD
    enough('CHILD', nameCount(await method3(ctx)));
    // Delegation01 steps 8-10: NO_IPV4_NS_CHILD ... ENOUGH_IPV6_NS_CHILD
    perFamily('CHILD', await method5(ctx));
  },
});
