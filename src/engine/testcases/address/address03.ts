/**
 * Address03: Reverse DNS of name server addresses matches the name server names.
 * Specification methods: Method 5.
 */
import { canonical } from '../../dns/name.js';
import { method5 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { lookupPtr } from './ptr.js';

export const address03 = testCase({
  id: 'address03',
  spec: 'docs/public/specifications/tests/Address-TP/address03.md',
  tags: {
    NAMESERVER_IP_PTR_MATCH: '',
    NAMESERVER_IP_PTR_MISMATCH: 'nsname ns_ip names',
    NAMESERVER_IP_WITHOUT_REVERSE: 'nsname ns_ip',
    NO_RESPONSE_PTR_QUERY: 'domain',
  },
  async run(ctx) {
    // Address03 step 1: the child's name servers and their addresses (Method5), HASH1, per address
    const namesByAddress = new Map<string, string[]>();
    for (const server of await method5(ctx))
      namesByAddress.set(server.address, [...(namesByAddress.get(server.address) ?? []), server.name]);
    let problems = 0;
    for (const [address, names] of namesByAddress) {
      if (ctx.signal.aborted) return;
      const nsname = names[0]!;
      // Address03 step 2: PTR names of the address (HASH2)
      const { qname, packet } = await lookupPtr(ctx, address);
      if (!packet) {
        ctx.emit('NO_RESPONSE_PTR_QUERY', { domain: qname });
        problems++;
        continue;
      }
      const ptrs = packet.answer.filter((rr) => rr.type === 'PTR');
      if (packet.rcode !== 'NOERROR' || ptrs.length === 0) {
        ctx.emit('NAMESERVER_IP_WITHOUT_REVERSE', { nsname, ns_ip: address });
        problems++;
        continue;
      }
      // Address03 step 3: a name server name using the address must be among its PTR names
      if (!ptrs.some((rr) => names.includes(canonical(String(rr.data))))) {
        ctx.emit('NAMESERVER_IP_PTR_MISMATCH', {
          nsname,
          ns_ip: address,
          names: ptrs.map((rr) => `${canonical(String(rr.data))}.`).join('/'),
        });
        problems++;
      }
    }
    if (namesByAddress.size > 0 && problems === 0) ctx.emit('NAMESERVER_IP_PTR_MATCH', {});
  },
});
