/**
 * Delegation module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Delegation-TP/
 * (delegation01: enough name servers; 02: distinct addresses; 03: referral size; 04: authoritative answers;
 * 05: name server names are no CNAME; 06: SOA exists; 07: parent and child agree on the name server names).
 */
import type { Packet } from '../dns/types.js';
import { isPacket } from '../dns/types.js';
import { familyOf, isInZone, labelsOf, referralZone, type ServerAddress } from '../recursor.js';
import { nsString } from '../zone.js';
import { method4, method5 } from './address.js';
import type { ModuleDefinition, TestCaseDefinition, TestContext } from './context.js';

/** The minimum number of name servers (reference constant MINIMUM_NUMBER_OF_NAMESERVERS). */
export const MINIMUM_NUMBER_OF_NAMESERVERS = 2;
/** Largest DNS message over UDP without EDNS (RFC 1035). */
export const UDP_PAYLOAD_LIMIT = 512;

const DISABLED_TAGS = [
  { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
] as const;

/** Method4 then Method5 addresses, each once, with the first name seen for it and every name using it. */
async function uniqueAddressServers(ctx: TestContext): Promise<(ServerAddress & { names: string[] })[]> {
  const servers: (ServerAddress & { names: string[] })[] = [];
  for (const s of [...(await method4(ctx)), ...(await method5(ctx))]) {
    const known = servers.find((o) => o.address === s.address);
    if (!known) servers.push({ ...s, names: [s.name] });
    else if (!known.names.includes(s.name)) known.names.push(s.name);
  }
  return servers;
}

/** false (after IPV4_DISABLED / IPV6_DISABLED) when the address family of the server is switched off. */
function allowed(ctx: TestContext, server: ServerAddress, rrtype: string): boolean {
  if (ctx.zone.canSendTo(server.address)) return true;
  ctx.emit(familyOf(server.address) === 4 ? 'IPV4_DISABLED' : 'IPV6_DISABLED', {
    ns: nsString(server.name, server.address),
    rrtype,
  });
  return false;
}

// ---------------------------------------------------------------------------------------------- Delegation01

/** Delegation01 steps 4-5 and 9-10: names with at least one address of `family`. */
function familyCount(servers: ServerAddress[], family: 4 | 6) {
  const pairs = servers.filter((p) => familyOf(p.address) === family);
  return {
    count: new Set(pairs.map((p) => p.name)).size,
    minimum: MINIMUM_NUMBER_OF_NAMESERVERS,
    ns_list: [...new Set(pairs.map((p) => nsString(p.name, p.address)))].sort().join(';'),
  };
}

function nameCount(names: string[] | undefined) {
  const unique = [...new Set(names ?? [])].sort();
  return { count: unique.length, minimum: MINIMUM_NUMBER_OF_NAMESERVERS, nsname_list: unique.join(';') };
}

export const delegation01: TestCaseDefinition = {
  id: 'delegation01',
  name: 'Delegation01',
  module: 'DELEGATION',
  specId: 'DELEGATION01',
  tags: [
    ...['ENOUGH_NS_DEL', 'NOT_ENOUGH_NS_DEL', 'ENOUGH_NS_CHILD', 'NOT_ENOUGH_NS_CHILD'].map((tag) => ({
      tag,
      args: ['count', 'minimum', 'nsname_list'],
    })),
    ...['IPV4', 'IPV6'].flatMap((f) =>
      ['DEL', 'CHILD'].flatMap((side) => [
        { tag: `ENOUGH_${f}_NS_${side}`, args: ['count', 'minimum', 'ns_list'] },
        { tag: `NOT_ENOUGH_${f}_NS_${side}`, args: ['count', 'minimum', 'ns_list'] },
        { tag: `NO_${f}_NS_${side}`, args: ['minimum'] },
      ]),
    ),
  ],
  async run(ctx) {
    const enough = (side: 'DEL' | 'CHILD', args: ReturnType<typeof nameCount>) =>
      ctx.emit(
        args.count >= MINIMUM_NUMBER_OF_NAMESERVERS ? `ENOUGH_NS_${side}` : `NOT_ENOUGH_NS_${side}`,
        args,
      );
    const perFamily = (side: 'DEL' | 'CHILD', servers: ServerAddress[]) => {
      for (const family of [4, 6] as const) {
        const args = familyCount(servers, family);
        const f = `IPV${family}`;
        if (args.count === 0) ctx.emit(`NO_${f}_NS_${side}`, { minimum: args.minimum });
        else if (args.count < MINIMUM_NUMBER_OF_NAMESERVERS) ctx.emit(`NOT_ENOUGH_${f}_NS_${side}`, args);
        else ctx.emit(`ENOUGH_${f}_NS_${side}`, args);
      }
    };
    // Delegation01 steps 1-2: NOT_ENOUGH_NS_DEL / ENOUGH_NS_DEL
    enough('DEL', nameCount(await ctx.zone.delNsNames()));
    // Delegation01 steps 3-5: NO_IPV4_NS_DEL ... ENOUGH_IPV6_NS_DEL
    perFamily('DEL', await method4(ctx));
    // Delegation01 steps 6-7: NOT_ENOUGH_NS_CHILD / ENOUGH_NS_CHILD
    enough('CHILD', nameCount(await ctx.zone.zoneNsNames()));
    // Delegation01 steps 8-10: NO_IPV4_NS_CHILD ... ENOUGH_IPV6_NS_CHILD
    perFamily('CHILD', await method5(ctx));
  },
};

// ---------------------------------------------------------------------------------------------- Delegation02

/** Addresses shared by two or more name server names, in address order. */
function sharedAddresses(pairs: ServerAddress[]): { ns_ip: string; nsname_list: string }[] {
  const byAddress = new Map<string, string[]>();
  for (const p of pairs) {
    const names = byAddress.get(p.address) ?? [];
    if (!names.includes(p.name)) names.push(p.name);
    byAddress.set(p.address, names);
  }
  return [...byAddress]
    .filter(([, names]) => names.length > 1)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ns_ip, names]) => ({ ns_ip, nsname_list: [...names].sort().join(';') }));
}

export const delegation02: TestCaseDefinition = {
  id: 'delegation02',
  name: 'Delegation02',
  module: 'DELEGATION',
  specId: 'DELEGATION02',
  tags: [
    { tag: 'CHILD_DISTINCT_NS_IP', args: [] },
    { tag: 'CHILD_NS_SAME_IP', args: ['ns_ip', 'nsname_list'] },
    { tag: 'DEL_DISTINCT_NS_IP', args: [] },
    { tag: 'DEL_NS_SAME_IP', args: ['ns_ip', 'nsname_list'] },
    { tag: 'DISTINCT_IP_ADDRESS', args: [] },
    { tag: 'SAME_IP_ADDRESS', args: ['ns_ip', 'nsname_list'] },
  ],
  async run(ctx) {
    const report = (pairs: ServerAddress[], same: string, distinct: string) => {
      const shared = sharedAddresses(pairs);
      for (const args of shared) ctx.emit(same, args);
      if (pairs.length > 0 && shared.length === 0) ctx.emit(distinct, {});
    };
    const del = await method4(ctx);
    const child = await method5(ctx);
    // Delegation02 steps 1-2: DEL_NS_SAME_IP / DEL_DISTINCT_NS_IP
    report(del, 'DEL_NS_SAME_IP', 'DEL_DISTINCT_NS_IP');
    // Delegation02 steps 3-4: CHILD_NS_SAME_IP / CHILD_DISTINCT_NS_IP
    report(child, 'CHILD_NS_SAME_IP', 'CHILD_DISTINCT_NS_IP');
    // Delegation and zone together (the reference's summary messages SAME_IP_ADDRESS / DISTINCT_IP_ADDRESS)
    report([...del, ...child], 'SAME_IP_ADDRESS', 'DISTINCT_IP_ADDRESS');
  },
};

// ---------------------------------------------------------------------------------------------- Delegation03

/** Wire size of DNS messages written with RFC 1035 4.1.4 name compression. */
export class CompressedSize {
  size = 12; // header
  private readonly written = new Set<string>();

  name(name: string): void {
    const labels = labelsOf(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (this.written.has(suffix)) {
        this.size += 2; // pointer
        return;
      }
      if (this.size < 0x4000) this.written.add(suffix);
      this.size += 1 + Buffer.byteLength(labels[i]!, 'latin1');
    }
    this.size += 1; // root label
  }

  question(name: string): void {
    this.name(name);
    this.size += 4; // type, class
  }

  record(owner: string, rdata: { name: string } | { bytes: number }): void {
    this.name(owner);
    this.size += 10; // type, class, ttl, rdlength
    if ('name' in rdata) this.name(rdata.name);
    else this.size += rdata.bytes;
  }
}

/** A name below `zone` of 255 octets in wire format (253 characters in text). */
export function maxLengthNameUnder(zone: string): string {
  let name = zone;
  const textLength = () => (name === '' ? 0 : name.length);
  while (textLength() < 253) {
    const room = 253 - textLength() - (name === '' ? 0 : 1);
    const label = 'x'.repeat(Math.min(63, room));
    name = name === '' ? label : `${label}.${name}`;
  }
  return name;
}

export const delegation03: TestCaseDefinition = {
  id: 'delegation03',
  name: 'Delegation03',
  module: 'DELEGATION',
  specId: 'DELEGATION03',
  tags: [
    { tag: 'REFERRAL_SIZE_OK', args: ['size'] },
    { tag: 'REFERRAL_SIZE_TOO_LARGE', args: ['size'] },
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    const packet = new CompressedSize();
    // Delegation03 step 1: a maximally long query name under the apex
    packet.question(maxLengthNameUnder(zone));
    // Delegation03 steps 2-3: NS records of the delegation in the authority section
    const names = [...new Set((await ctx.zone.delNsNames()) ?? [])];
    for (const name of names) packet.record(zone, { name });
    // Delegation03 step 4: the parent zone
    const parent = zone === '' ? '' : ((await ctx.recursor.parentOf(zone)) ?? '');
    // Delegation03 steps 5-9: one glue record per address family when every such name is in the parent's bailiwick
    const pairs = await method4(ctx);
    for (const [family, bytes] of [
      [4, 4], // A
      [6, 16], // AAAA
    ] as const) {
      const withFamily = pairs.filter((p) => familyOf(p.address) === family);
      if (withFamily.length > 0 && withFamily.every((p) => isInZone(p.name, parent))) {
        packet.record(withFamily[0]!.name, { bytes });
      }
    }
    // Delegation03 step 10
    ctx.emit(packet.size > UDP_PAYLOAD_LIMIT ? 'REFERRAL_SIZE_TOO_LARGE' : 'REFERRAL_SIZE_OK', {
      size: packet.size,
    });
  },
};

// ---------------------------------------------------------------------------------------------- Delegation04

export const delegation04: TestCaseDefinition = {
  id: 'delegation04',
  name: 'Delegation04',
  module: 'DELEGATION',
  specId: 'DELEGATION04',
  tags: [
    { tag: 'ARE_AUTHORITATIVE', args: ['nsname_list'] },
    { tag: 'IS_NOT_AUTHORITATIVE', args: ['ns', 'proto'] },
    ...DISABLED_TAGS,
  ],
  async run(ctx) {
    // Delegation04 step 1: every unique address of Method4 and Method5
    const authoritative = new Set<string>();
    let notAuthoritative = 0;
    for (const server of await uniqueAddressServers(ctx)) {
      if (ctx.signal.aborted) return;
      if (!allowed(ctx, server, 'SOA')) continue;
      // Delegation04 step 2: SOA over UDP and over TCP
      for (const usevc of [false, true]) {
        const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'SOA', { usevc });
        // Delegation04 step 3: no answer, nothing to check
        if (!isPacket(p)) continue;
        // Delegation04 step 4: IS_NOT_AUTHORITATIVE
        if (!p.flags.aa) {
          ctx.emit('IS_NOT_AUTHORITATIVE', {
            ns: nsString(server.name, server.address),
            proto: usevc ? 'TCP' : 'UDP',
          });
          notAuthoritative++;
        } else for (const name of server.names) authoritative.add(name);
      }
    }
    if (notAuthoritative === 0 && authoritative.size > 0) {
      ctx.emit('ARE_AUTHORITATIVE', { nsname_list: [...authoritative].sort().join(';') });
    }
  },
};

// ---------------------------------------------------------------------------------------------- Delegation05

/** Whether a looked-up A answer went through a CNAME (the recursor follows CNAMEs to the final answer). */
function viaCname(p: Packet | undefined, name: string): boolean {
  if (!p) return false;
  if (p.answer.some((rr) => rr.type === 'CNAME')) return true;
  const question = p.question[0]?.name;
  return question !== undefined && question !== name;
}

export const delegation05: TestCaseDefinition = {
  id: 'delegation05',
  name: 'Delegation05',
  module: 'DELEGATION',
  specId: 'DELEGATION05',
  tags: [
    { tag: 'NO_NS_CNAME', args: [] },
    { tag: 'NO_RESPONSE', args: ['ns', 'query_name', 'rrtype'] },
    { tag: 'NS_IS_CNAME', args: ['nsname'] },
    { tag: 'UNEXPECTED_RCODE', args: ['ns', 'query_name', 'rrtype', 'rcode'] },
  ],
  async run(ctx) {
    const zone = ctx.zone.name;
    // Delegation05 step 1: NS Name (Method2 and Method3)
    const names = [
      ...new Set([...((await ctx.zone.delNsNames()) ?? []), ...((await ctx.zone.zoneNsNames()) ?? [])]),
    ].sort();
    // Delegation05 step 2: NS IP (Method4 and Method5), each (name, address) once
    const servers = new Map<string, ServerAddress>();
    for (const s of [...(await method4(ctx)), ...(await method5(ctx))]) {
      servers.set(nsString(s.name, s.address), s);
    }
    const cnames = new Set<string>();
    // Delegation05 step 3
    for (const nsname of names) {
      if (ctx.signal.aborted) return;
      if (ctx.zone.isInBailiwick(nsname)) {
        // Delegation05 step 3.2: ask every name server of the zone, RD unset
        for (const [ns, server] of [...servers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          if (!ctx.zone.canSendTo(server.address)) continue;
          const args = { ns, query_name: nsname, rrtype: 'A' };
          const p = await ctx.nameserver(server.name, server.address).query(nsname, 'A', { recurse: false });
          if (!isPacket(p))
            ctx.emit('NO_RESPONSE', args); // step 3.2.2
          else if (p.rcode !== 'NOERROR')
            ctx.emit('UNEXPECTED_RCODE', { ...args, rcode: p.rcode }); // step 3.2.3
          else if (p.answer.some((rr) => rr.type === 'CNAME'))
            cnames.add(nsname); // step 3.2.4
          else {
            const cut = referralZone(p);
            // step 3.2.5: referral to a sub-zone of the child zone, look the name up
            if (
              cut !== undefined &&
              cut !== zone &&
              isInZone(cut, zone) &&
              viaCname(await ctx.recursor.recurse(nsname, 'A'), nsname)
            )
              cnames.add(nsname);
          }
        }
      } else if (viaCname(await ctx.recursor.recurse(nsname, 'A'), nsname)) {
        // Delegation05 step 3.3: sibling or out-of-bailiwick name, looked up
        cnames.add(nsname);
      }
    }
    // Delegation05 step 3.2.4 / 3.2.5.2 / 3.3.2: NS_IS_CNAME
    for (const nsname of cnames) ctx.emit('NS_IS_CNAME', { nsname });
    // Delegation05 step 4: NO_NS_CNAME
    if (cnames.size === 0) ctx.emit('NO_NS_CNAME', {});
  },
};

// ---------------------------------------------------------------------------------------------- Delegation06

export const delegation06: TestCaseDefinition = {
  id: 'delegation06',
  name: 'Delegation06',
  module: 'DELEGATION',
  specId: 'DELEGATION06',
  tags: [{ tag: 'SOA_EXISTS', args: [] }, { tag: 'SOA_NOT_EXISTS', args: ['ns'] }, ...DISABLED_TAGS],
  async run(ctx) {
    let queried = 0;
    let missing = 0;
    // Delegation06 steps 1-2: SOA query to every unique address of Method4 and Method5
    for (const server of await uniqueAddressServers(ctx)) {
      if (ctx.signal.aborted) return;
      if (!allowed(ctx, server, 'SOA')) continue;
      queried++;
      const p = await ctx.nameserver(server.name, server.address).query(ctx.zone.name, 'SOA');
      // Delegation06 step 3: NOERROR without the SOA record in the answer section
      if (isPacket(p) && p.rcode === 'NOERROR' && !p.answer.some((rr) => rr.type === 'SOA')) {
        ctx.emit('SOA_NOT_EXISTS', { ns: nsString(server.name, server.address) });
        missing++;
      }
    }
    if (queried > 0 && missing === 0) ctx.emit('SOA_EXISTS', {});
  },
};

// ---------------------------------------------------------------------------------------------- Delegation07

export const delegation07: TestCaseDefinition = {
  id: 'delegation07',
  name: 'Delegation07',
  module: 'DELEGATION',
  specId: 'DELEGATION07',
  tags: [
    { tag: 'EXTRA_NAME_CHILD', args: ['extra'] },
    { tag: 'EXTRA_NAME_PARENT', args: ['extra'] },
    { tag: 'NAMES_MATCH', args: [] },
    { tag: 'TOTAL_NAME_MISMATCH', args: [] },
  ],
  async run(ctx) {
    // Delegation07 step 1: names from the parent (Method2) and from the child (Method3)
    const parent = new Set((await ctx.zone.delNsNames()) ?? []);
    const child = new Set((await ctx.zone.zoneNsNames()) ?? []);
    const extraParent = [...parent].filter((n) => !child.has(n)).sort();
    const extraChild = [...child].filter((n) => !parent.has(n)).sort();
    const common = [...parent].filter((n) => child.has(n));
    // Delegation07 step 3: names of the delegation missing in the zone
    if (extraParent.length > 0) ctx.emit('EXTRA_NAME_PARENT', { extra: extraParent.join(';') });
    if (extraChild.length > 0) ctx.emit('EXTRA_NAME_CHILD', { extra: extraChild.join(';') });
    if (extraParent.length === 0 && extraChild.length === 0) ctx.emit('NAMES_MATCH', {});
    if (common.length === 0) ctx.emit('TOTAL_NAME_MISMATCH', {});
  },
};

export const delegationModule: ModuleDefinition = {
  name: 'DELEGATION',
  displayName: 'Delegation',
  version: 'v1.0.20',
  testCases: [
    delegation01,
    delegation02,
    delegation03,
    delegation04,
    delegation05,
    delegation06,
    delegation07,
  ],
};
