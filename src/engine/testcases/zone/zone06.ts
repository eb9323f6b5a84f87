/**
 * Zone06: SOA minimum lies within the recommended range.
 * Specification methods: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const zone06 = testCase({
  id: 'zone06',
  spec: 'docs/public/specifications/tests/Zone-TP/zone06.md',
  tags: {
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER: 'minimum highest_minimum',
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER: 'minimum lowest_minimum',
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK: 'minimum lowest_minimum highest_minimum',
    ...SOA_QUERY_TAGS,
  },
  // Zone06 steps 1-5
  run: withSoa((ctx, soa) => {
    const { SOA_DEFAULT_TTL_MAXIMUM_VALUE: highest, SOA_DEFAULT_TTL_MINIMUM_VALUE: lowest } =
      ctx.profile.test_cases_vars.zone06;
    // Zone06 step 6
    if (soa.minimum > highest)
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER', { minimum: soa.minimum, highest_minimum: highest });
    // Zone06 step 7
    else if (soa.minimum < lowest)
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER', { minimum: soa.minimum, lowest_minimum: lowest });
    else
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK', {
        minimum: soa.minimum,
        lowest_minimum: lowest,
        highest_minimum: highest,
      });
  }),
});
