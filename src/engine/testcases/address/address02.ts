/**
 * Address02: Name server addresses have reverse DNS.
 * Specification methods: Method 4, Method 5.
 */
import { method4and5ByAddress } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { lookupPtr } from './ptr.js';

export const address02 = testCase({
  id: 'address02',
  spec: 'docs/public/specifications/tests/Address-TP/address02.md',
  tags: {
    NAMESERVERS_IP_WITH_REVERSE: '',
    NAMESERVER_IP_WITHOUT_REVERSE: 'nsname ns_ip',
    NO_RESPONSE_PTR_QUERY: 'domain',
  },
  async run(ctx) {
    // Address02 steps 1-2: glue addresses (Method4) and the child's name server addresses (Method5), each once
    const servers = await method4and5ByAddress(ctx);
    let problems = 0;
    for (const server of servers) {
      // Address02 step 3: recursive PTR query
      const { qname, packet } = await lookupPtr(ctx, server.address);
      if (!packet) {
        ctx.emit('NO_RESPONSE_PTR_QUERY', { domain: qname }); // Address02 step 3: no response
        problems++;
      } else if (packet.rcode !== 'NOERROR' || !packet.answer.some((rr) => rr.type === 'PTR')) {
        // Address02 step 4: NAMESERVER_IP_WITHOUT_REVERSE
        ctx.emit('NAMESERVER_IP_WITHOUT_REVERSE', { nsname: server.name, ns_ip: server.address });
        problems++;
      }
    }
    // Address02 outcome: every address has a PTR record
    if (servers.length > 0 && problems === 0) ctx.emit('NAMESERVERS_IP_WITH_REVERSE', {});
  },
});
