/**
 * Consistency04: NS sets agree.
 * Specification methods: Method 4, Method 5.
 */
import { fqdn } from '../../dns/name.js';
import { eachResponse } from './queries.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const consistency04 = testCase({
  id: 'consistency04',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency04.md',
  tags: {
    MULTIPLE_NS_SET: 'count',
    NO_RESPONSE: 'ns',
    NO_RESPONSE_NS_QUERY: 'ns',
    NS_SET: 'nsname_list servers',
    ONE_NS_SET: 'nsname_list',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const sets = new Map<string, string[]>();
    // Consistency04 steps 1-4 (NO_RESPONSE)
    const complete = await eachResponse(ctx, 'NS', (ns, p) => {
      const names = p.answer
        .filter((rr) => rr.type === 'NS' && rr.name === ctx.zone.name)
        .map((rr) => fqdn(String(rr.data)));
      // Consistency04 step 5: NO_RESPONSE_NS_QUERY (no authoritative NS RR set)
      if (!p.flags.aa || names.length === 0) {
        ctx.emit('NO_RESPONSE_NS_QUERY', { ns });
        return;
      }
      const key = [...new Set(names)].sort().join(';');
      sets.set(key, [...(sets.get(key) ?? []), ns]);
    });
    if (!complete) return;
    // Consistency04 step 6
    if (sets.size === 1) ctx.emit('ONE_NS_SET', { nsname_list: [...sets.keys()][0]! });
    else if (sets.size > 1) {
      ctx.emit('MULTIPLE_NS_SET', { count: sets.size });
      for (const [nsnameList, servers] of sets)
        ctx.emit('NS_SET', { nsname_list: nsnameList, servers: servers.join(';') });
    }
  },
});
