/**
 * Syntax01: Zone name uses only allowed characters.
 * Specification methods: none named.
 */
import { hasOnlyLegalCharacters, presentationLabels } from './hostname.js';
import { displayName } from '../../dns/name.js';
import { testCase } from '../test-case.js';

export const syntax01 = testCase({
  id: 'syntax01',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax01.md',
  tags: {
    NON_ALLOWED_CHARS: 'domain',
    ONLY_ALLOWED_CHARS: 'domain',
  },
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    // Syntax01 step 2: characters allowed by RFC 1035 section 2.3.1
    if (hasOnlyLegalCharacters(presentationLabels(ctx.zone.name)))
      ctx.emit('ONLY_ALLOWED_CHARS', { domain }); // Syntax01: ONLY_ALLOWED_CHARS
    else ctx.emit('NON_ALLOWED_CHARS', { domain }); // Syntax01: NON_ALLOWED_CHARS
  },
});
