/**
 * Nameserver13: Truncated EDNS answers keep the OPT record.
 * Specification methods: Method 4, Method 5.
 */
import { displayName } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { ednsRcode, headerRcode } from './rcodes.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

export const nameserver13 = testCase({
  id: 'nameserver13',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver13.md',
  tags: {
    MISSING_OPT_IN_TRUNCATED: 'ns',
    NO_EDNS_SUPPORT: 'ns',
    NO_RESPONSE: 'ns domain',
    NS_ERROR: 'ns',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'SOA')) {
      // Nameserver13: a DNSSEC query with a 512-byte buffer over UDP, no TCP fallback: a truncated answer keeps its OPT
      const p = await ns.query(ctx.zone.name, 'SOA', {
        usevc: false,
        fallback: false,
        ednsDetails: { version: 0, do: true, size: 512 },
      });
      if (!isPacket(p)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) });
        continue;
      }
      const rcode = headerRcode(p);
      if (rcode === 'FORMERR' && ednsRcode(p) === 0) ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() });
      else if (p.flags.tc && !p.edns) ctx.emit('MISSING_OPT_IN_TRUNCATED', { ns: ns.toString() });
      else if (rcode === 'NOERROR' && ednsRcode(p) === 0 && (p.edns?.version ?? 0) === 0) continue;
      else ctx.emit('NS_ERROR', { ns: ns.toString() });
    }
  },
});
