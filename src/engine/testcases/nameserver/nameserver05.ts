/**
 * Nameserver05: AAAA queries are handled correctly.
 * Specification methods: Method 4, Method 5.
 */
import { displayName } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

export const nameserver05 = testCase({
  id: 'nameserver05',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver05.md',
  tags: {
    AAAA_BAD_RDATA: 'ns length',
    AAAA_QUERY_DROPPED: 'ns',
    AAAA_UNEXPECTED_RCODE: 'ns rcode',
    AAAA_WELL_PROCESSED: 'ns_list',
    A_UNEXPECTED_RCODE: 'ns rcode',
    NO_RESPONSE: 'ns domain',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const tested = new Set<string>();
    let issues = 0;
    let goodAaaa = 0;
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'A')) {
      tested.add(ns.toString());
      const a = await ns.query(ctx.zone.name, 'A', { usevc: false });
      if (!isPacket(a)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) }); // Nameserver05
        continue;
      }
      if (a.rcode !== 'NOERROR') {
        ctx.emit('A_UNEXPECTED_RCODE', { ns: ns.toString(), rcode: a.rcode }); // Nameserver05
        continue;
      }
      const aaaa = await ns.query(ctx.zone.name, 'AAAA', { usevc: false });
      if (!isPacket(aaaa)) {
        ctx.emit('AAAA_QUERY_DROPPED', { ns: ns.toString() }); // Nameserver05
        issues++;
      } else if (aaaa.rcode !== 'NOERROR') {
        ctx.emit('AAAA_UNEXPECTED_RCODE', { ns: ns.toString(), rcode: aaaa.rcode }); // Nameserver05
        issues++;
      } else {
        for (const rr of aaaa.records('AAAA', 'answer')) {
          const length = rr.rawData?.length ?? 16;
          if (length !== 16) {
            ctx.emit('AAAA_BAD_RDATA', { ns: ns.toString(), length }); // Nameserver05
            issues++;
          } else goodAaaa++;
        }
      }
    }
    if (goodAaaa > 0 && issues === 0) ctx.emit('AAAA_WELL_PROCESSED', { ns_list: [...tested].join(';') }); // Nameserver05
  },
});
