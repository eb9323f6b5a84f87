/**
 * Delegation06: Every name server returns an SOA record.
 * Specification methods: Method 4, Method 5.
 */
import { nsString } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4then5 } from '../../methods/v1.js';
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { testCase } from '../test-case.js';

export const delegation06 = testCase({
  id: 'delegation06',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation06.md',
  tags: {
    SOA_EXISTS: '',
    SOA_NOT_EXISTS: 'ns',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    let queried = 0;
    let missing = 0;
    // Delegation06 steps 1-2: SOA query to the addresses of Method4 and Method5; as the reference, the first
    // address of each name that may be queried
    const asked = new Set<string>();
    for (const server of await method4then5(ctx)) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA') || asked.has(server.name)) continue;
      asked.add(server.name);
      queried++;
      const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'SOA');
      // Delegation06 step 3: NOERROR without the SOA record in the answer section
      if (isPacket(p) && p.rcode === 'NOERROR' && !p.answer.some((rr) => rr.type === 'SOA')) {
        ctx.emit('SOA_NOT_EXISTS', { ns: nsString(server.name, server.address) });
        missing++;
      }
    }
    if (queried > 0 && missing === 0) ctx.emit('SOA_EXISTS', {});
  },
});
