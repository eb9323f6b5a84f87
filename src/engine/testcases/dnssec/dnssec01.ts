/**
 * DNSSEC01: DS digest algorithms are valid.
 * Specification methods: Get-Parent-NS-Names-and-IPs.
 */
import { type DsData, undelegatedDs } from './undelegated-ds.js';
import { digestAlgorithm } from '../../dnssec/algorithms.js';
import {
  apexRecords,
  Grouped,
  isGoodDnssecResponse,
  nsList,
  parentServers,
  serversByAnswer,
  usableAddresses,
} from '../../dnssec/servers.js';
import { ByAlgorithm } from './by-keytag.js';
import { testCase } from '../test-case.js';

/** DNSSEC01 step 8: the order of the digest algorithm messages. */
const STATUS_ORDER = [
  'DS01_DS_ALGO_DEPRECATED',
  'DS01_DS_ALGO_RESERVED',
  'DS01_DS_ALGO_UNASSIGNED',
  'DS01_DS_ALGO_PRIVATE',
  'DS01_DS_ALGO_NOT_DS',
  'DS01_DS_ALGO_OK',
] as const;

export const dnssec01 = testCase({
  id: 'dnssec01',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec01.md',
  tags: {
    DS01_DS_ALGO_2_MISSING: 'keytag ns_list',
    DS01_DS_ALGO_DEPRECATED: 'keytag ds_algo_num ds_algo_descr ns_list',
    DS01_DS_ALGO_NOT_DS: 'keytag ds_algo_num ds_algo_descr ns_list',
    DS01_DS_ALGO_OK: 'keytag ds_algo_num ds_algo_descr ns_list',
    DS01_DS_ALGO_PRIVATE: 'keytag ds_algo_num ns_list',
    DS01_DS_ALGO_RESERVED: 'keytag ds_algo_num ns_list',
    DS01_DS_ALGO_UNASSIGNED: 'keytag ds_algo_num ns_list',
    DS01_NO_RESPONSE: 'ns_list',
    DS01_PARENT_SERVER_NO_DS: 'ns_list',
    DS01_PARENT_ZONE_NO_DS: 'ns_list',
    DS01_ROOT_N_NO_UNDEL_DS: '',
    DS01_UNDEL_N_NO_UNDEL_DS: '',
  },
  async run(ctx) {
    const given = undelegatedDs(ctx);
    // DNSSEC01 steps 2 and 4.3: empty for root and undelegated tests, and when Undelegated DS is given
    const parents = given.length > 0 ? new Map<string, string[]>() : await parentServers(ctx);
    const sorted = serversByAnswer();
    const byClass = new ByAlgorithm();
    const algo2 = new Set<string>(); // "address|keytag"
    const nonAlgo2 = new Set<string>();
    const classify = (address: string, ds: readonly DsData[]) => {
      for (const { keyTag, digestType } of ds) {
        byClass.add(digestAlgorithm(digestType).status, keyTag, digestType, address);
        (digestType === 2 ? algo2 : nonAlgo2).add(`${address}|${keyTag}`);
      }
    };
    // DNSSEC01 step 4: Undelegated DS, reported as from server "-"
    if (given.length > 0) {
      classify('-', given);
      sorted.with.add('-');
    }
    // DNSSEC01 step 5
    for (const address of usableAddresses(ctx, parents)) {
      const ds = await apexRecords(ctx, parents, address, 'DS', isGoodDnssecResponse, sorted);
      classify(
        address,
        ds.map((rr) => rr.data),
      );
    }
    // DNSSEC01 step 8, in STATUS_ORDER
    for (const [tag, keytag, num, addresses] of byClass.inOrder(STATUS_ORDER)) {
      const args = { keytag, ds_algo_num: num, ns_list: nsList(parents, addresses) };
      if (tag === 'DS01_DS_ALGO_DEPRECATED' || tag === 'DS01_DS_ALGO_NOT_DS' || tag === 'DS01_DS_ALGO_OK')
        ctx.emit(tag, { ...args, ds_algo_descr: digestAlgorithm(num).descr });
      else ctx.emit(tag, args);
    }
    // DNSSEC01 step 9: DS01_DS_ALGO_2_MISSING
    const missing = new Grouped<number>();
    for (const pair of nonAlgo2) {
      if (algo2.has(pair)) continue;
      const [address, keytag] = pair.split('|') as [string, string];
      missing.add(Number(keytag), address);
    }
    for (const [keytag, addresses] of missing.map)
      ctx.emit('DS01_DS_ALGO_2_MISSING', { keytag, ns_list: nsList(parents, addresses) });
    // DNSSEC01 step 10: DS01_NO_RESPONSE
    if (sorted.without.size === 0 && sorted.with.size === 0 && sorted.ignored.size > 0)
      ctx.emit('DS01_NO_RESPONSE', { ns_list: nsList(parents, sorted.ignored) });
    // DNSSEC01 step 11: DS01_ROOT_N_NO_UNDEL_DS
    if (ctx.zone.name === '' && given.length === 0) ctx.emit('DS01_ROOT_N_NO_UNDEL_DS', {});
    // DNSSEC01 step 12: DS01_UNDEL_N_NO_UNDEL_DS
    if (ctx.zone.name !== '' && ctx.zone.isUndelegated && given.length === 0)
      ctx.emit('DS01_UNDEL_N_NO_UNDEL_DS', {});
    // DNSSEC01 step 13: DS01_PARENT_ZONE_NO_DS / DS01_PARENT_SERVER_NO_DS
    if (sorted.without.size > 0)
      ctx.emit(sorted.with.size === 0 ? 'DS01_PARENT_ZONE_NO_DS' : 'DS01_PARENT_SERVER_NO_DS', {
        ns_list: nsList(parents, sorted.without),
      });
  },
});
