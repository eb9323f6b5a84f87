/**
 * Basic02: At least one name server answers authoritatively.
 * Specification methods: Method 2, Method 4.
 */
import { method2, method4, method4FromReferral } from '../../methods/v1.js';
import { displayName, nsString } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { joinSorted } from '../lists.js';
import { testCase } from '../test-case.js';
import { TRANSPORT_TAGS, reportTransport } from '../transport.js';

export const basic02 = testCase({
  id: 'basic02',
  spec: 'docs/public/specifications/tests/Basic-TP/basic02.md',
  tags: {
    B02_AUTH_RESPONSE_SOA: 'ns_list domain',
    B02_NO_DELEGATION: 'domain',
    B02_NO_WORKING_NS: 'domain',
    B02_NS_BROKEN: 'ns',
    B02_NS_NOT_AUTH: 'ns',
    B02_NS_NO_IP_ADDR: 'nsname',
    B02_NS_NO_RESPONSE: 'ns',
    B02_UNEXPECTED_RCODE: 'ns rcode',
    ...TRANSPORT_TAGS,
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const domain = displayName(child);
    // Basic02 step 3: the delegation's names (Method 2) with their addresses (Method 4)
    // When no name resolves (servers that answer nothing useful for their own names), the glue of the referral
    let glue = await method4(ctx);
    if (glue.length === 0) glue = await method4FromReferral(ctx);
    const delegation = new Map(
      (await method2(ctx)).map((name) => [name, glue.filter((s) => s.name === name).map((s) => s.address)]),
    );
    // Basic02 step 4
    if (delegation.size === 0) {
      ctx.emit('B02_NO_DELEGATION', { domain });
      return;
    }
    const auth: string[] = [];
    const broken: string[] = [];
    const notAuth: string[] = [];
    const noIp: string[] = [];
    const noResponse: string[] = [];
    const unexpected: { ns: string; rcode: string }[] = [];
    // Basic02 step 5
    for (const [name, addresses] of delegation) {
      if (addresses.length === 0) {
        noIp.push(name);
        continue;
      }
      for (const address of addresses) {
        if (ctx.signal.aborted) return;
        const server = { name, address };
        if (!reportTransport(ctx, server, 'SOA')) continue;
        const ns = nsString(name, address);
        const result = await ctx.nameserver(name, address).query(child, 'SOA');
        if (!isPacket(result)) noResponse.push(ns);
        else if (result.rcode !== 'NOERROR') unexpected.push({ ns, rcode: result.rcode });
        else if (!result.flags.aa) notAuth.push(ns);
        else if (result.answer.some((rr) => rr.type === 'SOA' && rr.name === child)) auth.push(ns);
        else broken.push(ns);
      }
    }
    // Basic02 step 6
    if (auth.length > 0) {
      ctx.emit('B02_AUTH_RESPONSE_SOA', { ns_list: joinSorted(auth), domain });
      return;
    }
    // Basic02 step 7
    ctx.emit('B02_NO_WORKING_NS', { domain });
    for (const ns of broken) ctx.emit('B02_NS_BROKEN', { ns });
    for (const ns of notAuth) ctx.emit('B02_NS_NOT_AUTH', { ns });
    for (const nsname of noIp) ctx.emit('B02_NS_NO_IP_ADDR', { nsname });
    for (const ns of noResponse) ctx.emit('B02_NS_NO_RESPONSE', { ns });
    for (const u of unexpected) ctx.emit('B02_UNEXPECTED_RCODE', { ns: u.ns, rcode: u.rcode });
  },
});
