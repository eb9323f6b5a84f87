/**
 * Zone02: SOA refresh is long enough.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { soaOrNoResponse, SOA_QUERY_TAGS } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const zone02 = testCase({
  id: 'zone02',
  spec: 'docs/public/specifications/tests/Zone-TP/zone02.md',
  tags: {
    REFRESH_MINIMUM_VALUE_LOWER: 'refresh required_refresh',
    REFRESH_MINIMUM_VALUE_OK: 'refresh required_refresh',
    ...SOA_QUERY_TAGS,
  },
  async run(ctx) {
    // Zone02 steps 1-3
    const soa = await soaOrNoResponse(ctx);
    if (!soa) return;
    const required = ctx.profile.test_cases_vars.zone02.SOA_REFRESH_MINIMUM_VALUE;
    // Zone02 step 4
    if (soa.refresh < required)
      ctx.emit('REFRESH_MINIMUM_VALUE_LOWER', { refresh: soa.refresh, required_refresh: required });
    else ctx.emit('REFRESH_MINIMUM_VALUE_OK', { refresh: soa.refresh, required_refresh: required });
  },
});
