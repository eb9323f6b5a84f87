/**
 * Consistency02: SOA RNAME agrees.
 * Specification methods: Method 4, Method 5.
 */
import { fqdn } from '../../dns/name.js';
import { collectSoa, groupBy } from './queries.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const consistency02 = testCase({
  id: 'consistency02',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency02.md',
  tags: {
    NO_RESPONSE: 'ns',
    NO_RESPONSE_SOA_QUERY: 'ns',
    ...DISABLED_TAGS,
    MULTIPLE_SOA_RNAMES: 'count',
    ONE_SOA_RNAME: 'rname',
    SOA_RNAME: 'rname ns_list',
  },
  async run(ctx) {
    // Consistency02 steps 1-5
    const rnames = groupBy(await collectSoa(ctx), (soa) => fqdn(String(soa.rname)));
    // Consistency02 step 6: ONE_SOA_RNAME
    if (rnames.size === 1) ctx.emit('ONE_SOA_RNAME', { rname: [...rnames.keys()][0]! });
    // Consistency02 step 7: MULTIPLE_SOA_RNAMES, and which servers gave which RNAME
    else if (rnames.size > 1) {
      ctx.emit('MULTIPLE_SOA_RNAMES', { count: rnames.size });
      for (const [rname, servers] of rnames)
        ctx.emit('SOA_RNAME', { rname, ns_list: [...servers].sort().join(';') });
    }
  },
});
