/**
 * DNSSEC09: SOA RRset is correctly signed.
 * Specification methods: Method 4, Method 5.
 */
import { checkApexSignatures, DS09_SIGNATURE_TAGS } from './signature-sets.js';
import { answers, isAuthNoError, responseTime, rrsigsCovering } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec09 = testCase({
  id: 'dnssec09',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec09.md',
  tags: {
    DS09_MISSING_RRSIG_IN_RESPONSE: 'ns_ip_list',
    ...DS09_SIGNATURE_TAGS,
  },
  async run(ctx) {
    // DNSSEC09 step 5: the SOA RRset signed by the zone's keys; steps 6-11: the messages
    await checkApexSignatures(ctx, 'DS09', async (_dnskey, _keys, query) => {
      const soa = await query('SOA');
      if (!isAuthNoError(soa)) return undefined;
      const records = answers(soa, 'SOA', ctx.zone.name).slice(0, 1);
      if (records.length === 0) return undefined;
      return { records, sigs: rrsigsCovering(soa.answer, 'SOA', ctx.zone.name), time: responseTime(soa) };
    });
  },
});
