/**
 * Nameserver04: Answers come from the queried address.
 * Specification methods: Method 5.
 * Uses: its own queries only.
 */
import { isPacket } from '../../dns/types.js';
import { method5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { checkEach, DISABLED_TAGS } from '../transport.js';

export const nameserver04 = testCase({
  id: 'nameserver04',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver04.md',
  tags: {
    DIFFERENT_SOURCE_IP: 'ns source',
    SAME_SOURCE_IP: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const servers = await method5Nameservers(ctx);
    const { checked, faults } = await checkEach(ctx, servers, 'SOA', async (ns) => {
      const p = await ns.query(ctx.zone.name, 'SOA');
      if (!isPacket(p) || !p.from.address || p.from.address === ns.address) return true;
      ctx.emit('DIFFERENT_SOURCE_IP', { ns: ns.toString(), source: p.from.address }); // Nameserver04
      return false;
    });
    if (checked.length > 0 && faults === 0) ctx.emit('SAME_SOURCE_IP', {}); // Nameserver04
  },
});
