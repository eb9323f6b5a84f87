/**
 * Zone04: SOA retry is long enough.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { minimumCheck } from './timers.js';
import { testCase } from '../test-case.js';

export const zone04 = testCase({
  id: 'zone04',
  spec: 'docs/public/specifications/tests/Zone-TP/zone04.md',
  tags: {
    RETRY_MINIMUM_VALUE_LOWER: 'retry required_retry',
    RETRY_MINIMUM_VALUE_OK: 'retry required_retry',
    ...SOA_QUERY_TAGS,
  },
  // Zone04 steps 1-3, then step 4: the retry against SOA_RETRY_MINIMUM_VALUE
  run: withSoa(minimumCheck('retry')),
});
