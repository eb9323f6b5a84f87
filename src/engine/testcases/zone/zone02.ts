/**
 * Zone02: SOA refresh is long enough.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { minimumCheck } from './timers.js';
import { testCase } from '../test-case.js';

export const zone02 = testCase({
  id: 'zone02',
  spec: 'docs/public/specifications/tests/Zone-TP/zone02.md',
  tags: {
    REFRESH_MINIMUM_VALUE_LOWER: 'refresh required_refresh',
    REFRESH_MINIMUM_VALUE_OK: 'refresh required_refresh',
    ...SOA_QUERY_TAGS,
  },
  // Zone02 steps 1-3, then step 4: the refresh against SOA_REFRESH_MINIMUM_VALUE
  run: withSoa(minimumCheck('refresh')),
});
