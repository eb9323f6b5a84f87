/**
 * DNSSEC05: DNSKEY algorithms are valid and recommended.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { dnskeyAlgorithm } from '../../dnssec/algorithms.js';
import {
  apexRecords,
  childServers,
  dnskeyInfo,
  isAuthNoError,
  nsList,
  serversByAnswer,
  usableAddresses,
} from '../../dnssec/servers.js';
import { ByAlgorithm } from './by-keytag.js';
import { testCase } from '../test-case.js';

/** DNSSEC05 step 6: the order of the algorithm messages. */
const STATUS_ORDER = [
  'DS05_ALGO_DEPRECATED',
  'DS05_ALGO_RESERVED',
  'DS05_ALGO_UNASSIGNED',
  'DS05_ALGO_NOT_RECOMMENDED',
  'DS05_ALGO_PRIVATE',
  'DS05_ALGO_NOT_ZONE_SIGN',
  'DS05_ALGO_OK',
] as const;

export const dnssec05 = testCase({
  id: 'dnssec05',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec05.md',
  tags: {
    DS05_ALGO_DEPRECATED: 'keytag algo_num algo_descr algo_mnemo ns_list',
    DS05_ALGO_NOT_RECOMMENDED: 'keytag algo_num algo_descr algo_mnemo ns_list',
    DS05_ALGO_NOT_ZONE_SIGN: 'keytag algo_num algo_descr algo_mnemo ns_list',
    DS05_ALGO_OK: 'keytag algo_num algo_descr algo_mnemo ns_list',
    DS05_ALGO_PRIVATE: 'keytag algo_num ns_list',
    DS05_ALGO_RESERVED: 'keytag algo_num ns_list',
    DS05_ALGO_UNASSIGNED: 'keytag algo_num ns_list',
    DS05_NO_RESPONSE: 'ns_list',
    DS05_SERVER_NO_DNSSEC: 'ns_list',
    DS05_ZONE_NO_DNSSEC: 'ns_list',
  },
  async run(ctx) {
    const servers = await childServers(ctx);
    const byStatus = new ByAlgorithm();
    const sorted = serversByAnswer();
    // DNSSEC05 step 5
    for (const address of usableAddresses(ctx, servers)) {
      const keys = await apexRecords(ctx, servers, address, 'DNSKEY', isAuthNoError, sorted);
      for (const key of keys.map(dnskeyInfo))
        byStatus.add(dnskeyAlgorithm(key.algorithm).status, key.tag, key.algorithm, address);
    }
    // DNSSEC05 step 6, in STATUS_ORDER
    for (const [tag, keytag, num, addresses] of byStatus.inOrder(STATUS_ORDER)) {
      const args = { keytag, algo_num: num, ns_list: nsList(servers, addresses) };
      if (
        tag === 'DS05_ALGO_DEPRECATED' ||
        tag === 'DS05_ALGO_NOT_RECOMMENDED' ||
        tag === 'DS05_ALGO_NOT_ZONE_SIGN' ||
        tag === 'DS05_ALGO_OK'
      ) {
        const { descr, mnemo } = dnskeyAlgorithm(num);
        ctx.emit(tag, { ...args, algo_descr: descr, algo_mnemo: mnemo });
      } else ctx.emit(tag, args);
    }
    // DNSSEC05 steps 7-8
    if (sorted.without.size === 0 && sorted.with.size === 0)
      ctx.emit('DS05_NO_RESPONSE', { ns_list: nsList(servers, sorted.ignored) });
    if (sorted.without.size > 0)
      ctx.emit(sorted.with.size === 0 ? 'DS05_ZONE_NO_DNSSEC' : 'DS05_SERVER_NO_DNSSEC', {
        ns_list: nsList(servers, sorted.without),
      });
  },
});
