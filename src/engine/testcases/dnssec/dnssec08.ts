/**
 * DNSSEC08: DNSKEY RRset is correctly signed.
 * Specification methods: Method 4, Method 5.
 */
import {
  classifySignatures,
  DS08_SIGNATURE_TAGS,
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

export const dnssec08 = testCase({
  id: 'dnssec08',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec08.md',
  tags: {
    DS08_MISSING_RRSIG_IN_RESPONSE: ['ns_ip_list'],
    ...DS08_SIGNATURE_TAGS,
  },
  async run(ctx) {
    const child = ctx.zone.name;
    const servers = await childServersV1(ctx);
    const withoutRrsig = new Set<string>();
    const sets = signatureSets();
    // DNSSEC08 step 4
    for (const address of usableAddresses(ctx, servers)) {
      const p = await ask(ctx, servers, address, child, 'DNSKEY', DNSSEC);
      if (!isAuthNoError(p)) continue;
      const keyRecords = answers(p, 'DNSKEY', child);
      if (keyRecords.length === 0) continue;
      const sigs = rrsigsCovering(p.answer, 'DNSKEY', child);
      if (sigs.length === 0) {
        withoutRrsig.add(address);
        continue;
      }
      classifySignatures(sets, address, sigs, keyRecords, keyRecords.map(dnskeyInfo), responseTime(p));
    }
    // DNSSEC08 steps 6-11
    if (withoutRrsig.size > 0)
      ctx.emit('DS08_MISSING_RRSIG_IN_RESPONSE', { ns_ip_list: ipList(withoutRrsig) });
    emitSignatureSets(ctx, 'DS08', sets);
  },
});
