/**
 * Consistency06: SOA MNAME agrees.
 * Specification methods: Method 4, Method 5.
 */
import { fqdn } from '../../dns/name.js';
import { collectSoa, groupBy } from './queries.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const consistency06 = testCase({
  id: 'consistency06',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency06.md',
  tags: {
    NO_RESPONSE: 'ns',
    NO_RESPONSE_SOA_QUERY: 'ns',
    ...DISABLED_TAGS,
    MULTIPLE_SOA_MNAMES: 'count',
    ONE_SOA_MNAME: 'mname',
  },
  async run(ctx) {
    // Consistency06 steps 1-4
    const mnames = groupBy(await collectSoa(ctx), (soa) => fqdn(String(soa.mname)));
    // Consistency06 step 5: ONE_SOA_MNAME
    if (mnames.size === 1) ctx.emit('ONE_SOA_MNAME', { mname: [...mnames.keys()][0]! });
    // Consistency06 step 6: MULTIPLE_SOA_MNAMES
    else if (mnames.size > 1) ctx.emit('MULTIPLE_SOA_MNAMES', { count: mnames.size });
  },
});
