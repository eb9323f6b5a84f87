/**
 * Syntax05: SOA RNAME does not misuse the \.
 * Specification methods: Method 4, Method 5.
 */
import { SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { testCase } from '../test-case.js';

export const syntax05 = testCase({
  id: 'syntax05',
  spec: 'docs/public/specifications/tests/Syntax-TP/syntax05.md',
  tags: {
    RNAME_MISUSED_AT_SIGN: 'rname',
    RNAME_NO_AT_SIGN: 'rname',
    ...SOA_QUERY_TAGS,
  },
  // Syntax05 steps 1-3: the SOA from the zone's name servers
  run: withSoa((ctx, soa) => {
    const rname = `${soa.rname}.`;
    // Syntax05 step 4: an "@" in RNAME (escaped or not)
    if (soa.rname.replace(/\\(.)/g, '$1').includes('@')) ctx.emit('RNAME_MISUSED_AT_SIGN', { rname });
    else ctx.emit('RNAME_NO_AT_SIGN', { rname });
  }),
});
