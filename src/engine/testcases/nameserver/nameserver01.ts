/**
 * Nameserver01: Name servers are not open recursive resolvers.
 * Specification methods: Method 4, Method 5.
 */
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

/** Names in zones no tested server should be authoritative for (Nameserver01). */
const NONEXISTENT_NAMES = [
  'xn--nameservertest.iis.se',
  'xn--nameservertest.icann.org',
  'xn--nameservertest.ripe.net',
];

export const nameserver01 = testCase({
  id: 'nameserver01',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver01.md',
  tags: {
    IS_A_RECURSOR: 'ns',
    NO_RECURSOR: 'ns',
    NO_RESPONSE: 'ns domain',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'A')) {
      let responses = 0;
      let nxdomains = 0;
      let sawRa = false;
      let silent = false;
      for (const name of NONEXISTENT_NAMES) {
        const p = await ns.query(name, 'A');
        if (!isPacket(p)) {
          // Nameserver01: NO_RESPONSE
          ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: name });
          silent = true;
          continue;
        }
        responses++;
        if (p.flags.ra) sawRa = true;
        if (p.rcode === 'NXDOMAIN') nxdomains++;
      }
      // Nameserver01: recursion offered (RA) or names outside its zones resolved to NXDOMAIN
      if (sawRa || (responses > 0 && nxdomains === responses))
        ctx.emit('IS_A_RECURSOR', { ns: ns.toString() });
      else if (!silent) ctx.emit('NO_RECURSOR', { ns: ns.toString() });
    }
  },
});
