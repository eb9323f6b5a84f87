/**
 * Zone module: ZONE01-11. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Zone-TP/
 * zone01.md ... zone11.md.
 */
import { isNullSpf, isSpfRecord, isValidSpf } from '../spf.js';
import { canonical, displayName } from '../recursor.js';
import { nsString } from '../zone.js';
import type { Packet } from '../dns/types.js';
import type { Args } from '../types.js';
import type { ModuleDefinition, TagSpec, TestCaseDefinition } from './context.js';
import {
  allNameservers,
  answerOf,
  authoritativeSoa,
  firstAnswer,
  hostOf,
  isNonMailDomain,
  nsStringsByAddress,
  query,
  serialGreater,
  transportAllowed,
  TRANSPORT_TAGS,
  type MxData,
  type SoaData,
} from './zone-util.js';


const NO_RESPONSE_SOA_QUERY: TagSpec = { tag: 'NO_RESPONSE_SOA_QUERY', args: [] };

function isAuthoritativeSoa(p: Packet | undefined, zone: string): p is Packet {
  return p !== undefined && p.rcode === 'NOERROR' && p.flags.aa && answerOf(p, 'SOA', zone).length > 0;
}

/** Distinct addresses of a server list, each with the first name seen for it. */
function distinctAddresses(
  servers: { name: string; address: string }[],
): { name: string; address: string }[] {
  const seen = new Set<string>();
  return servers.filter((s) => !seen.has(s.address) && seen.add(s.address));
}

export const zone01: TestCaseDefinition = {
  id: 'zone01',
  name: 'Zone01',
  module: 'ZONE',
  specId: 'ZONE01',
  tags: [
    { tag: 'Z01_MNAME_HAS_LOCALHOST_ADDR', args: ['nsname', 'ns_ip'] },
    { tag: 'Z01_MNAME_IS_DOT', args: ['ns_ip_list'] },
    { tag: 'Z01_MNAME_IS_LOCALHOST', args: ['ns_ip_list'] },
    { tag: 'Z01_MNAME_IS_MASTER', args: ['ns_list'] },
    { tag: 'Z01_MNAME_MISSING_SOA_RECORD', args: ['ns'] },
    { tag: 'Z01_MNAME_NOT_AUTHORITATIVE', args: ['ns'] },
    { tag: 'Z01_MNAME_NOT_IN_NS_LIST', args: ['nsname'] },
    { tag: 'Z01_MNAME_NOT_MASTER', args: ['ns_list', 'soaserial', 'soaserial_list'] },
    { tag: 'Z01_MNAME_NOT_RESOLVE', args: ['nsname'] },
    { tag: 'Z01_MNAME_NO_RESPONSE', args: ['ns'] },
    { tag: 'Z01_MNAME_UNEXPECTED_RCODE', args: ['ns', 'rcode'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone01 step 2: MNAME Nameservers (name -> address -> serial, undefined until one is known)
    const mnameServers = new Map<string, Map<string, number | undefined>>();
    const serials: number[] = [];
    const isLocalhost: string[] = [];
    const isDot: string[] = [];
    // Zone01 steps 3-4
    for (const server of distinctAddresses(await allNameservers(ctx))) {
      if (ctx.signal.aborted) return;
      if (!transportAllowed(ctx, server, 'SOA')) continue;
      const p = await query(ctx, server, zone, 'SOA');
      if (!isAuthoritativeSoa(p, zone)) continue; // step 4.2
      const soa = answerOf(p, 'SOA', zone)[0]!.data as SoaData;
      const mname = hostOf(soa.mname);
      if (mname === 'localhost')
        isLocalhost.push(server.address); // step 4.3.1
      else if (mname === '')
        isDot.push(server.address); // step 4.3.2
      else if (!mnameServers.has(mname)) mnameServers.set(mname, new Map()); // step 4.3.3
      if (!serials.includes(soa.serial)) serials.push(soa.serial); // step 4.4
    }
    if (isLocalhost.length > 0) ctx.emit('Z01_MNAME_IS_LOCALHOST', { ns_ip_list: isLocalhost.join(';') }); // step 5
    if (isDot.length > 0) ctx.emit('Z01_MNAME_IS_DOT', { ns_ip_list: isDot.join(';') }); // step 6
    if (mnameServers.size === 0) return; // step 7
    // Zone01 step 8
    const childNames = (await ctx.zone.zoneNsNames()) ?? [];
    // Zone01 step 9
    for (const [mname, addresses] of [...mnameServers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!childNames.includes(mname)) ctx.emit('Z01_MNAME_NOT_IN_NS_LIST', { nsname: mname }); // step 9.1
      const found = await ctx.recursor.addressesOf(mname); // step 9.2
      if (found.length === 0) {
        ctx.emit('Z01_MNAME_NOT_RESOLVE', { nsname: mname }); // step 9.4
        continue;
      }
      for (const address of found) {
        addresses.set(address, undefined);
        const ns = nsString(mname, address);
        if (address === '127.0.0.1' || address === '::1') {
          ctx.emit('Z01_MNAME_HAS_LOCALHOST_ADDR', { nsname: mname, ns_ip: address }); // step 9.3.1.1
          continue;
        }
        if (!transportAllowed(ctx, { name: mname, address }, 'SOA')) continue;
        const p = await query(ctx, { name: mname, address }, zone, 'SOA');
        const soa = p ? answerOf(p, 'SOA', zone)[0] : undefined;
        if (p && p.rcode === 'NOERROR' && soa) {
          if (!p.flags.aa)
            ctx.emit('Z01_MNAME_NOT_AUTHORITATIVE', { ns }); // step 9.3.1.2.1.1
          else addresses.set(address, (soa.data as SoaData).serial); // step 9.3.1.2.1.2
        } else if (p && p.rcode !== 'NOERROR') {
          ctx.emit('Z01_MNAME_UNEXPECTED_RCODE', { ns, rcode: p.rcode }); // step 9.3.1.2.2
        } else if (p) {
          ctx.emit('Z01_MNAME_MISSING_SOA_RECORD', { ns }); // step 9.3.1.2.3
        } else {
          ctx.emit('Z01_MNAME_NO_RESPONSE', { ns }); // step 9.3.1.2.4
        }
      }
    }
    // Zone01 step 10
    const withSerial = [...mnameServers].flatMap(([mname, addresses]) =>
      [...addresses]
        .filter(([, serial]) => serial !== undefined)
        .map(([address, serial]) => ({ ns: nsString(mname, address), serial: serial! })),
    );
    if (withSerial.length === 0) return;
    // Zone01 step 11
    const notMaster = withSerial.filter((m) => serials.some((s) => serialGreater(s, m.serial)));
    const master = withSerial.filter((m) => !notMaster.includes(m));
    // Zone01 step 12
    if (notMaster.length > 0) {
      ctx.emit('Z01_MNAME_NOT_MASTER', {
        ns_list: notMaster
          .map((m) => m.ns)
          .sort()
          .join(';'),
        soaserial: Math.max(...notMaster.map((m) => m.serial)),
        soaserial_list: serials.join(';'),
      });
    }
    // Zone01 step 13
    if (master.length > 0)
      ctx.emit('Z01_MNAME_IS_MASTER', {
        ns_list: master
          .map((m) => m.ns)
          .sort()
          .join(';'),
      });
  },
};

export const zone02: TestCaseDefinition = {
  id: 'zone02',
  name: 'Zone02',
  module: 'ZONE',
  specId: 'ZONE02',
  tags: [
    NO_RESPONSE_SOA_QUERY,
    { tag: 'REFRESH_MINIMUM_VALUE_LOWER', args: ['refresh', 'required_refresh'] },
    { tag: 'REFRESH_MINIMUM_VALUE_OK', args: ['refresh', 'required_refresh'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone02 steps 1-3
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    const required = ctx.profile.test_cases_vars.zone02.SOA_REFRESH_MINIMUM_VALUE;
    // Zone02 step 4
    if (soa.refresh < required)
      ctx.emit('REFRESH_MINIMUM_VALUE_LOWER', { refresh: soa.refresh, required_refresh: required });
    else ctx.emit('REFRESH_MINIMUM_VALUE_OK', { refresh: soa.refresh, required_refresh: required });
  },
};

export const zone03: TestCaseDefinition = {
  id: 'zone03',
  name: 'Zone03',
  module: 'ZONE',
  specId: 'ZONE03',
  tags: [
    NO_RESPONSE_SOA_QUERY,
    { tag: 'REFRESH_HIGHER_THAN_RETRY', args: ['refresh', 'retry'] },
    { tag: 'REFRESH_LOWER_THAN_RETRY', args: ['refresh', 'retry'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone03 steps 1-3
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    // Zone03 step 4: retry higher than or equal to refresh
    if (soa.retry >= soa.refresh)
      ctx.emit('REFRESH_LOWER_THAN_RETRY', { refresh: soa.refresh, retry: soa.retry });
    else ctx.emit('REFRESH_HIGHER_THAN_RETRY', { refresh: soa.refresh, retry: soa.retry });
  },
};

export const zone04: TestCaseDefinition = {
  id: 'zone04',
  name: 'Zone04',
  module: 'ZONE',
  specId: 'ZONE04',
  tags: [
    NO_RESPONSE_SOA_QUERY,
    { tag: 'RETRY_MINIMUM_VALUE_LOWER', args: ['retry', 'required_retry'] },
    { tag: 'RETRY_MINIMUM_VALUE_OK', args: ['retry', 'required_retry'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone04 steps 1-3
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    const required = ctx.profile.test_cases_vars.zone04.SOA_RETRY_MINIMUM_VALUE;
    // Zone04 step 4
    if (soa.retry < required)
      ctx.emit('RETRY_MINIMUM_VALUE_LOWER', { retry: soa.retry, required_retry: required });
    else ctx.emit('RETRY_MINIMUM_VALUE_OK', { retry: soa.retry, required_retry: required });
  },
};

export const zone05: TestCaseDefinition = {
  id: 'zone05',
  name: 'Zone05',
  module: 'ZONE',
  specId: 'ZONE05',
  tags: [
    { tag: 'EXPIRE_LOWER_THAN_REFRESH', args: ['expire', 'refresh'] },
    { tag: 'EXPIRE_MINIMUM_VALUE_LOWER', args: ['expire', 'required_expire'] },
    { tag: 'EXPIRE_MINIMUM_VALUE_OK', args: ['expire', 'required_expire', 'refresh'] },
    NO_RESPONSE_SOA_QUERY,
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone05 steps 1-3
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    const required = ctx.profile.test_cases_vars.zone05.SOA_EXPIRE_MINIMUM_VALUE;
    let problems = 0;
    // Zone05 step 4
    if (soa.expire < required) {
      ctx.emit('EXPIRE_MINIMUM_VALUE_LOWER', { expire: soa.expire, required_expire: required });
      problems++;
    }
    // Zone05 step 5
    if (soa.expire < soa.refresh) {
      ctx.emit('EXPIRE_LOWER_THAN_REFRESH', { expire: soa.expire, refresh: soa.refresh });
      problems++;
    }
    if (problems === 0)
      ctx.emit('EXPIRE_MINIMUM_VALUE_OK', {
        expire: soa.expire,
        required_expire: required,
        refresh: soa.refresh,
      });
  },
};

export const zone06: TestCaseDefinition = {
  id: 'zone06',
  name: 'Zone06',
  module: 'ZONE',
  specId: 'ZONE06',
  tags: [
    NO_RESPONSE_SOA_QUERY,
    { tag: 'SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER', args: ['minimum', 'highest_minimum'] },
    { tag: 'SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER', args: ['minimum', 'lowest_minimum'] },
    { tag: 'SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK', args: ['minimum', 'lowest_minimum', 'highest_minimum'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone06 steps 1-5
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    const { SOA_DEFAULT_TTL_MAXIMUM_VALUE: highest, SOA_DEFAULT_TTL_MINIMUM_VALUE: lowest } =
      ctx.profile.test_cases_vars.zone06;
    // Zone06 step 6
    if (soa.minimum > highest)
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER', { minimum: soa.minimum, highest_minimum: highest });
    // Zone06 step 7
    else if (soa.minimum < lowest)
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER', { minimum: soa.minimum, lowest_minimum: lowest });
    else
      ctx.emit('SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK', {
        minimum: soa.minimum,
        lowest_minimum: lowest,
        highest_minimum: highest,
      });
  },
};

export const zone07: TestCaseDefinition = {
  id: 'zone07',
  name: 'Zone07',
  module: 'ZONE',
  specId: 'ZONE07',
  tags: [
    { tag: 'MNAME_HAS_NO_ADDRESS', args: ['mname'] },
    { tag: 'MNAME_IS_CNAME', args: ['mname'] },
    { tag: 'MNAME_IS_NOT_CNAME', args: ['mname'] },
    NO_RESPONSE_SOA_QUERY,
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    // Zone07 steps 1-3
    const soa = await authoritativeSoa(ctx);
    if (!soa) {
      ctx.emit('NO_RESPONSE_SOA_QUERY', {});
      return;
    }
    const mname = hostOf(soa.mname);
    let addresses = 0;
    // Zone07 step 4: A and AAAA of MNAME
    for (const type of ['A', 'AAAA']) {
      const p = await ctx.recursor.recurse(mname, type);
      if (!p) continue;
      const finalName = canonical(p.question[0]?.name ?? mname); // differs when a CNAME was followed out of zone
      if (answerOf(p, type, mname).length > 0 || answerOf(p, type, finalName).length > 0) addresses++;
      // Zone07 step 5
      if (answerOf(p, 'CNAME', mname).length > 0 || finalName !== mname)
        ctx.emit('MNAME_IS_CNAME', { mname: displayName(mname) });
      else ctx.emit('MNAME_IS_NOT_CNAME', { mname: displayName(mname) });
    }
    if (addresses === 0) ctx.emit('MNAME_HAS_NO_ADDRESS', { mname: displayName(mname) });
  },
};

export const zone08: TestCaseDefinition = {
  id: 'zone08',
  name: 'Zone08',
  module: 'ZONE',
  specId: 'ZONE08',
  tags: [
    { tag: 'MX_RECORD_IS_CNAME', args: [] },
    { tag: 'MX_RECORD_IS_NOT_CNAME', args: [] },
    { tag: 'NO_RESPONSE_MX_QUERY', args: [] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone08 steps 1-2: the first authoritative MX answer
    const p = await firstAnswer(ctx, zone, 'MX', (r) => r.flags.aa);
    if (!p) {
      ctx.emit('NO_RESPONSE_MX_QUERY', {});
      return;
    }
    // Zone08 step 3: is each mail exchange an alias (asked of the zone's servers)?
    for (const rr of answerOf(p, 'MX', zone)) {
      const exchange = hostOf((rr.data as MxData).exchange);
      if (exchange === '') continue; // Null MX: no host to check
      const answer = await firstAnswer(ctx, exchange, 'CNAME', (r) => r.flags.aa);
      if (!answer) continue;
      if (answerOf(answer, 'CNAME', exchange).length > 0) ctx.emit('MX_RECORD_IS_CNAME', {});
      else ctx.emit('MX_RECORD_IS_NOT_CNAME', {});
    }
  },
};

/** An MX RRset in a form that compares equal for equal data: sorted "preference exchange" lines. */
function mxKey(records: MxData[]): string {
  return records
    .map((mx) => `${mx.preference} ${hostOf(mx.exchange)}`)
    .sort()
    .join('\n');
}

function mailTargets(records: MxData[]): string {
  return records.map((mx) => `${hostOf(mx.exchange)}.`).join(';');
}

export const zone09: TestCaseDefinition = {
  id: 'zone09',
  name: 'Zone09',
  module: 'ZONE',
  specId: 'ZONE09',
  tags: [
    { tag: 'Z09_INCONSISTENT_MX', args: [] },
    { tag: 'Z09_INCONSISTENT_MX_DATA', args: [] },
    { tag: 'Z09_MISSING_MAIL_TARGET', args: [] },
    { tag: 'Z09_MX_DATA', args: ['mailtarget_list', 'ns_ip_list'] },
    { tag: 'Z09_MX_FOUND', args: ['ns_ip_list'] },
    { tag: 'Z09_NON_AUTH_MX_RESPONSE', args: ['ns_ip_list'] },
    { tag: 'Z09_NO_MX_FOUND', args: ['ns_ip_list'] },
    { tag: 'Z09_NO_RESPONSE_MX_QUERY', args: ['ns_ip_list'] },
    { tag: 'Z09_NULL_MX_NON_ZERO_PREF', args: [] },
    { tag: 'Z09_NULL_MX_WITH_OTHER_MX', args: [] },
    { tag: 'Z09_ROOT_EMAIL_DOMAIN', args: [] },
    { tag: 'Z09_TLD_EMAIL_DOMAIN', args: [] },
    { tag: 'Z09_UNEXPECTED_RCODE_MX', args: ['rcode', 'ns_ip_list'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    // Zone09 step 4
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const nonAuth: string[] = [];
    const noMx: string[] = [];
    const mxSets = new Map<string, MxData[]>();
    // Zone09 steps 3 and 5
    for (const server of distinctAddresses(await allNameservers(ctx))) {
      if (ctx.signal.aborted) return;
      if (!transportAllowed(ctx, server, 'SOA', 'MX')) continue;
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
        const nullMx = records.filter((mx) => hostOf(mx.exchange) === '');
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
};

/** Zone10 step 3: what is wrong with one server's SOA answer, if anything. */
function soaProblem(
  p: Packet | undefined,
  zone: string,
  ns: string,
): { tag: string; args: Args } | undefined {
  if (!p) return { tag: 'NO_RESPONSE', args: { ns } }; // step 3.2
  const soas = p.answer.filter((rr) => rr.type === 'SOA');
  if (soas.length === 0) return { tag: 'NO_SOA_IN_RESPONSE', args: { ns } }; // step 3.3
  const wrong = soas.find((rr) => rr.name !== zone);
  if (wrong) return { tag: 'WRONG_SOA', args: { ns, owner: `${wrong.name}.`, name: `${zone}.` } }; // step 3.4
  if (soas.length > 1) return { tag: 'MULTIPLE_SOA', args: { ns, count: soas.length } }; // step 3.5
  return undefined;
}

export const zone10: TestCaseDefinition = {
  id: 'zone10',
  name: 'Zone10',
  module: 'ZONE',
  specId: 'ZONE10',
  tags: [
    { tag: 'MULTIPLE_SOA', args: ['ns', 'count'] },
    { tag: 'NO_RESPONSE', args: ['ns'] },
    { tag: 'NO_SOA_IN_RESPONSE', args: ['ns'] },
    { tag: 'ONE_SOA', args: [] },
    { tag: 'WRONG_SOA', args: ['ns', 'owner', 'name'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    let messages = 0;
    // Zone10 steps 1-3
    for (const server of await allNameservers(ctx)) {
      if (ctx.signal.aborted) return;
      if (!transportAllowed(ctx, server, 'SOA')) {
        // An IPVx_DISABLED message is a message too: an unchecked server does not make the zone "one SOA".
        messages++;
        continue;
      }
      const problem = soaProblem(
        await query(ctx, server, zone, 'SOA'),
        zone,
        nsString(server.name, server.address),
      );
      if (!problem) continue;
      ctx.emit(problem.tag, problem.args);
      messages++;
    }
    // Zone10 step 4
    if (messages === 0) ctx.emit('ONE_SOA', {});
  },
};

export const zone11: TestCaseDefinition = {
  id: 'zone11',
  name: 'Zone11',
  module: 'ZONE',
  specId: 'ZONE11',
  tags: [
    { tag: 'Z11_DIFFERENT_SPF_POLICIES_FOUND', args: ['ns_list'] },
    { tag: 'Z11_INCONSISTENT_SPF_POLICIES', args: [] },
    { tag: 'Z11_NON_NULL_SPF_NON_MAIL_DOMAIN', args: ['domain'] },
    { tag: 'Z11_NO_SPF_FOUND', args: ['domain'] },
    { tag: 'Z11_NO_SPF_NON_MAIL_DOMAIN', args: ['domain'] },
    { tag: 'Z11_NULL_SPF_NON_MAIL_DOMAIN', args: ['domain'] },
    { tag: 'Z11_SPF_MULTIPLE_RECORDS', args: ['ns_list'] },
    { tag: 'Z11_SPF_SYNTAX_ERROR', args: ['domain', 'ns_list'] },
    { tag: 'Z11_SPF_SYNTAX_OK', args: ['domain'] },
    { tag: 'Z11_UNABLE_TO_CHECK_FOR_SPF', args: [] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    const domain = displayName(zone);
    // Zone11 step 3
    const servers = await allNameservers(ctx);
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
      if (!transportAllowed(ctx, server, 'TXT')) continue;
      const p = await query(ctx, server, zone, 'TXT');
      if (!p || p.rcode !== 'NOERROR' || !p.flags.aa) continue; // step 4.2
      const texts = answerOf(p, 'TXT', zone).map((rr) => txtString(rr.data));
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
      if (isNonMailDomain(zone)) ctx.emit('Z11_NO_SPF_NON_MAIL_DOMAIN', { domain });
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
    if (isNonMailDomain(zone)) {
      if (isNullSpf(policy)) ctx.emit('Z11_NULL_SPF_NON_MAIL_DOMAIN', { domain });
      else ctx.emit('Z11_NON_NULL_SPF_NON_MAIL_DOMAIN', { domain });
      return;
    }
    // Zone11 step 13
    ctx.emit('Z11_SPF_SYNTAX_OK', { domain });
  },
};

/** TXT rdata (one or more character strings) concatenated, RFC 7208 section 3.3. */
function txtString(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts
    .map((part) => (typeof part === 'string' ? part : Buffer.from(part as Uint8Array).toString('latin1')))
    .join('');
}

export const zoneModule: ModuleDefinition = {
  name: 'ZONE',
  displayName: 'Zone',
  version: 'v1.0.14',
  testCases: [zone01, zone02, zone03, zone04, zone05, zone06, zone07, zone08, zone09, zone10, zone11],
};
