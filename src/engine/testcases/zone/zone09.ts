/**
 * Zone09: Mail exchanger records are present and consistent.
 * Specification methods: Method 4, Method 5.
 */
import { distinctAddresses, isAuthoritativeSoa } from './soa.js';
import { DISABLED_TAGS, canQuery } from '../transport.js';
import { isNonMailDomain } from './mail-domain.js';
import { canonical } from '../../dns/name.js';
import { answerOf, query, type MxData } from '../delegated-answer.js';
import { method4and5 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

/** An MX RRset in a form that compares equal for equal data: sorted "preference exchange" lines. */
function mxKey(records: MxData[]): string {
  return records
    .map((mx) => `${mx.preference} ${canonical(mx.exchange)}`)
    .sort()
    .join('\n');
}

function mailTargets(records: MxData[]): string {
  return records.map((mx) => `${canonical(mx.exchange)}.`).join(';');
}

export const zone09 = testCase({
  id: 'zone09',
  spec: 'docs/public/specifications/tests/Zone-TP/zone09.md',
  tags: {
    Z09_INCONSISTENT_MX: '',
    Z09_INCONSISTENT_MX_DATA: '',
    Z09_MISSING_MAIL_TARGET: '',
    Z09_MX_DATA: 'mailtarget_list ns_ip_list',
    Z09_MX_FOUND: 'ns_ip_list',
    Z09_NON_AUTH_MX_RESPONSE: 'ns_ip_list',
    Z09_NO_MX_FOUND: 'ns_ip_list',
    Z09_NO_RESPONSE_MX_QUERY: 'ns_ip_list',
    Z09_NULL_MX_NON_ZERO_PREF: '',
    Z09_NULL_MX_WITH_OTHER_MX: '',
    Z09_ROOT_EMAIL_DOMAIN: '',
    Z09_TLD_EMAIL_DOMAIN: '',
    Z09_UNEXPECTED_RCODE_MX: 'rcode ns_ip_list',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone09 step 4
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const nonAuth: string[] = [];
    const noMx: string[] = [];
    const mxSets = new Map<string, MxData[]>();
    // Zone09 steps 3 and 5
    for (const server of distinctAddresses(await method4and5(ctx))) {
      if (ctx.signal.aborted) return;
      if (!canQuery(ctx, server, 'SOA', 'MX')) continue;
      const soa = await query(ctx, server, zone, 'SOA');
      if (!isAuthoritativeSoa(soa, zone)) continue; // step 5.2
      let p = await query(ctx, server, zone, 'MX', { usevc: false, fallback: false });
      if (p?.flags.tc) p = await query(ctx, server, zone, 'MX', { usevc: true }); // step 5.3.1
      const ip = server.address;
      const mx = p ? answerOf(p, 'MX', zone) : [];
      // steps 5.3.2-5.3.6
      if (!p) noResponse.push(ip);
      else if (p.rcode !== 'NOERROR') unexpected.set(p.rcode, [...(unexpected.get(p.rcode) ?? []), ip]);
      else if (!p.flags.aa) nonAuth.push(ip);
      else if (mx.length === 0) noMx.push(ip);
      else
        mxSets.set(
          ip,
          mx.map((rr) => rr.data as MxData),
        );
    }
    if (noResponse.length > 0)
      ctx.emit('Z09_NO_RESPONSE_MX_QUERY', { ns_ip_list: noResponse.sort().join(';') }); // step 6
    for (const [rcode, ips] of unexpected)
      ctx.emit('Z09_UNEXPECTED_RCODE_MX', { rcode, ns_ip_list: ips.sort().join(';') }); // step 7
    if (nonAuth.length > 0) ctx.emit('Z09_NON_AUTH_MX_RESPONSE', { ns_ip_list: nonAuth.sort().join(';') }); // step 8
    // Zone09 step 9
    if (noMx.length > 0 && mxSets.size > 0) {
      ctx.emit('Z09_INCONSISTENT_MX', {});
      ctx.emit('Z09_NO_MX_FOUND', { ns_ip_list: noMx.sort().join(';') });
      ctx.emit('Z09_MX_FOUND', { ns_ip_list: [...mxSets.keys()].sort().join(';') });
    }
    // Zone09 step 10
    if (mxSets.size > 0) {
      const groups = new Map<string, { records: MxData[]; ips: string[] }>();
      for (const [ip, records] of mxSets) {
        const key = mxKey(records);
        const group = groups.get(key) ?? { records, ips: [] };
        group.ips.push(ip);
        groups.set(key, group);
      }
      if (groups.size > 1) {
        // step 10.1
        ctx.emit('Z09_INCONSISTENT_MX_DATA', {});
        for (const group of groups.values())
          ctx.emit('Z09_MX_DATA', {
            mailtarget_list: mailTargets(group.records),
            ns_ip_list: group.ips.sort().join(';'),
          });
      } else {
        // step 10.2
        const { records, ips } = [...groups.values()][0]!;
        const nullMx = records.filter((mx) => canonical(mx.exchange) === '');
        if (nullMx.length > 0) {
          if (records.length > 1) ctx.emit('Z09_NULL_MX_WITH_OTHER_MX', {}); // step 10.2.1.1
          if (nullMx.some((mx) => mx.preference !== 0)) ctx.emit('Z09_NULL_MX_NON_ZERO_PREF', {}); // step 10.2.1.2
        } else if (zone !== '' && !zone.includes('.')) {
          ctx.emit('Z09_TLD_EMAIL_DOMAIN', {}); // step 10.2.2
        } else if (zone === '') {
          ctx.emit('Z09_ROOT_EMAIL_DOMAIN', {}); // step 10.2.3
        } else {
          ctx.emit('Z09_MX_DATA', {
            mailtarget_list: mailTargets(records),
            ns_ip_list: ips.sort().join(';'),
          }); // step 10.2.4
        }
      }
    }
    // Zone09 step 11
    if (noMx.length > 0 && mxSets.size === 0 && !isNonMailDomain(zone))
      ctx.emit('Z09_MISSING_MAIL_TARGET', {});
  },
});
