/**
 * DNSSEC13: Every DNSKEY algorithm signs the zone.
 * Specification methods: Method 4, Method 5.
 */
import { dnskeyAlgorithm } from '../../dnssec/algorithms.js';
import {
  ask,
  childServersV1,
  DNSSEC,
  Grouped,
  ipList,
  isAuthNoError,
  rrsigFields,
  rrsigsCovering,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec13 = testCase({
  id: 'dnssec13',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec13.md',
  tags: {
    DS13_ALGO_NOT_SIGNED_DNSKEY: 'algo_num algo_mnemo ns_ip_list',
    DS13_ALGO_NOT_SIGNED_NS: 'algo_num algo_mnemo ns_ip_list',
    DS13_ALGO_NOT_SIGNED_SOA: 'algo_num algo_mnemo ns_ip_list',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    const notSigned = {
      DNSKEY: new Grouped<number>(),
      SOA: new Grouped<number>(),
      NS: new Grouped<number>(),
    };
    // DNSSEC13 step 6
    for (const address of usableAddresses(ctx, servers)) {
      const algorithms = new Set<number>();
      for (const qtype of ['DNSKEY', 'SOA', 'NS'] as const) {
        const p = await ask(ctx, servers, address, ctx.zone.name, qtype, DNSSEC);
        if (!isAuthNoError(p)) break;
        const records = p.answer.filter((rr) => rr.type === qtype);
        const sigs = rrsigsCovering(p.answer, qtype);
        if (records.length === 0 || sigs.length === 0) break;
        if (qtype === 'DNSKEY') for (const rr of records) algorithms.add(rr.data.algorithm);
        for (const algorithm of algorithms)
          if (!sigs.some((s) => rrsigFields(s).algorithm === algorithm))
            notSigned[qtype].add(algorithm, address);
      }
    }
    // DNSSEC13 steps 7-9
    for (const qtype of ['DNSKEY', 'SOA', 'NS'] as const) {
      for (const [algo, addresses] of notSigned[qtype].map) {
        ctx.emit(`DS13_ALGO_NOT_SIGNED_${qtype}`, {
          algo_num: algo,
          algo_mnemo: dnskeyAlgorithm(algo).mnemo,
          ns_ip_list: ipList(addresses),
        });
      }
    }
  },
});
