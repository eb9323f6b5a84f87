/**
 * Zone10: The zone has exactly one SOA record.
 * Specification methods: Method 4, Method 5.
 */
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { query } from '../delegated-answer.js';
import { method4and5 } from '../../methods/v1.js';
import { nsString } from '../../dns/name.js';
import type { Packet } from '../../dns/types.js';
import { testCase } from '../test-case.js';

export const zone10 = testCase({
  id: 'zone10',
  spec: 'docs/public/specifications/tests/Zone-TP/zone10.md',
  tags: {
    MULTIPLE_SOA: 'ns count',
    NO_RESPONSE: 'ns',
    NO_SOA_IN_RESPONSE: 'ns',
    ONE_SOA: '',
    WRONG_SOA: 'ns owner name',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    let messages = 0;
    // Zone10 steps 1-3
    for (const server of await method4and5(ctx)) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA')) {
        // An IPVx_DISABLED message is a message too: an unchecked server does not make the zone "one SOA".
        messages++;
        continue;
      }
      const problem = soaProblem(
        await query(ctx, server, zone, 'SOA'),
        zone,
        nsString(server.name, server.address),
      );
      if (!problem) continue;
      ctx.emit(...problem);
      messages++;
    }
    // Zone10 step 4
    if (messages === 0) ctx.emit('ONE_SOA', {});
  },
});

/** Zone10 step 3: what is wrong with one server's SOA answer, if anything. */
function soaProblem(
  p: Packet | undefined,
  zone: string,
  ns: string,
):
  | ['NO_RESPONSE' | 'NO_SOA_IN_RESPONSE', { ns: string }]
  | ['WRONG_SOA', { ns: string; owner: string; name: string }]
  | ['MULTIPLE_SOA', { ns: string; count: number }]
  | undefined {
  if (!p) return ['NO_RESPONSE', { ns }]; // step 3.2
  const soas = p.answer.filter((rr) => rr.type === 'SOA');
  if (soas.length === 0) return ['NO_SOA_IN_RESPONSE', { ns }]; // step 3.3
  const wrong = soas.find((rr) => rr.name !== zone);
  if (wrong) return ['WRONG_SOA', { ns, owner: `${wrong.name}.`, name: `${zone}.` }]; // step 3.4
  if (soas.length > 1) return ['MULTIPLE_SOA', { ns, count: soas.length }]; // step 3.5
  return undefined;
}
