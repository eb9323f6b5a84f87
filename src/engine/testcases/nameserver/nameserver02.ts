/**
 * Nameserver02: Name servers support EDNS.
 * Specification methods: Method 4, Method 5.
 */
import { displayName } from '../../dns/name.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { ednsRcode, headerRcode } from './rcodes.js';
import { testCase } from '../test-case.js';
import { checkEach, DISABLED_TAGS } from '../transport.js';

export const nameserver02 = testCase({
  id: 'nameserver02',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver02.md',
  tags: {
    BREAKS_ON_EDNS: 'ns domain',
    EDNS0_SUPPORT: 'ns_list',
    EDNS_RESPONSE_WITHOUT_EDNS: 'ns domain',
    EDNS_VERSION_ERROR: 'ns domain',
    NO_EDNS_SUPPORT: 'ns',
    NO_RESPONSE: 'ns domain',
    NS_ERROR: 'ns',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    const servers = await method4and5Nameservers(ctx);
    const { checked, faults } = await checkEach(ctx, servers, 'SOA', async (ns) => {
      const p = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0 } });
      if (!isPacket(p)) {
        const plain = await ns.query(ctx.zone.name, 'SOA');
        // Nameserver02: BREAKS_ON_EDNS when only the EDNS query goes unanswered; NO_RESPONSE otherwise
        ctx.emit(isPacket(plain) ? 'BREAKS_ON_EDNS' : 'NO_RESPONSE', { ns: ns.toString(), domain });
        return false;
      }
      const rcode = headerRcode(p);
      if (rcode === 'FORMERR' && !p.edns) {
        ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() }); // Nameserver02: NO_EDNS_SUPPORT
      } else if (
        rcode === 'NOERROR' &&
        ednsRcode(p) === 0 &&
        p.records('SOA', 'answer').length > 0 &&
        (p.edns?.version ?? 0) === 0
      ) {
        return true;
      } else if (rcode === 'NOERROR' && !p.edns) {
        ctx.emit('EDNS_RESPONSE_WITHOUT_EDNS', { ns: ns.toString(), domain }); // Nameserver02
      } else if (rcode === 'NOERROR' && p.edns && p.edns.version !== 0) {
        ctx.emit('EDNS_VERSION_ERROR', { ns: ns.toString(), domain }); // Nameserver02
      } else {
        ctx.emit('NS_ERROR', { ns: ns.toString() }); // Nameserver02
      }
      return false;
    });
    // Nameserver02: EDNS0_SUPPORT when every tested server handled EDNS
    if (checked.length > 0 && faults === 0) ctx.emit('EDNS0_SUPPORT', { ns_list: checked.join(';') });
  },
});
