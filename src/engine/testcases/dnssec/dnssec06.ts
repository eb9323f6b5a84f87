/**
 * DNSSEC06: Signatures come with the answers (extra processing).
 * Specification methods: none named.
 * Uses: Method 4, Method 5.
 */
import { ask, childServersV1, DNSSEC, usableAddresses } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec06 = testCase({
  id: 'dnssec06',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec06.md',
  tags: {
    EXTRA_PROCESSING_BROKEN: 'server keys sigs',
    EXTRA_PROCESSING_OK: 'server keys sigs',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const servers = await childServersV1(ctx);
    // DNSSEC06 steps 1-4: every name server is asked for the DNSKEY RRset with its signatures
    for (const address of usableAddresses(ctx, servers)) {
      const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
      if (!p) continue;
      const keys = p.answer.filter((rr) => rr.type === 'DNSKEY').length;
      const sigs = p.answer.filter((rr) => rr.type === 'RRSIG').length;
      if (keys > 0 && sigs > 0) ctx.emit('EXTRA_PROCESSING_OK', { server: address, keys, sigs });
      else if (p.rcode === 'NOERROR') ctx.emit('EXTRA_PROCESSING_BROKEN', { server: address, keys, sigs });
    }
  },
});
