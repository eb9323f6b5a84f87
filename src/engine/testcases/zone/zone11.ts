/**
 * Zone11: SPF policy is present and valid.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { type ServerAddress } from '../../recursor.js';
import { distinctAddresses } from './soa.js';
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { isNonMailDomain } from './mail-domain.js';
import { answerOf, query } from '../delegated-answer.js';
import { delAndZoneNsNamesAndIps } from '../../methods/v2.js';
import { displayName, nsString } from '../../dns/name.js';
import { isNullSpf, isSpfRecord, isValidSpf } from '../../spf.js';
import { testCase } from '../test-case.js';

export const zone11 = testCase({
  id: 'zone11',
  spec: 'docs/public/specifications/tests/Zone-TP/zone11.md',
  tags: {
    Z11_DIFFERENT_SPF_POLICIES_FOUND: 'ns_list',
    Z11_INCONSISTENT_SPF_POLICIES: '',
    Z11_NON_NULL_SPF_NON_MAIL_DOMAIN: 'domain',
    Z11_NO_SPF_FOUND: 'domain',
    Z11_NO_SPF_NON_MAIL_DOMAIN: 'domain',
    Z11_NULL_SPF_NON_MAIL_DOMAIN: 'domain',
    Z11_SPF_MULTIPLE_RECORDS: 'ns_list',
    Z11_SPF_SYNTAX_ERROR: 'domain ns_list',
    Z11_SPF_SYNTAX_OK: 'domain',
    Z11_UNABLE_TO_CHECK_FOR_SPF: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const domain = displayName(ctx.zone.name);
    // Zone11 step 3
    const servers = await delAndZoneNsNamesAndIps(ctx.zone);
    const namesOf = nsStringsByAddress(servers);
    const nsListOf = (ips: string[]) =>
      ips
        .flatMap((ip) => namesOf.get(ip) ?? [])
        .sort()
        .join(';');
    // Zone11 steps 2 and 4: SPF-Policies, per name server address
    const policies = new Map<string, string[]>();
    for (const server of distinctAddresses(servers)) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'TXT')) continue;
      const p = await query(ctx, server, ctx.zone.name, 'TXT');
      if (!p || p.rcode !== 'NOERROR' || !p.flags.aa) continue; // step 4.2
      const texts = answerOf(p, 'TXT', ctx.zone.name).map((rr) => txtString(rr.data));
      policies.set(
        server.address,
        texts.filter(isSpfRecord).map((t) => t.toLowerCase()),
      ); // steps 4.3-4.5
    }
    // Zone11 step 5
    if (policies.size === 0) {
      ctx.emit('Z11_UNABLE_TO_CHECK_FOR_SPF', {});
      return;
    }
    // Zone11 step 6
    if ([...policies.values()].every((list) => list.length === 0)) {
      if (isNonMailDomain(ctx.zone.name)) ctx.emit('Z11_NO_SPF_NON_MAIL_DOMAIN', { domain });
      else ctx.emit('Z11_NO_SPF_FOUND', { domain });
      return;
    }
    // Zone11 step 8: group the name servers by the set of policies they returned
    const groups = new Map<string, string[]>();
    for (const [ip, list] of policies) {
      const key = JSON.stringify([...new Set(list)].sort());
      groups.set(key, [...(groups.get(key) ?? []), ip]);
    }
    if (groups.size > 1) {
      ctx.emit('Z11_INCONSISTENT_SPF_POLICIES', {});
      for (const ips of groups.values())
        ctx.emit('Z11_DIFFERENT_SPF_POLICIES_FOUND', { ns_list: nsListOf(ips) });
      return;
    }
    // Zone11 step 9
    const multiple = [...policies].filter(([, list]) => list.length > 1).map(([ip]) => ip);
    if (multiple.length > 0) {
      ctx.emit('Z11_SPF_MULTIPLE_RECORDS', { ns_list: nsListOf(multiple) });
      return;
    }
    // Zone11 steps 10-11
    const policy = [...policies.values()][0]![0]!;
    if (!isValidSpf(policy)) {
      ctx.emit('Z11_SPF_SYNTAX_ERROR', { domain, ns_list: nsListOf([...policies.keys()]) });
      return;
    }
    // Zone11 step 12
    if (isNonMailDomain(ctx.zone.name)) {
      if (isNullSpf(policy)) ctx.emit('Z11_NULL_SPF_NON_MAIL_DOMAIN', { domain });
      else ctx.emit('Z11_NON_NULL_SPF_NON_MAIL_DOMAIN', { domain });
      return;
    }
    // Zone11 step 13
    ctx.emit('Z11_SPF_SYNTAX_OK', { domain });
  },
});

/** TXT rdata (one or more character strings) concatenated, RFC 7208 section 3.3. */
function txtString(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts
    .map((part) => (typeof part === 'string' ? part : Buffer.from(part as Uint8Array).toString('latin1')))
    .join('');
}

/** The name servers sharing each address: address -> sorted "name/address" strings. */
function nsStringsByAddress(servers: ServerAddress[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of servers) {
    const list = map.get(s.address) ?? [];
    const ns = nsString(s.name, s.address);
    if (!list.includes(ns)) list.push(ns);
    map.set(s.address, list.sort());
  }
  return map;
}
