/**
 * DNSSEC08: DNSKEY RRset is correctly signed.
 * Specification methods: Method 4, Method 5.
 */
import { checkApexSignatures, DS08_SIGNATURE_TAGS } from './signature-sets.js';
import { responseTime, rrsigsCovering } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec08 = testCase({
  id: 'dnssec08',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec08.md',
  tags: {
    DS08_MISSING_RRSIG_IN_RESPONSE: 'ns_ip_list',
    ...DS08_SIGNATURE_TAGS,
  },
  async run(ctx) {
    // DNSSEC08 step 4: the DNSKEY RRset signs itself; steps 6-11: the messages
    await checkApexSignatures(ctx, 'DS08', async (dnskey, keys) => ({
      records: keys,
      sigs: rrsigsCovering(dnskey.answer, 'DNSKEY', ctx.zone.name),
      time: responseTime(dnskey),
    }));
  },
});
