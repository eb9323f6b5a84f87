/**
 * Connectivity module: Connectivity01 (UDP), Connectivity02 (TCP), Connectivity03 (AS diversity),
 * Connectivity04 (prefix diversity). Specifications:
 * zonemaster/zonemaster docs/public/specifications/tests/Connectivity-TP/connectivity0{1,2,3,4}.md.
 */
import type { Nameserver } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { lookupAsn, type AsnLookupResult } from '../asn.js';
import { familyOf } from '../recursor.js';
import type { ModuleDefinition, TagSpec, TestCaseDefinition, TestContext } from './context.js';
import { allNameservers, reportDisabled } from './nameserver.js';

/** The zone name as the reference writes it in domain arguments: fully qualified, lower case. */
function fqdn(name: string): string {
  return name === '' ? '.' : `${name.toLowerCase()}.`;
}

/** Connectivity01/02: SOA and NS over one transport, each answer checked in the specification's order. */
async function transportCheck(
  ctx: TestContext,
  prefix: 'CN01' | 'CN02',
  servers: Nameserver[],
): Promise<void> {
  const usevc = prefix === 'CN02';
  const protocol = usevc ? 'TCP' : 'UDP';
  const zone = ctx.zone.name;
  for (const ns of servers) {
    if (reportDisabled(ctx, ns, ['SOA', 'NS'])) continue;
    const answers = {
      SOA: await ns.query(zone, 'SOA', { usevc }),
      NS: await ns.query(zone, 'NS', { usevc }),
    };
    const args = { ns: ns.toString() };
    if (!isPacket(answers.SOA) && !isPacket(answers.NS)) {
      ctx.emit(`${prefix}_NO_RESPONSE_${protocol}`, args); // CN01/CN02: no answer at all
      continue;
    }
    for (const qtype of ['SOA', 'NS'] as const) {
      const p = answers[qtype];
      if (!isPacket(p)) {
        ctx.emit(`${prefix}_NO_RESPONSE_${qtype}_QUERY_${protocol}`, args);
      } else if (p.rcode !== 'NOERROR') {
        ctx.emit(`${prefix}_UNEXPECTED_RCODE_${qtype}_QUERY_${protocol}`, { ...args, rcode: p.rcode });
      } else {
        const record = p.records(qtype, 'answer')[0];
        if (!record) ctx.emit(`${prefix}_MISSING_${qtype}_RECORD_${protocol}`, args);
        else if (record.name !== zone) {
          ctx.emit(`${prefix}_WRONG_${qtype}_RECORD_${protocol}`, {
            ...args,
            domain_found: fqdn(record.name),
            domain_expected: fqdn(zone),
          });
        } else if (!p.flags.aa) ctx.emit(`${prefix}_${qtype}_RECORD_NOT_AA_${protocol}`, args);
      }
    }
  }
}

function transportTags(prefix: 'CN01' | 'CN02', protocol: 'UDP' | 'TCP'): TagSpec[] {
  const tags: TagSpec[] = [{ tag: `${prefix}_NO_RESPONSE_${protocol}`, args: ['ns'] }];
  for (const qtype of ['SOA', 'NS']) {
    tags.push(
      { tag: `${prefix}_MISSING_${qtype}_RECORD_${protocol}`, args: ['ns'] },
      { tag: `${prefix}_NO_RESPONSE_${qtype}_QUERY_${protocol}`, args: ['ns'] },
      { tag: `${prefix}_${qtype}_RECORD_NOT_AA_${protocol}`, args: ['ns'] },
      { tag: `${prefix}_UNEXPECTED_RCODE_${qtype}_QUERY_${protocol}`, args: ['ns', 'rcode'] },
      { tag: `${prefix}_WRONG_${qtype}_RECORD_${protocol}`, args: ['ns', 'domain_found', 'domain_expected'] },
    );
  }
  tags.push(
    { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
    { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
  );
  return tags;
}

export const connectivity01: TestCaseDefinition = {
  id: 'connectivity01',
  name: 'Connectivity01',
  module: 'CONNECTIVITY',
  specId: 'CONNECTIVITY01',
  tags: [
    { tag: 'CN01_IPV4_DISABLED', args: ['ns_list'] },
    { tag: 'CN01_IPV6_DISABLED', args: ['ns_list'] },
    ...transportTags('CN01', 'UDP'),
  ],
  async run(ctx) {
    const servers = await allNameservers(ctx);
    const disabled = servers.filter((ns) => !ctx.zone.canSendTo(ns.address));
    const v4 = disabled.filter((ns) => familyOf(ns.address) === 4);
    const v6 = disabled.filter((ns) => familyOf(ns.address) === 6);
    // Connectivity01 step 2: servers of a disabled family are listed, not queried
    if (v4.length > 0) ctx.emit('CN01_IPV4_DISABLED', { ns_list: v4.map(String).join(';') });
    if (v6.length > 0) ctx.emit('CN01_IPV6_DISABLED', { ns_list: v6.map(String).join(';') });
    await transportCheck(ctx, 'CN01', servers);
  },
};

export const connectivity02: TestCaseDefinition = {
  id: 'connectivity02',
  name: 'Connectivity02',
  module: 'CONNECTIVITY',
  specId: 'CONNECTIVITY02',
  tags: transportTags('CN02', 'TCP'),
  async run(ctx) {
    await transportCheck(ctx, 'CN02', await allNameservers(ctx));
  },
};

function lookup(ctx: TestContext, address: string): Promise<AsnLookupResult> {
  return lookupAsn(address, ctx.profile, {
    recurse: (name, type) => ctx.recursor.recurse(name, type),
    addressesOf: (host) => ctx.recursor.addressesOf(host),
  });
}

export const connectivity03: TestCaseDefinition = {
  id: 'connectivity03',
  name: 'Connectivity03',
  module: 'CONNECTIVITY',
  specId: 'CONNECTIVITY03',
  tags: [
    { tag: 'ASN_INFOS_ANNOUNCE_BY', args: ['ns_ip', 'asn'] },
    { tag: 'ASN_INFOS_ANNOUNCE_IN', args: ['ns_ip', 'prefix'] },
    { tag: 'ASN_INFOS_RAW', args: ['data', 'ns_ip'] },
    { tag: 'EMPTY_ASN_SET', args: ['ns_ip'] },
    { tag: 'ERROR_ASN_DATABASE', args: ['ns_ip'] },
    { tag: 'IPV4_DIFFERENT_ASN', args: ['asn_list'] },
    { tag: 'IPV4_ONE_ASN', args: ['asn'] },
    { tag: 'IPV4_SAME_ASN', args: ['asn_list'] },
    { tag: 'IPV6_DIFFERENT_ASN', args: ['asn_list'] },
    { tag: 'IPV6_ONE_ASN', args: ['asn'] },
    { tag: 'IPV6_SAME_ASN', args: ['asn_list'] },
  ],
  async run(ctx) {
    const addresses = [...new Set((await allNameservers(ctx)).map((ns) => ns.address))];
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
};

export const connectivity04: TestCaseDefinition = {
  id: 'connectivity04',
  name: 'Connectivity04',
  module: 'CONNECTIVITY',
  specId: 'CONNECTIVITY04',
  tags: [
    { tag: 'CN04_ASN_INFOS_ANNOUNCE_IN', args: ['ns_ip', 'prefix'] },
    { tag: 'CN04_ASN_INFOS_RAW', args: ['data', 'ns_ip'] },
    { tag: 'CN04_EMPTY_PREFIX_SET', args: ['ns_ip'] },
    { tag: 'CN04_ERROR_PREFIX_DATABASE', args: ['ns_ip'] },
    { tag: 'CN04_IPV4_DIFFERENT_PREFIX', args: ['ns_list'] },
    { tag: 'CN04_IPV4_SAME_PREFIX', args: ['ip_prefix', 'ns_list'] },
    { tag: 'CN04_IPV4_SINGLE_PREFIX', args: [] },
    { tag: 'CN04_IPV6_DIFFERENT_PREFIX', args: ['ns_list'] },
    { tag: 'CN04_IPV6_SAME_PREFIX', args: ['ip_prefix', 'ns_list'] },
    { tag: 'CN04_IPV6_SINGLE_PREFIX', args: [] },
  ],
  async run(ctx) {
    // Connectivity04 step 1: Get-Del-NS-Names-and-IPs and Get-Zone-NS-Names-and-IPs, each address once
    const servers = [...(await ctx.zone.delNameservers()), ...(await ctx.zone.zoneNameservers())];
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
};

export const connectivityModule: ModuleDefinition = {
  name: 'CONNECTIVITY',
  displayName: 'Connectivity',
  version: 'v1.1.0',
  testCases: [connectivity01, connectivity02, connectivity03, connectivity04],
};
