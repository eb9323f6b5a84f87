/**
 * Delegation03: Referral fits in a 512-byte UDP answer.
 * Specification methods: Method 1, Method 2, Method 4.
 */
import { familyOf, isAtOrBelow } from '../../dns/name.js';
import { method1, method2, method4 } from '../../methods/v1.js';
import { CompressedSize, maxLengthNameUnder, UDP_PAYLOAD_LIMIT } from './referral-size.js';
import { testCase } from '../test-case.js';

export const delegation03 = testCase({
  id: 'delegation03',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation03.md',
  tags: {
    REFERRAL_SIZE_OK: 'size',
    REFERRAL_SIZE_TOO_LARGE: 'size',
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    const packet = new CompressedSize();
    // Delegation03 step 1: a maximally long query name under the apex
    packet.question(maxLengthNameUnder(zone));
    // Delegation03 steps 2-3: NS records of the delegation in the authority section
    const names = [...new Set(await method2(ctx))];
    for (const name of names) packet.record(zone, { name });
    // Delegation03 step 4: the parent zone
    const parent = zone === '' ? '' : ((await method1(ctx)) ?? '');
    // Delegation03 steps 5-9: one glue record per address family when every such name is in the parent's bailiwick
    const pairs = await method4(ctx);
    for (const [family, bytes] of [
      [4, 4], // A
      [6, 16], // AAAA
    ] as const) {
      const withFamily = pairs.filter((p) => familyOf(p.address) === family);
      if (withFamily.length > 0 && withFamily.every((p) => isAtOrBelow(p.name, parent))) {
        packet.record(withFamily[0]!.name, { bytes });
      }
    }
    // Delegation03 step 10
    ctx.emit(packet.size > UDP_PAYLOAD_LIMIT ? 'REFERRAL_SIZE_TOO_LARGE' : 'REFERRAL_SIZE_OK', {
      size: packet.size,
    });
  },
});
