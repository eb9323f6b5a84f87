/**
 * Zone05: SOA expire is long enough.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const zone05 = testCase({
  id: 'zone05',
  spec: 'docs/public/specifications/tests/Zone-TP/zone05.md',
  tags: {
    EXPIRE_LOWER_THAN_REFRESH: 'expire refresh',
    EXPIRE_MINIMUM_VALUE_LOWER: 'expire required_expire',
    EXPIRE_MINIMUM_VALUE_OK: 'expire required_expire refresh',
    ...SOA_QUERY_TAGS,
  },
  // Zone05 steps 1-3
  run: withSoa((ctx, soa) => {
    const required = ctx.profile.test_cases_vars.zone05.SOA_EXPIRE_MINIMUM_VALUE;
    let problems = 0;
    // Zone05 step 4
    if (soa.expire < required) {
      ctx.emit('EXPIRE_MINIMUM_VALUE_LOWER', { expire: soa.expire, required_expire: required });
      problems++;
    }
    // Zone05 step 5
    if (soa.expire < soa.refresh) {
      ctx.emit('EXPIRE_LOWER_THAN_REFRESH', { expire: soa.expire, refresh: soa.refresh });
      problems++;
    }
    if (problems === 0)
      ctx.emit('EXPIRE_MINIMUM_VALUE_OK', {
        expire: soa.expire,
        required_expire: required,
        refresh: soa.refresh,
      });
  }),
});
