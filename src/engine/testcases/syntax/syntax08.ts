/**
 * Syntax08: Mail exchanger names are valid host names.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { checkHostname } from './hostname.js';
import { canonical } from '../../dns/name.js';
import { answerOf, firstAnswer, type MxData } from '../delegated-answer.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const syntax08 = testCase({
  id: 'syntax08',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax08.md',
  tags: {
    MX_DISCOURAGED_DOUBLE_DASH: 'domain label',
    MX_NON_ALLOWED_CHARS: 'domain',
    MX_NUMERIC_TLD: 'domain tld',
    MX_SYNTAX_OK: 'domain',
    NO_RESPONSE_MX_QUERY: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    // Syntax08 step 1: the MX records of the zone, from the first authoritative answer
    const p = await firstAnswer(ctx, ctx.zone.name, 'MX', (r) => r.flags.aa);
    if (!p) {
      ctx.emit('NO_RESPONSE_MX_QUERY', {}); // Syntax08: NO_RESPONSE_MX_QUERY
      return;
    }
    const hosts = new Set(
      answerOf(p, 'MX', ctx.zone.name).map((rr) => canonical((rr.data as MxData).exchange)),
    );
    // Syntax08 steps 2-7
    for (const host of [...hosts].sort()) checkHostname(ctx, 'MX', host);
  },
});
