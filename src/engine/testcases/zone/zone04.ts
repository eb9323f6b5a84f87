/**
 * Zone04: SOA retry is long enough.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { soaOrNoResponse, SOA_QUERY_TAGS } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const zone04 = testCase({
  id: 'zone04',
  spec: 'docs/public/specifications/tests/Zone-TP/zone04.md',
  tags: {
    RETRY_MINIMUM_VALUE_LOWER: 'retry required_retry',
    RETRY_MINIMUM_VALUE_OK: 'retry required_retry',
    ...SOA_QUERY_TAGS,
  },
  async run(ctx) {
    // Zone04 steps 1-3
    const soa = await soaOrNoResponse(ctx);
    if (!soa) return;
    const required = ctx.profile.test_cases_vars.zone04.SOA_RETRY_MINIMUM_VALUE;
    // Zone04 step 4
    if (soa.retry < required)
      ctx.emit('RETRY_MINIMUM_VALUE_LOWER', { retry: soa.retry, required_retry: required });
    else ctx.emit('RETRY_MINIMUM_VALUE_OK', { retry: soa.retry, required_retry: required });
  },
});
