/**
 * Connectivity04: Name servers spread over several IP prefixes.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { familyOf } from '../../dns/name.js';
import { lookup } from './asn-lookup.js';
import { testCase } from '../test-case.js';

export const connectivity04 = testCase({
  id: 'connectivity04',
  spec: 'docs/public/specifications/tests/Connectivity-TP/connectivity04.md',
  tags: {
    CN04_ASN_INFOS_ANNOUNCE_IN: 'ns_ip prefix',
    CN04_ASN_INFOS_RAW: 'data ns_ip',
    CN04_EMPTY_PREFIX_SET: 'ns_ip',
    CN04_ERROR_PREFIX_DATABASE: 'ns_ip',
    CN04_IPV4_DIFFERENT_PREFIX: 'ns_list',
    CN04_IPV4_SAME_PREFIX: 'ip_prefix ns_list',
    CN04_IPV4_SINGLE_PREFIX: '',
    CN04_IPV6_DIFFERENT_PREFIX: 'ns_list',
    CN04_IPV6_SAME_PREFIX: 'ip_prefix ns_list',
    CN04_IPV6_SINGLE_PREFIX: '',
  },
  async run(ctx) {
    // Connectivity04 step 1: Get-Del-NS-Names-and-IPs and Get-Zone-NS-Names-and-IPs, each address once
    // Sorted, so that of two names sharing an address the same one (the first by name) is reported every run.
    const servers = [...(await ctx.zone.delNameservers()), ...(await ctx.zone.zoneNameservers())].sort(
      (a, b) => (a.name === b.name ? (a.address < b.address ? -1 : 1) : a.name < b.name ? -1 : 1),
    );
    const processed = { 4: new Set<string>(), 6: new Set<string>() };
    const prefixes = { 4: new Map<string, string[]>(), 6: new Map<string, string[]>() };
    for (const ns of servers) {
      const family = familyOf(ns.address);
      if (processed[family].has(ns.address)) continue;
      processed[family].add(ns.address);
      const found = await lookup(ctx, ns.address);
      if (found.code === 'ERROR_ASN_DATABASE') ctx.emit('CN04_ERROR_PREFIX_DATABASE', { ns_ip: ns.address });
      else if (found.code === 'EMPTY_ASN_SET') ctx.emit('CN04_EMPTY_PREFIX_SET', { ns_ip: ns.address });
      else {
        if (found.raw) ctx.emit('CN04_ASN_INFOS_RAW', { ns_ip: ns.address, data: found.raw });
        if (!found.prefix) continue;
        ctx.emit('CN04_ASN_INFOS_ANNOUNCE_IN', { ns_ip: ns.address, prefix: found.prefix });
        const list = prefixes[family].get(found.prefix) ?? [];
        list.push(ns.toString());
        prefixes[family].set(found.prefix, list);
      }
    }
    for (const family of [4, 6] as const) {
      const byPrefix = prefixes[family];
      if (byPrefix.size === 0) continue;
      const alone: string[] = [];
      for (const [prefix, list] of byPrefix) {
        // Connectivity04: two or more name servers in one prefix
        if (list.length >= 2)
          ctx.emit(`CN04_IPV${family}_SAME_PREFIX`, {
            ip_prefix: prefix,
            ns_list: [...list].sort().join(';'),
          });
        else alone.push(...list);
      }
      if (alone.length > 0)
        ctx.emit(`CN04_IPV${family}_DIFFERENT_PREFIX`, { ns_list: [...new Set(alone)].sort().join(';') });
      // Connectivity04: every address of the family in one and the same prefix
      const [only] = [...byPrefix.values()];
      if (byPrefix.size === 1 && only!.length === processed[family].size)
        ctx.emit(`CN04_IPV${family}_SINGLE_PREFIX`, {});
    }
  },
});
