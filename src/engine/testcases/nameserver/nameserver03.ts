/**
 * Nameserver03: Zone transfer is not open to anyone.
 * Specification methods: Method 5.
 * Uses: its own queries only.
 */
import type { RR } from '../../dns/types.js';
import { method5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

export const nameserver03 = testCase({
  id: 'nameserver03',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver03.md',
  tags: {
    AXFR_AVAILABLE: 'ns',
    AXFR_FAILURE: 'ns',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    for (const ns of queryable(ctx, await method5Nameservers(ctx), 'AXFR')) {
      let records: RR[] = [];
      try {
        records = await ns.axfr(ctx.zone.name);
      } catch {
        ctx.emit('AXFR_FAILURE', { ns: ns.toString() }); // Nameserver03: transfer refused or broken
        continue;
      }
      if (records[0]?.type === 'SOA') ctx.emit('AXFR_AVAILABLE', { ns: ns.toString() }); // Nameserver03
    }
  },
});
