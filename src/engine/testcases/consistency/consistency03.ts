/**
 * Consistency03: SOA timers agree.
 * Specification methods: Method 4, Method 5.
 */
import { collectSoa, groupBy } from './queries.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const consistency03 = testCase({
  id: 'consistency03',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency03.md',
  tags: {
    NO_RESPONSE: 'ns',
    NO_RESPONSE_SOA_QUERY: 'ns',
    ...DISABLED_TAGS,
    MULTIPLE_SOA_TIME_PARAMETER_SET: 'count',
    ONE_SOA_TIME_PARAMETER_SET: 'refresh retry expire minimum',
    SOA_TIME_PARAMETER_SET: 'refresh retry expire minimum ns_list',
  },
  async run(ctx) {
    // Consistency03 steps 1-6
    const sets = groupBy(await collectSoa(ctx), (soa) =>
      [soa.refresh, soa.retry, soa.expire, soa.minimum].join(';'),
    );
    const timers = (key: string) => {
      const [refresh, retry, expire, minimum] = key.split(';').map(Number) as [
        number,
        number,
        number,
        number,
      ];
      return { refresh, retry, expire, minimum };
    };
    // Consistency03 step 7: ONE_SOA_TIME_PARAMETER_SET
    if (sets.size === 1) ctx.emit('ONE_SOA_TIME_PARAMETER_SET', timers([...sets.keys()][0]!));
    // Consistency03 step 8: MULTIPLE_SOA_TIME_PARAMETER_SET
    else if (sets.size > 1) {
      ctx.emit('MULTIPLE_SOA_TIME_PARAMETER_SET', { count: sets.size });
      for (const [key, servers] of sets)
        ctx.emit('SOA_TIME_PARAMETER_SET', { ...timers(key), ns_list: [...servers].sort().join(';') });
    }
  },
});
