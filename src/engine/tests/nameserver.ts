/**
 * Nameserver module: Nameserver01-13 and Nameserver15. Specifications:
 * zonemaster/zonemaster docs/public/specifications/tests/Nameserver-TP/nameserver{01..13,15}.md.
 * Tags and arguments are those of the reference engine v8.1.0 (src/engine/tags.ts).
 */
import type { Nameserver, Packet, RR } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { rcodeName } from '../dns/rrtypes.js';
import { displayName, familyOf } from '../recursor.js';
import type { ModuleDefinition, TagSpec, TestCaseDefinition, TestContext } from './context.js';

// ---------------------------------------------------------------------------------------------- shared helpers

/**
 * Methods.md Method 4 and Method 5 together (the name server set of the Nameserver test cases and of
 * Connectivity01-03): every name server of Get-Del-NS-Names-and-IPs and Get-Zone-NS-Names-and-IPs, one per
 * (name, address), ordered by "name/address" as the reference does. Method 4/5 resolve a name to its own A/AAAA
 * records: an out-of-bailiwick name that is an alias (CNAME) gets no address there (ns-cname.xa).
 */
export async function allNameservers(ctx: TestContext): Promise<Nameserver[]> {
  const byString = new Map<string, Nameserver>();
  const aliases = new Map<string, boolean>();
  for (const ns of [...(await ctx.zone.delNameservers()), ...(await ctx.zone.zoneNameservers())]) {
    if (byString.has(ns.toString())) continue;
    if (!ctx.zone.isInBailiwick(ns.name) && !ctx.zone.isUndelegated) {
      if (!aliases.has(ns.name)) aliases.set(ns.name, await isAlias(ctx, ns.name));
      if (aliases.get(ns.name)) continue;
    }
    byString.set(ns.toString(), ns);
  }
  return [...byString.keys()].sort().map((key) => byString.get(key)!);
}

/** Whether a host name is a CNAME (its recursive A or AAAA lookup ends at another name). */
async function isAlias(ctx: TestContext, host: string): Promise<boolean> {
  for (const type of ['A', 'AAAA']) {
    const p = await ctx.recursor.recurse(host, type);
    if (!p) continue;
    if (p.question[0] && p.question[0].name !== host) return true;
    if (p.answer.some((rr) => rr.type === 'CNAME' && rr.name === host)) return true;
  }
  return false;
}

/** IPV4_DISABLED / IPV6_DISABLED (one per record type) when the profile forbids the server's family. */
export function reportDisabled(ctx: TestContext, ns: Nameserver, rrtypes: readonly string[]): boolean {
  if (ctx.zone.canSendTo(ns.address)) return false;
  const tag = familyOf(ns.address) === 4 ? 'IPV4_DISABLED' : 'IPV6_DISABLED';
  for (const rrtype of rrtypes) ctx.emit(tag, { ns: ns.toString(), rrtype });
  return true;
}

const RCODE_NUMBERS = new Map<string, number>(
  Array.from({ length: 4096 }, (_, code) => [rcodeName(code), code] as [string, number]),
);

/** The 4-bit rcode of the header, without the EDNS extension. */
export function headerRcode(p: Packet): string {
  return rcodeName((p.raw[3] ?? 0) & 0x0f);
}

/** The upper 8 bits of the extended rcode (from the OPT record); 0 without EDNS. */
export function ednsRcode(p: Packet): number {
  return ((RCODE_NUMBERS.get(p.rcode) ?? 0) >> 4) & 0xff;
}

/** The question name exactly as it is in the response bytes (case kept), without trailing dot. */
export function rawQuestionName(raw: Uint8Array): string | undefined {
  const count = ((raw[4] ?? 0) << 8) | (raw[5] ?? 0);
  if (raw.length < 12 || count === 0) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    const length = raw[offset];
    if (length === undefined || length > 63) return undefined; // compression in a question: not expected
    if (length === 0) break;
    if (offset + 1 + length > raw.length) return undefined;
    labels.push(String.fromCharCode(...raw.slice(offset + 1, offset + 1 + length)));
    offset += 1 + length;
  }
  return labels.join('.');
}

/** Each letter randomly upper or lower case, never the name itself. */
export function scrambleCase(name: string, differentFrom: readonly string[] = []): string {
  if (!/[a-z]/i.test(name)) return name;
  for (;;) {
    const scrambled = [...name]
      .map((ch) => (Math.random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase()))
      .join('');
    if (scrambled !== name && !differentFrom.includes(scrambled)) return scrambled;
  }
}

function nsKey(ns: Nameserver): string {
  return `${ns.name}/${ns.address}`;
}

const disabledTags: TagSpec[] = [
  { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
];

function define(n: string, tags: TagSpec[], run: (ctx: TestContext) => Promise<void>): TestCaseDefinition {
  return {
    id: `nameserver${n}`,
    name: `Nameserver${n}`,
    module: 'NAMESERVER',
    specId: `NAMESERVER${n}`,
    tags: [...tags, ...disabledTags],
    run,
  };
}

// ---------------------------------------------------------------------------------------------- test cases

/** Names in zones no tested server should be authoritative for (Nameserver01). */
const NONEXISTENT_NAMES = [
  'xn--nameservertest.iis.se',
  'xn--nameservertest.icann.org',
  'xn--nameservertest.ripe.net',
];

export const nameserver01 = define(
  '01',
  [
    { tag: 'IS_A_RECURSOR', args: ['ns'] },
    { tag: 'NO_RECURSOR', args: ['ns'] },
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
  ],
  async (ctx) => {
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['A'])) continue;
      let responses = 0;
      let nxdomains = 0;
      let sawRa = false;
      let silent = false;
      for (const name of NONEXISTENT_NAMES) {
        const p = await ns.query(name, 'A');
        if (!isPacket(p)) {
          // Nameserver01: NO_RESPONSE
          ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: name });
          silent = true;
          continue;
        }
        responses++;
        if (p.flags.ra) sawRa = true;
        if (p.rcode === 'NXDOMAIN') nxdomains++;
      }
      // Nameserver01: recursion offered (RA) or names outside its zones resolved to NXDOMAIN
      if (sawRa || (responses > 0 && nxdomains === responses))
        ctx.emit('IS_A_RECURSOR', { ns: ns.toString() });
      else if (!silent) ctx.emit('NO_RECURSOR', { ns: ns.toString() });
    }
  },
);

export const nameserver02 = define(
  '02',
  [
    { tag: 'BREAKS_ON_EDNS', args: ['ns', 'domain'] },
    { tag: 'EDNS0_SUPPORT', args: ['ns_list'] },
    { tag: 'EDNS_RESPONSE_WITHOUT_EDNS', args: ['ns', 'domain'] },
    { tag: 'EDNS_VERSION_ERROR', args: ['ns', 'domain'] },
    { tag: 'NO_EDNS_SUPPORT', args: ['ns'] },
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
    { tag: 'NS_ERROR', args: ['ns'] },
  ],
  async (ctx) => {
    const domain = displayName(ctx.zone.name);
    const tested = new Set<string>();
    let errors = 0;
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      const p = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0 } });
      if (!isPacket(p)) {
        const plain = await ns.query(ctx.zone.name, 'SOA');
        // Nameserver02: BREAKS_ON_EDNS when only the EDNS query goes unanswered; NO_RESPONSE otherwise
        ctx.emit(isPacket(plain) ? 'BREAKS_ON_EDNS' : 'NO_RESPONSE', { ns: ns.toString(), domain });
        errors++;
        continue;
      }
      const rcode = headerRcode(p);
      if (rcode === 'FORMERR' && !p.edns) {
        ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() }); // Nameserver02: NO_EDNS_SUPPORT
      } else if (
        rcode === 'NOERROR' &&
        ednsRcode(p) === 0 &&
        p.records('SOA', 'answer').length > 0 &&
        (p.edns?.version ?? 0) === 0
      ) {
        continue;
      } else if (rcode === 'NOERROR' && !p.edns) {
        ctx.emit('EDNS_RESPONSE_WITHOUT_EDNS', { ns: ns.toString(), domain }); // Nameserver02
      } else if (rcode === 'NOERROR' && p.edns && p.edns.version !== 0) {
        ctx.emit('EDNS_VERSION_ERROR', { ns: ns.toString(), domain }); // Nameserver02
      } else {
        ctx.emit('NS_ERROR', { ns: ns.toString() }); // Nameserver02
      }
      errors++;
    }
    // Nameserver02: EDNS0_SUPPORT when every tested server handled EDNS
    if (tested.size > 0 && errors === 0) ctx.emit('EDNS0_SUPPORT', { ns_list: [...tested].join(';') });
  },
);

export const nameserver03 = define(
  '03',
  [
    { tag: 'AXFR_AVAILABLE', args: ['ns'] },
    { tag: 'AXFR_FAILURE', args: ['ns'] },
  ],
  async (ctx) => {
    const tested = new Set<string>();
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['AXFR'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      let records: RR[] = [];
      try {
        records = await ns.axfr(ctx.zone.name);
      } catch {
        ctx.emit('AXFR_FAILURE', { ns: ns.toString() }); // Nameserver03: transfer refused or broken
        continue;
      }
      if (records[0]?.type === 'SOA') ctx.emit('AXFR_AVAILABLE', { ns: ns.toString() }); // Nameserver03
    }
  },
);

export const nameserver04 = define(
  '04',
  [
    { tag: 'DIFFERENT_SOURCE_IP', args: ['ns', 'source'] },
    { tag: 'SAME_SOURCE_IP', args: [] },
  ],
  async (ctx) => {
    const tested = new Set<string>();
    let errors = 0;
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      const p = await ns.query(ctx.zone.name, 'SOA');
      if (isPacket(p) && p.from.address && p.from.address !== ns.address) {
        ctx.emit('DIFFERENT_SOURCE_IP', { ns: ns.toString(), source: p.from.address }); // Nameserver04
        errors++;
      }
    }
    if (tested.size > 0 && errors === 0) ctx.emit('SAME_SOURCE_IP', {}); // Nameserver04
  },
);

export const nameserver05 = define(
  '05',
  [
    { tag: 'AAAA_BAD_RDATA', args: ['ns', 'length'] },
    { tag: 'AAAA_QUERY_DROPPED', args: ['ns'] },
    { tag: 'AAAA_UNEXPECTED_RCODE', args: ['ns', 'rcode'] },
    { tag: 'AAAA_WELL_PROCESSED', args: ['ns_list'] },
    { tag: 'A_UNEXPECTED_RCODE', args: ['ns', 'rcode'] },
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
  ],
  async (ctx) => {
    const tested = new Set<string>();
    let issues = 0;
    let goodAaaa = 0;
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['A'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      const a = await ns.query(ctx.zone.name, 'A', { usevc: false });
      if (!isPacket(a)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) }); // Nameserver05
        continue;
      }
      if (a.rcode !== 'NOERROR') {
        ctx.emit('A_UNEXPECTED_RCODE', { ns: ns.toString(), rcode: a.rcode }); // Nameserver05
        continue;
      }
      const aaaa = await ns.query(ctx.zone.name, 'AAAA', { usevc: false });
      if (!isPacket(aaaa)) {
        ctx.emit('AAAA_QUERY_DROPPED', { ns: ns.toString() }); // Nameserver05
        issues++;
      } else if (aaaa.rcode !== 'NOERROR') {
        ctx.emit('AAAA_UNEXPECTED_RCODE', { ns: ns.toString(), rcode: aaaa.rcode }); // Nameserver05
        issues++;
      } else {
        for (const rr of aaaa.records('AAAA', 'answer')) {
          const length = rr.rawData?.length ?? 16;
          if (length !== 16) {
            ctx.emit('AAAA_BAD_RDATA', { ns: ns.toString(), length }); // Nameserver05
            issues++;
          } else goodAaaa++;
        }
      }
    }
    if (goodAaaa > 0 && issues === 0) ctx.emit('AAAA_WELL_PROCESSED', { ns_list: [...tested].join(';') }); // Nameserver05
  },
);

export const nameserver06 = define(
  '06',
  [
    { tag: 'CAN_BE_RESOLVED', args: [] },
    { tag: 'CAN_NOT_BE_RESOLVED', args: ['nsname_list'] },
    { tag: 'NO_RESOLUTION', args: [] },
  ],
  async (ctx) => {
    const names = new Set(
      [...((await ctx.zone.delNsNames()) ?? []), ...((await ctx.zone.zoneNsNames()) ?? [])].map((n) =>
        n.toLowerCase(),
      ),
    );
    const withAddress = new Set((await allNameservers(ctx)).map((ns) => ns.name.toLowerCase()));
    const without = [...names].filter((n) => !withAddress.has(n));
    // Nameserver06: some names have no address / none has / all have
    if (without.length > 0 && withAddress.size > 0)
      ctx.emit('CAN_NOT_BE_RESOLVED', { nsname_list: without.join(';') });
    else if (withAddress.size === 0) ctx.emit('NO_RESOLUTION', {});
    else ctx.emit('CAN_BE_RESOLVED', {});
  },
);

export const nameserver07 = define(
  '07',
  [
    { tag: 'NO_UPWARD_REFERRAL', args: ['nsname_list'] },
    { tag: 'UPWARD_REFERRAL', args: ['ns'] },
    { tag: 'UPWARD_REFERRAL_IRRELEVANT', args: [] },
  ],
  async (ctx) => {
    if (ctx.zone.name === '') {
      ctx.emit('UPWARD_REFERRAL_IRRELEVANT', {}); // Nameserver07: the root has nothing above it
      return;
    }
    const tested = new Set<string>();
    const names = new Set<string>();
    let errors = 0;
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['NS'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      names.add(ns.name);
      const p = await ns.query('', 'NS');
      if (isPacket(p) && p.records('NS', 'authority').length > 0) {
        ctx.emit('UPWARD_REFERRAL', { ns: ns.toString() }); // Nameserver07
        errors++;
      }
    }
    if (tested.size > 0 && errors === 0)
      ctx.emit('NO_UPWARD_REFERRAL', { nsname_list: [...names].sort().join(';') }); // Nameserver07
  },
);

/** "www.<zone>" without trailing dot, as sent by Nameserver08/09. */
function wwwName(zone: string): string {
  return zone === '' ? 'www' : `www.${zone}`;
}

export const nameserver08 = define(
  '08',
  [
    { tag: 'QNAME_CASE_INSENSITIVE', args: ['ns', 'domain'] },
    { tag: 'QNAME_CASE_SENSITIVE', args: ['ns', 'domain'] },
  ],
  async (ctx) => {
    const scrambled = scrambleCase(wwwName(ctx.zone.name));
    const tested = new Set<string>();
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      const p = await ns.query(scrambled, 'SOA');
      const echoed = isPacket(p) ? rawQuestionName(p.raw) : undefined;
      if (echoed === undefined) continue;
      // Nameserver08: the question comes back with the case it was sent with (preserved) or not
      ctx.emit(echoed === scrambled ? 'QNAME_CASE_SENSITIVE' : 'QNAME_CASE_INSENSITIVE', {
        ns: ns.toString(),
        domain: scrambled,
      });
    }
  },
);

/** A record as comparable text, case folded. */
function recordText(rr: RR): string {
  return `${rr.name} ${rr.ttl} ${rr.class} ${rr.type} ${JSON.stringify(rr.data)}`.toLowerCase();
}

function answerText(p: Packet): string {
  return JSON.stringify(p.answer.map(recordText).sort());
}

export const nameserver09 = define(
  '09',
  [
    { tag: 'CASE_QUERIES_RESULTS_DIFFER', args: ['type', 'domain'] },
    { tag: 'CASE_QUERIES_RESULTS_OK', args: ['type', 'domain'] },
    { tag: 'CASE_QUERY_DIFFERENT_ANSWER', args: ['type', 'query1', 'query2', 'ns'] },
    { tag: 'CASE_QUERY_DIFFERENT_RC', args: ['type', 'query1', 'query2', 'ns', 'rcode1', 'rcode2'] },
    { tag: 'CASE_QUERY_NO_ANSWER', args: ['type', 'domain', 'ns'] },
    { tag: 'CASE_QUERY_SAME_ANSWER', args: ['type', 'query1', 'query2', 'ns'] },
    { tag: 'CASE_QUERY_SAME_RC', args: ['type', 'query1', 'query2', 'ns', 'rcode'] },
  ],
  async (ctx) => {
    const type = 'SOA';
    const original = wwwName(ctx.zone.name);
    const query1 = scrambleCase(original);
    const query2 = scrambleCase(original, [query1]);
    const tested = new Set<string>();
    let allMatch = true;
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, [type])) continue;
      if (tested.has(nsKey(ns))) continue;
      tested.add(nsKey(ns));
      const r1 = await ns.query(query1, type);
      const r2 = await ns.query(query2, type);
      const p1 = isPacket(r1) ? r1 : undefined;
      const p2 = isPacket(r2) ? r2 : undefined;
      const base = { ns: ns.toString(), type, query1, query2 };
      if (p1 && p1.answer.length > 0) {
        const same = p2 !== undefined && p2.answer.length > 0 && answerText(p1) === answerText(p2);
        // Nameserver09: answer sections compared without regard to case
        ctx.emit(same ? 'CASE_QUERY_SAME_ANSWER' : 'CASE_QUERY_DIFFERENT_ANSWER', base);
        if (!same) allMatch = false;
      } else if (p1 && p2) {
        if (p1.rcode === p2.rcode)
          ctx.emit('CASE_QUERY_SAME_RC', { ...base, rcode: p1.rcode }); // Nameserver09
        else {
          ctx.emit('CASE_QUERY_DIFFERENT_RC', { ...base, rcode1: p1.rcode, rcode2: p2.rcode }); // Nameserver09
          allMatch = false;
        }
      } else if (p1 || p2) {
        ctx.emit('CASE_QUERY_NO_ANSWER', { ns: ns.toString(), type, domain: p1 ? query1 : query2 }); // Nameserver09
        allMatch = false;
      }
    }
    ctx.emit(allMatch ? 'CASE_QUERIES_RESULTS_OK' : 'CASE_QUERIES_RESULTS_DIFFER', {
      type,
      domain: original,
    }); // Nameserver09
  },
);

/** Addresses, unique and sorted, joined for an ns_ip_list argument. */
function ipList(addresses: string[]): string {
  return [...new Set(addresses)].sort().join(';');
}

export const nameserver10 = define(
  '10',
  [
    { tag: 'N10_EDNS_RESPONSE_ERROR', args: ['ns_ip_list'] },
    { tag: 'N10_NO_RESPONSE_EDNS1_QUERY', args: ['ns_ip_list'] },
    { tag: 'N10_UNEXPECTED_RCODE', args: ['rcode', 'ns_ip_list'] },
  ],
  async (ctx) => {
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const responseError: string[] = [];
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      const p0 = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0 } });
      if (!isPacket(p0) || p0.rcode !== 'NOERROR') continue;
      const p1 = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 1 } });
      if (!isPacket(p1)) {
        noResponse.push(ns.address);
        continue;
      }
      const rcode = headerRcode(p1);
      const badvers = ednsRcode(p1) === 1;
      if (rcode !== 'NOERROR' && !badvers) {
        const list = unexpected.get(p1.rcode) ?? [];
        list.push(ns.address);
        unexpected.set(p1.rcode, list);
      } else if (rcode === 'NOERROR' && badvers && (p1.edns?.version ?? 0) === 0 && p1.answer.length === 0) {
        continue; // BADVERS with version 0 and no answer: as RFC 6891 requires
      } else {
        responseError.push(ns.address);
      }
    }
    if (noResponse.length > 0) ctx.emit('N10_NO_RESPONSE_EDNS1_QUERY', { ns_ip_list: ipList(noResponse) }); // Nameserver10
    for (const [rcode, list] of unexpected)
      ctx.emit('N10_UNEXPECTED_RCODE', { rcode, ns_ip_list: ipList(list) }); // Nameserver10
    if (responseError.length > 0) ctx.emit('N10_EDNS_RESPONSE_ERROR', { ns_ip_list: ipList(responseError) }); // Nameserver10
  },
);

/** An unassigned EDNS option code (Nameserver11), sent with empty data. */
const UNKNOWN_OPTION_CODE = 137;

export const nameserver11 = define(
  '11',
  [
    { tag: 'N11_NO_EDNS', args: ['ns_ip_list'] },
    { tag: 'N11_NO_RESPONSE', args: ['ns_ip_list'] },
    { tag: 'N11_RETURNS_UNKNOWN_OPTION_CODE', args: ['ns_ip_list'] },
    { tag: 'N11_UNEXPECTED_ANSWER_SECTION', args: ['ns_ip_list'] },
    { tag: 'N11_UNEXPECTED_RCODE', args: ['rcode', 'ns_ip_list'] },
    { tag: 'N11_UNSET_AA', args: ['ns_ip_list'] },
  ],
  async (ctx) => {
    const zone = ctx.zone.name;
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const noEdns: string[] = [];
    const unexpectedAnswer: string[] = [];
    const unsetAa: string[] = [];
    const echoed: string[] = [];
    const hasSoa = (p: Packet) => p.records('SOA', 'answer', zone).length > 0;
    const option = new Uint8Array([UNKNOWN_OPTION_CODE >> 8, UNKNOWN_OPTION_CODE & 0xff, 0, 0]);
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      const plain = await ns.query(zone, 'SOA', { ednsDetails: { version: 0 } });
      // Nameserver11: only servers that answer a plain EDNS query correctly are tested
      if (!isPacket(plain) || !plain.edns || plain.rcode !== 'NOERROR' || !plain.flags.aa || !hasSoa(plain))
        continue;
      const p = await ns.query(zone, 'SOA', { ednsDetails: { version: 0, data: option } });
      if (!isPacket(p)) noResponse.push(ns.address);
      else if (p.rcode !== 'NOERROR')
        unexpected.set(p.rcode, [...(unexpected.get(p.rcode) ?? []), ns.address]);
      else if (!p.edns) noEdns.push(ns.address);
      else if (!hasSoa(p)) unexpectedAnswer.push(ns.address);
      else if (!p.flags.aa) unsetAa.push(ns.address);
      else if (p.edns.options.some((o) => o.code === UNKNOWN_OPTION_CODE)) echoed.push(ns.address);
    }
    if (noResponse.length > 0) ctx.emit('N11_NO_RESPONSE', { ns_ip_list: ipList(noResponse) }); // Nameserver11
    for (const [rcode, list] of unexpected)
      ctx.emit('N11_UNEXPECTED_RCODE', { rcode, ns_ip_list: ipList(list) }); // Nameserver11
    if (noEdns.length > 0) ctx.emit('N11_NO_EDNS', { ns_ip_list: ipList(noEdns) }); // Nameserver11
    if (unexpectedAnswer.length > 0)
      ctx.emit('N11_UNEXPECTED_ANSWER_SECTION', { ns_ip_list: ipList(unexpectedAnswer) }); // Nameserver11
    if (unsetAa.length > 0) ctx.emit('N11_UNSET_AA', { ns_ip_list: ipList(unsetAa) }); // Nameserver11
    if (echoed.length > 0) ctx.emit('N11_RETURNS_UNKNOWN_OPTION_CODE', { ns_ip_list: ipList(echoed) }); // Nameserver11
  },
);

export const nameserver12 = define(
  '12',
  [
    { tag: 'NO_EDNS_SUPPORT', args: ['ns'] },
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
    { tag: 'NS_ERROR', args: ['ns'] },
    { tag: 'Z_FLAGS_NOTCLEAR', args: ['ns'] },
  ],
  async (ctx) => {
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      // Nameserver12: unknown EDNS Z flags set in the query must not come back
      const p = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0, z: 3 } });
      if (!isPacket(p)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) });
        continue;
      }
      const rcode = headerRcode(p);
      const z = p.edns?.z ?? 0;
      if (rcode === 'FORMERR' && ednsRcode(p) === 0) ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() });
      else if (z !== 0) ctx.emit('Z_FLAGS_NOTCLEAR', { ns: ns.toString() });
      else if (
        rcode === 'NOERROR' &&
        ednsRcode(p) === 0 &&
        (p.edns?.version ?? 0) === 0 &&
        p.records('SOA', 'answer').length > 0
      )
        continue;
      else ctx.emit('NS_ERROR', { ns: ns.toString() });
    }
  },
);

export const nameserver13 = define(
  '13',
  [
    { tag: 'MISSING_OPT_IN_TRUNCATED', args: ['ns'] },
    { tag: 'NO_EDNS_SUPPORT', args: ['ns'] },
    { tag: 'NO_RESPONSE', args: ['ns', 'domain'] },
    { tag: 'NS_ERROR', args: ['ns'] },
  ],
  async (ctx) => {
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA'])) continue;
      // Nameserver13: a DNSSEC query with a 512-byte buffer over UDP, no TCP fallback: a truncated answer keeps its OPT
      const p = await ns.query(ctx.zone.name, 'SOA', {
        usevc: false,
        fallback: false,
        ednsDetails: { version: 0, do: true, size: 512 },
      });
      if (!isPacket(p)) {
        ctx.emit('NO_RESPONSE', { ns: ns.toString(), domain: displayName(ctx.zone.name) });
        continue;
      }
      const rcode = headerRcode(p);
      if (rcode === 'FORMERR' && ednsRcode(p) === 0) ctx.emit('NO_EDNS_SUPPORT', { ns: ns.toString() });
      else if (p.flags.tc && !p.edns) ctx.emit('MISSING_OPT_IN_TRUNCATED', { ns: ns.toString() });
      else if (rcode === 'NOERROR' && ednsRcode(p) === 0 && (p.edns?.version ?? 0) === 0) continue;
      else ctx.emit('NS_ERROR', { ns: ns.toString() });
    }
  },
);

/** TXT rdata as one string (character-strings concatenated), trimmed. */
function txtString(rr: RR): string {
  const parts = Array.isArray(rr.data) ? rr.data : [rr.data];
  return parts
    .map((part: unknown) =>
      part instanceof Uint8Array ? Buffer.from(part).toString('latin1') : String(part),
    )
    .join('')
    .trim();
}

export const nameserver15 = define(
  '15',
  [
    { tag: 'N15_ERROR_ON_VERSION_QUERY', args: ['query_name', 'ns_list'] },
    { tag: 'N15_NO_VERSION_REVEALED', args: ['ns_list'] },
    { tag: 'N15_SOFTWARE_VERSION', args: ['query_name', 'string', 'ns_list'] },
    { tag: 'N15_WRONG_CLASS', args: ['ns_list'] },
  ],
  async (ctx) => {
    const versions = new Map<string, Map<string, string[]>>(); // string -> query name -> servers
    const errors = new Map<string, string[]>(); // query name -> servers
    const silent = new Set<string>();
    const wrongClass: string[] = [];
    for (const ns of await allNameservers(ctx)) {
      if (reportDisabled(ctx, ns, ['SOA TXT'])) continue;
      const soa = await ns.query(ctx.zone.name, 'SOA');
      if (!isPacket(soa)) continue;
      silent.add(ns.toString());
      for (const queryName of ['version.bind', 'version.server']) {
        const p = await ns.query(queryName, 'TXT', { class: 'CH' });
        if (!isPacket(p) || p.rcode === 'SERVFAIL') {
          errors.set(queryName, [...(errors.get(queryName) ?? []), ns.toString()]); // Nameserver15
          continue;
        }
        for (const rr of p.records('TXT', 'answer', queryName)) {
          if (rr.class !== 'CH') wrongClass.push(ns.toString());
          const text = txtString(rr);
          if (text === '') continue;
          const byName = versions.get(text) ?? new Map<string, string[]>();
          byName.set(queryName, [...(byName.get(queryName) ?? []), ns.toString()]);
          versions.set(text, byName);
          silent.delete(ns.toString());
        }
      }
    }
    for (const [string, byName] of versions) {
      for (const [queryName, list] of byName)
        ctx.emit('N15_SOFTWARE_VERSION', {
          string,
          query_name: queryName,
          ns_list: [...list].sort().join(';'),
        }); // Nameserver15
    }
    for (const [queryName, list] of errors)
      ctx.emit('N15_ERROR_ON_VERSION_QUERY', { query_name: queryName, ns_list: [...list].sort().join(';') }); // Nameserver15
    if (silent.size > 0) ctx.emit('N15_NO_VERSION_REVEALED', { ns_list: [...silent].sort().join(';') }); // Nameserver15
    if (wrongClass.length > 0) ctx.emit('N15_WRONG_CLASS', { ns_list: [...wrongClass].sort().join(';') }); // Nameserver15
  },
);

export const nameserverModule: ModuleDefinition = {
  name: 'NAMESERVER',
  displayName: 'Nameserver',
  version: 'v1.1.0',
  testCases: [
    nameserver01,
    nameserver02,
    nameserver03,
    nameserver04,
    nameserver05,
    nameserver06,
    nameserver07,
    nameserver08,
    nameserver09,
    nameserver10,
    nameserver11,
    nameserver12,
    nameserver13,
    nameserver15,
  ],
};
