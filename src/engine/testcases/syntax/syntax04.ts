/**
 * Syntax04: Name server names are valid host names.
 * Specification methods: Method 2, Method 3.
 */
import { method2, method3 } from '../../methods/v1.js';
import { checkHostname } from './hostname.js';
import { testCase } from '../test-case.js';

export const syntax04 = testCase({
  id: 'syntax04',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax04.md',
  tags: {
    NAMESERVER_DISCOURAGED_DOUBLE_DASH: 'domain label',
    NAMESERVER_NON_ALLOWED_CHARS: 'domain',
    NAMESERVER_NUMERIC_TLD: 'domain tld',
    NAMESERVER_SYNTAX_OK: 'domain',
  },
  async run(ctx) {
    // Syntax04 step 1: name server names of the delegation (Method2) and of the zone (Method3)
    const names = new Set([...(await method2(ctx)), ...(await method3(ctx))]);
    // Syntax04 steps 2-5: NAMESERVER_NON_ALLOWED_CHARS, NAMESERVER_NUMERIC_TLD, NAMESERVER_DISCOURAGED_DOUBLE_DASH
    for (const name of [...names].sort()) checkHostname(ctx, 'NAMESERVER', name);
  },
});
