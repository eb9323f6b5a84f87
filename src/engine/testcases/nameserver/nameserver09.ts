/**
 * Nameserver09: Letter case of the query name is preserved.
 * Specification methods: Method 5.
 * Uses: its own queries only.
 */
import type { Packet, RR } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import { method5Nameservers } from '../../methods/v1.js';
import { scrambleCase, wwwName } from './qname-case.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

/** A record as comparable text, case folded. */
function recordText(rr: RR): string {
  return `${rr.name} ${rr.ttl} ${rr.class} ${rr.type} ${JSON.stringify(rr.data)}`.toLowerCase();
}

function answerText(p: Packet): string {
  return JSON.stringify(p.answer.map(recordText).sort());
}

export const nameserver09 = testCase({
  id: 'nameserver09',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver09.md',
  tags: {
    CASE_QUERIES_RESULTS_DIFFER: 'type domain',
    CASE_QUERIES_RESULTS_OK: 'type domain',
    CASE_QUERY_DIFFERENT_ANSWER: 'type query1 query2 ns',
    CASE_QUERY_DIFFERENT_RC: 'type query1 query2 ns rcode1 rcode2',
    CASE_QUERY_NO_ANSWER: 'type domain ns',
    CASE_QUERY_SAME_ANSWER: 'type query1 query2 ns',
    CASE_QUERY_SAME_RC: 'type query1 query2 ns rcode',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const type = 'SOA';
    const original = wwwName(ctx.zone.name);
    const query1 = scrambleCase(original);
    const query2 = scrambleCase(original, [query1]);
    let allMatch = true;
    for (const ns of queryable(ctx, await method5Nameservers(ctx), type)) {
      const r1 = await ns.query(query1, type);
      const r2 = await ns.query(query2, type);
      const p1 = isPacket(r1) ? r1 : undefined;
      const p2 = isPacket(r2) ? r2 : undefined;
      const base = { ns: ns.toString(), type, query1, query2 };
      if (p1 && p1.answer.length > 0) {
        const same = p2 !== undefined && p2.answer.length > 0 && answerText(p1) === answerText(p2);
        // Nameserver09: answer sections compared without regard to case
        ctx.emit(same ? 'CASE_QUERY_SAME_ANSWER' : 'CASE_QUERY_DIFFERENT_ANSWER', base);
        if (!same) allMatch = false;
      } else if (p1 && p2) {
        if (p1.rcode === p2.rcode)
          ctx.emit('CASE_QUERY_SAME_RC', { ...base, rcode: p1.rcode }); // Nameserver09
        else {
          ctx.emit('CASE_QUERY_DIFFERENT_RC', { ...base, rcode1: p1.rcode, rcode2: p2.rcode }); // Nameserver09
          allMatch = false;
        }
      } else if (p1 || p2) {
        ctx.emit('CASE_QUERY_NO_ANSWER', { ns: ns.toString(), type, domain: p1 ? query1 : query2 }); // Nameserver09
        allMatch = false;
      }
    }
    ctx.emit(allMatch ? 'CASE_QUERIES_RESULTS_OK' : 'CASE_QUERIES_RESULTS_DIFFER', {
      type,
      domain: original,
    }); // Nameserver09
  },
});
