/**
 * Zone03: SOA retry is shorter than refresh.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const zone03 = testCase({
  id: 'zone03',
  spec: 'docs/public/specifications/tests/Zone-TP/zone03.md',
  tags: {
    REFRESH_HIGHER_THAN_RETRY: 'refresh retry',
    REFRESH_LOWER_THAN_RETRY: 'refresh retry',
    ...SOA_QUERY_TAGS,
  },
  // Zone03 steps 1-3
  run: withSoa((ctx, soa) => {
    // Zone03 step 4: retry higher than or equal to refresh
    if (soa.retry >= soa.refresh)
      ctx.emit('REFRESH_LOWER_THAN_RETRY', { refresh: soa.refresh, retry: soa.retry });
    else ctx.emit('REFRESH_HIGHER_THAN_RETRY', { refresh: soa.refresh, retry: soa.retry });
  }),
});
