/**
 * Syntax05: SOA RNAME does not misuse the \.
 * Specification methods: Method 4, Method 5.
 * Implemented with: Method 4 and Method 5 from the MethodsV2 sets.
 */
import { authoritativeSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const syntax05 = testCase({
  id: 'syntax05',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax05.md',
  tags: {
    NO_RESPONSE_SOA_QUERY: [],
    RNAME_MISUSED_AT_SIGN: ['rname'],
    RNAME_NO_AT_SIGN: ['rname'],
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    // Syntax05 steps 1-3: the SOA from the zone's name servers
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {}); // Syntax05: NO_RESPONSE_SOA_QUERY
      return;
    }
    const rname = `${soa.rname}.`;
    // Syntax05 step 4: an "@" in RNAME (escaped or not)
    if (soa.rname.replace(/\\(.)/g, '$1').includes('@')) ctx.emit('RNAME_MISUSED_AT_SIGN', { rname });
    else ctx.emit('RNAME_NO_AT_SIGN', { rname });
  },
});
