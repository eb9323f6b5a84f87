/**
 * Nameserver07: No upward referrals.
 * Specification methods: Method 5.
 * Uses: its own queries only.
 */
import { isPacket } from '../../dns/types.js';
import { method5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { checkEach, DISABLED_TAGS } from '../transport.js';

export const nameserver07 = testCase({
  id: 'nameserver07',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver07.md',
  tags: {
    NO_UPWARD_REFERRAL: 'nsname_list',
    UPWARD_REFERRAL: 'ns',
    UPWARD_REFERRAL_IRRELEVANT: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    if (ctx.zone.name === '') {
      ctx.emit('UPWARD_REFERRAL_IRRELEVANT', {}); // Nameserver07: the root has nothing above it
      return;
    }
    const names = new Set<string>();
    const { checked, faults } = await checkEach(ctx, await method5Nameservers(ctx), 'NS', async (ns) => {
      names.add(ns.name);
      const p = await ns.query('', 'NS');
      if (!isPacket(p) || p.records('NS', 'authority').length === 0) return true;
      ctx.emit('UPWARD_REFERRAL', { ns: ns.toString() }); // Nameserver07
      return false;
    });
    if (checked.length > 0 && faults === 0)
      ctx.emit('NO_UPWARD_REFERRAL', { nsname_list: [...names].sort().join(';') }); // Nameserver07
  },
});
