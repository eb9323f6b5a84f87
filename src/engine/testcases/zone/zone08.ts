/**
 * Zone08: Mail exchangers are not aliases.
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { canonical } from '../../dns/name.js';
import { answerOf, firstAnswer, type MxData } from '../delegated-answer.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const zone08 = testCase({
  id: 'zone08',
  spec: 'docs/public/specifications/tests/Zone-TP/zone08.md',
  tags: {
    MX_RECORD_IS_CNAME: '',
    MX_RECORD_IS_NOT_CNAME: '',
    NO_RESPONSE_MX_QUERY: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone08 steps 1-2: the first authoritative MX answer
    const p = await firstAnswer(ctx, zone, 'MX', (r) => r.flags.aa);
    if (!p) {
      ctx.emit('NO_RESPONSE_MX_QUERY', {});
      return;
    }
    // Zone08 step 3: is each mail exchange an alias (asked of the zone's servers)?
    for (const rr of answerOf(p, 'MX', zone)) {
      const exchange = canonical((rr.data as MxData).exchange);
      if (exchange === '') continue; // Null MX: no host to check
      // Asked as the record names it, fully qualified (the reference's recorded question keeps the final dot).
      const answer = await firstAnswer(ctx, `${exchange}.`, 'CNAME', (r) => r.flags.aa);
      if (!answer) continue;
      if (answerOf(answer, 'CNAME', exchange).length > 0) ctx.emit('MX_RECORD_IS_CNAME', {});
      else ctx.emit('MX_RECORD_IS_NOT_CNAME', {});
    }
  },
});
