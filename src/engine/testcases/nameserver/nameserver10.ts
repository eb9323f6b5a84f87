/**
 * Nameserver10: Unknown EDNS versions are handled correctly.
 * Specification methods: Method 4, Method 5.
 */
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { ednsRcode, headerRcode } from './rcodes.js';
import { listArg } from '../lists.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

export const nameserver10 = testCase({
  id: 'nameserver10',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver10.md',
  tags: {
    N10_EDNS_RESPONSE_ERROR: 'ns_ip_list',
    N10_NO_RESPONSE_EDNS1_QUERY: 'ns_ip_list',
    N10_UNEXPECTED_RCODE: 'rcode ns_ip_list',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const responseError: string[] = [];
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'SOA')) {
      const p0 = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0 } });
      if (!isPacket(p0) || p0.rcode !== 'NOERROR') continue;
      const p1 = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 1 } });
      if (!isPacket(p1)) {
        noResponse.push(ns.address);
        continue;
      }
      const rcode = headerRcode(p1);
      const badvers = ednsRcode(p1) === 1;
      if (rcode !== 'NOERROR' && !badvers) {
        const list = unexpected.get(p1.rcode) ?? [];
        list.push(ns.address);
        unexpected.set(p1.rcode, list);
      } else if (rcode === 'NOERROR' && badvers && (p1.edns?.version ?? 0) === 0 && p1.answer.length === 0) {
        continue; // BADVERS with version 0 and no answer: as RFC 6891 requires
      } else {
        responseError.push(ns.address);
      }
    }
    if (noResponse.length > 0) ctx.emit('N10_NO_RESPONSE_EDNS1_QUERY', { ns_ip_list: listArg(noResponse) }); // Nameserver10
    for (const [rcode, list] of unexpected)
      ctx.emit('N10_UNEXPECTED_RCODE', { rcode, ns_ip_list: listArg(list) }); // Nameserver10
    if (responseError.length > 0) ctx.emit('N10_EDNS_RESPONSE_ERROR', { ns_ip_list: listArg(responseError) }); // Nameserver10
  },
});
