/**
 * Consistency01: SOA serial numbers agree.
 * Specification methods: Method 4, Method 5.
 */
import { collectSoa, groupBy } from './queries.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

/** Accepted Serial Difference (Consistency01 input; the reference's fixed default). */
export const ACCEPTED_SERIAL_DIFFERENCE = 0;

/** RFC 1982 distance from a to b (b "later" than a), when the order is defined. */
function serialDistance(a: number, b: number): number | undefined {
  const d = (b - a + 2 ** 32) % 2 ** 32;
  if (d === 2 ** 31) return undefined;
  return d < 2 ** 31 ? d : -(2 ** 32 - d);
}

export const consistency01 = testCase({
  id: 'consistency01',
  spec: 'docs/public/specifications/tests/Consistency-TP/consistency01.md',
  tags: {
    NO_RESPONSE: 'ns',
    NO_RESPONSE_SOA_QUERY: 'ns',
    ...DISABLED_TAGS,
    MULTIPLE_SOA_SERIALS: 'count',
    ONE_SOA_SERIAL: 'serial',
    SOA_SERIAL: 'serial ns_list',
    SOA_SERIAL_VARIATION: 'serial_min serial_max max_variation',
  },
  async run(ctx) {
    // Consistency01 steps 1-3
    const serials = groupBy(await collectSoa(ctx), (soa) => String(soa.serial));
    const values = [...serials.keys()].map(Number);
    // Consistency01 step 4: ONE_SOA_SERIAL
    if (values.length === 1) ctx.emit('ONE_SOA_SERIAL', { serial: values[0]! });
    else if (values.length > 1) {
      // Consistency01 step 5.1: order by serial number arithmetic, smallest first
      const ordered = [...values].sort((a, b) => -(serialDistance(a, b) ?? 0));
      const steps = ordered.slice(1).map((v, i) => serialDistance(ordered[i]!, v));
      const spread = serialDistance(ordered[0]!, ordered[ordered.length - 1]!);
      // Consistency01 step 5.2: a single, uniquely defined order
      const defined =
        spread !== undefined &&
        steps.every((d) => d !== undefined && d > 0) &&
        steps.reduce<number>((sum, d) => sum + d!, 0) === spread;
      // Consistency01 steps 5.2-5.3: SOA_SERIAL_VARIATION and MULTIPLE_SOA_SERIALS
      if (!defined || spread > ACCEPTED_SERIAL_DIFFERENCE) {
        ctx.emit('SOA_SERIAL_VARIATION', {
          serial_min: ordered[0]!,
          serial_max: ordered[ordered.length - 1]!,
          max_variation: ACCEPTED_SERIAL_DIFFERENCE,
        });
      }
      // Step 5.4 (MULTIPLE_SOA_SERIALS_OK) cannot happen with an accepted difference of 0; the reference
      // reports MULTIPLE_SOA_SERIALS for every set of two or more serials.
      ctx.emit('MULTIPLE_SOA_SERIALS', { count: values.length });
    }
    // Consistency01 step 6: SOA_SERIAL per serial value
    for (const [serial, servers] of [...serials].sort((a, b) => Number(a[0]) - Number(b[0]))) {
      ctx.emit('SOA_SERIAL', { serial: Number(serial), ns_list: [...servers].sort().join(';') });
    }
  },
});
