/**
 * Basic03: Broken but functional delegation.
 * Specification methods: Method 4.
 */
import { method4 } from '../../methods/v1.js';
import { nsString } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { testCase } from '../test-case.js';
import { TRANSPORT_TAGS, reportTransport } from '../transport.js';

export const basic03 = testCase({
  id: 'basic03',
  spec: 'docs/public/specifications/tests/Basic-TP/basic03.md',
  tags: {
    A_QUERY_NO_RESPONSES: '',
    HAS_A_RECORDS: 'ns domain',
    NO_A_RECORDS: 'ns domain',
    ...TRANSPORT_TAGS,
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const www = child === '' ? 'www' : `www.${child}`;
    // Basic03 step 1: glue from the parent, out-of-bailiwick names looked up
    const servers = await method4(ctx);
    let responses = 0;
    // Basic03 step 2
    for (const server of servers) {
      if (ctx.signal.aborted) return;
      if (!reportTransport(ctx, server, 'A')) continue;
      const p = await ctx.nameserver(server.name, server.address).query(www, 'A');
      if (!isPacket(p)) continue;
      responses++;
      const ns = nsString(server.name, server.address);
      // Basic03 step 3
      if (p.answer.some((rr) => rr.type === 'A' && rr.name === www))
        ctx.emit('HAS_A_RECORDS', { ns, domain: www });
      else ctx.emit('NO_A_RECORDS', { ns, domain: www });
    }
    if (servers.length > 0 && responses === 0) ctx.emit('A_QUERY_NO_RESPONSES', {});
  },
});
