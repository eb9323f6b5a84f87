/**
 * Nameserver12: Unknown EDNS flags are ignored.
 * Specification methods: Method 4, Method 5.
 */
import { displayName } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { ednsRcode, headerRcode } from './rcodes.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

export const nameserver12 = testCase({
  id: 'nameserver12',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver12.md',
  tags: {
    NO_EDNS_SUPPORT: 'ns',
    NO_RESPONSE: 'ns domain',
    NS_ERROR: 'ns',
    Z_FLAGS_NOTCLEAR: 'ns',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'SOA')) {
      // Nameserver12: unknown EDNS Z flags set in the query must not come back
      const p = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0, z: 3 } });
      if (!isPacket(p)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) });
        continue;
      }
      const rcode = headerRcode(p);
      const z = p.edns?.z ?? 0;
      if (rcode === 'FORMERR' && ednsRcode(p) === 0) ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() });
      else if (z !== 0) ctx.emit('Z_FLAGS_NOTCLEAR', { ns: ns.toString() });
      else if (
        rcode === 'NOERROR' &&
        ednsRcode(p) === 0 &&
        (p.edns?.version ?? 0) === 0 &&
        p.records('SOA', 'answer').length > 0
      )
        continue;
      else ctx.emit('NS_ERROR', { ns: ns.toString() });
    }
  },
});
