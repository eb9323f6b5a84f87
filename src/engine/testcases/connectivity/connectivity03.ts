/**
 * Connectivity03: Name servers spread over several autonomous systems.
 * Specification methods: Method 4, Method 5.
 */
import { familyOf } from '../../dns/name.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { lookup } from './asn-lookup.js';
import { testCase } from '../test-case.js';

export const connectivity03 = testCase({
  id: 'connectivity03',
  spec: 'docs/public/specifications/tests/Connectivity-TP/connectivity03.md',
  tags: {
    ASN_INFOS_ANNOUNCE_BY: 'ns_ip asn',
    ASN_INFOS_ANNOUNCE_IN: 'ns_ip prefix',
    ASN_INFOS_RAW: 'data ns_ip',
    EMPTY_ASN_SET: 'ns_ip',
    ERROR_ASN_DATABASE: 'ns_ip',
    IPV4_DIFFERENT_ASN: 'asn_list',
    IPV4_ONE_ASN: 'asn',
    IPV4_SAME_ASN: 'asn_list',
    IPV6_DIFFERENT_ASN: 'asn_list',
    IPV6_ONE_ASN: 'asn',
    IPV6_SAME_ASN: 'asn_list',
  },
  async run(ctx) {
    const addresses = [...new Set((await method4and5Nameservers(ctx)).map((ns) => ns.address))];
    for (const family of [4, 6] as const) {
      const asns = new Set<number>();
      const sets = new Set<string>();
      for (const address of addresses.filter((a) => familyOf(a) === family)) {
        const found = await lookup(ctx, address);
        if (found.code !== 'AS_FOUND') {
          ctx.emit(found.code, { ns_ip: address }); // Connectivity03: EMPTY_ASN_SET / ERROR_ASN_DATABASE
          continue;
        }
        if (found.raw) ctx.emit('ASN_INFOS_RAW', { ns_ip: address, data: found.raw });
        const sorted = [...found.asns].sort((a, b) => a - b);
        ctx.emit('ASN_INFOS_ANNOUNCE_BY', { ns_ip: address, asn: sorted.join(',') });
        if (found.prefix) ctx.emit('ASN_INFOS_ANNOUNCE_IN', { ns_ip: address, prefix: found.prefix });
        for (const asn of sorted) asns.add(asn);
        sets.add(sorted.join(','));
      }
      if (asns.size === 0) continue;
      const list = [...asns].sort((a, b) => a - b);
      // Connectivity03: one AS for every address / the same set of ASes for every address / different ASes
      if (list.length === 1) ctx.emit(`IPV${family}_ONE_ASN`, { asn: String(list[0]) });
      else if (sets.size === 1) ctx.emit(`IPV${family}_SAME_ASN`, { asn_list: [...sets][0]! });
      else ctx.emit(`IPV${family}_DIFFERENT_ASN`, { asn_list: list.join(',') });
    }
  },
});
