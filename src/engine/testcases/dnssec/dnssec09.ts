/**
 * DNSSEC09: SOA RRset is correctly signed.
 * Specification methods: Method 4, Method 5.
 */
import {
  classifySignatures,
  DS09_SIGNATURE_TAGS,
  emitSignatureSets,
  signatureSets,
} from './signature-sets.js';
import {
  answers,
  ask,
  childServersV1,
  dnskeyInfo,
  DNSSEC,
  ipList,
  isAuthNoError,
  responseTime,
  rrsigsCovering,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec09 = testCase({
  id: 'dnssec09',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec09.md',
  tags: {
    DS09_MISSING_RRSIG_IN_RESPONSE: ['ns_ip_list'],
    ...DS09_SIGNATURE_TAGS,
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const servers = await childServersV1(ctx);
    const withoutRrsig = new Set<string>();
    const sets = signatureSets();
    // DNSSEC09 step 5
    for (const address of usableAddresses(ctx, servers)) {
      const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
      if (!isAuthNoError(p)) continue;
      const keyRecords = answers(p, 'DNSKEY', child);
      if (keyRecords.length === 0) continue;
      const soa = await ask(ctx, servers, address, child, 'SOA', DNSSEC);
      if (!isAuthNoError(soa)) continue;
      const soaRecords = answers(soa, 'SOA', child).slice(0, 1);
      if (soaRecords.length === 0) continue;
      const sigs = rrsigsCovering(soa.answer, 'SOA', child);
      if (sigs.length === 0) {
        withoutRrsig.add(address);
        continue;
      }
      classifySignatures(sets, address, sigs, soaRecords, keyRecords.map(dnskeyInfo), responseTime(soa));
    }
    // DNSSEC09 steps 6-11
    if (withoutRrsig.size > 0)
      ctx.emit('DS09_MISSING_RRSIG_IN_RESPONSE', { ns_ip_list: ipList(withoutRrsig) });
    emitSignatureSets(ctx, 'DS09', sets);
  },
});
