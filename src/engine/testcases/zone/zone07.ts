/**
 * Zone07: SOA MNAME is not an alias.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { answerOf, SOA_QUERY_TAGS, withSoa } from '../delegated-answer.js';
import { canonical, displayName } from '../../dns/name.js';
import { testCase } from '../test-case.js';

export const zone07 = testCase({
  id: 'zone07',
  spec: 'docs/public/specifications/tests/Zone-TP/zone07.md',
  tags: {
    MNAME_HAS_NO_ADDRESS: 'mname',
    MNAME_IS_CNAME: 'mname',
    MNAME_IS_NOT_CNAME: 'mname',
    ...SOA_QUERY_TAGS,
  },
  // Zone07 steps 1-3
  run: withSoa(async (ctx, soa) => {
    const mname = canonical(soa.mname);
    let addresses = 0;
    // Zone07 step 4: A and AAAA of MNAME
    for (const type of ['A', 'AAAA']) {
      const p = await ctx.recursor.recurse(mname, type);
      if (!p) continue;
      const finalName = canonical(p.question[0]?.name ?? mname); // differs when a CNAME was followed out of zone
      if (answerOf(p, type, mname).length > 0 || answerOf(p, type, finalName).length > 0) addresses++;
      // Zone07 step 5
      if (answerOf(p, 'CNAME', mname).length > 0 || finalName !== mname)
        ctx.emit('MNAME_IS_CNAME', { mname: displayName(mname) });
      else ctx.emit('MNAME_IS_NOT_CNAME', { mname: displayName(mname) });
    }
    if (addresses === 0) ctx.emit('MNAME_HAS_NO_ADDRESS', { mname: displayName(mname) });
  }),
});
