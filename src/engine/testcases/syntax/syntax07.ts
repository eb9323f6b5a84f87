/**
 * Syntax07: SOA MNAME is a valid host name.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { checkHostname } from './hostname.js';
import { canonical } from '../../dns/name.js';
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const syntax07 = testCase({
  id: 'syntax07',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax07.md',
  tags: {
    MNAME_DISCOURAGED_DOUBLE_DASH: 'domain label',
    MNAME_NON_ALLOWED_CHARS: 'domain',
    MNAME_NUMERIC_TLD: 'domain tld',
    MNAME_SYNTAX_OK: 'domain',
    ...SOA_QUERY_TAGS,
  },
  // Syntax07 steps 1-2
  run: withSoa((ctx, soa) => {
    // Syntax07 steps 3-8
    checkHostname(ctx, 'MNAME', canonical(soa.mname));
  }),
});
