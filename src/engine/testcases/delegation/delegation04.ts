/**
 * Delegation04: Name servers answer authoritatively.
 * Specification methods: Method 4, Method 5.
 */
import { nsString } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4then5 } from '../../methods/v1.js';
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { testCase } from '../test-case.js';

export const delegation04 = testCase({
  id: 'delegation04',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation04.md',
  tags: {
    ARE_AUTHORITATIVE: 'nsname_list',
    IS_NOT_AUTHORITATIVE: 'ns proto',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    // Delegation04 step 1: the addresses of Method4 and Method5; as the reference, the first address of each
    // name that may be queried
    const authoritative = new Set<string>();
    const asked = new Set<string>();
    let allAuthoritative = true;
    for (const server of await method4then5(ctx)) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA') || asked.has(server.name)) continue;
      asked.add(server.name);
      // Delegation04 step 2: SOA over UDP and over TCP
      for (const usevc of [false, true]) {
        const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'SOA', { usevc });
        // Delegation04 step 3: no answer, nothing to check
        if (!isPacket(p)) continue;
        // Delegation04 step 4: IS_NOT_AUTHORITATIVE
        if (!p.flags.aa) {
          ctx.emit('IS_NOT_AUTHORITATIVE', {
            ns: nsString(server.name, server.address),
            proto: usevc ? 'TCP' : 'UDP',
          });
          allAuthoritative = false;
        } else authoritative.add(server.name);
      }
    }
    if (allAuthoritative && authoritative.size > 0) {
      ctx.emit('ARE_AUTHORITATIVE', { nsname_list: [...authoritative].sort().join(';') });
    }
  },
});
