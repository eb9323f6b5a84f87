/**
 * Basic module: BASIC01 (parent zone and the zone itself), BASIC02 (at least one working name server),
 * BASIC03 ("broken but functional", only when BASIC02 failed). Specifications:
 * zonemaster/zonemaster docs/public/specifications/tests/Basic-TP/basic0{1,2,3}.md.
 */
import { isPacket } from '../dns/types.js';
import { displayName, familyOf, type ServerAddress } from '../recursor.js';
import { nsString, walkToParent, type ParentFinding } from '../zone.js';
import type { ModuleDefinition, TestCaseDefinition, TestContext } from './context.js';

/** IPV4_ENABLED / IPV6_ENABLED before a query, IPV4_DISABLED / IPV6_DISABLED instead of it. */
function transportAllowed(ctx: TestContext, server: ServerAddress, rrtype: string): boolean {
  const family = familyOf(server.address) === 4 ? 'IPV4' : 'IPV6';
  const allowed = ctx.zone.canSendTo(server.address);
  ctx.emit(`${family}_${allowed ? 'ENABLED' : 'DISABLED'}`, {
    ns: nsString(server.name, server.address),
    rrtype,
  });
  return allowed;
}

function nsList(findings: ParentFinding[]): string {
  const pairs: string[] = [];
  for (const f of findings)
    for (const name of f.names)
      if (!pairs.includes(nsString(name, f.address))) pairs.push(nsString(name, f.address));
  return pairs.sort().join(';');
}

const TRANSPORT_TAGS = [
  { tag: 'IPV4_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV4_ENABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_DISABLED', args: ['ns', 'rrtype'] },
  { tag: 'IPV6_ENABLED', args: ['ns', 'rrtype'] },
] as const;

export const basic01: TestCaseDefinition = {
  id: 'basic01',
  name: 'Basic01',
  module: 'BASIC',
  specId: 'BASIC01',
  tags: [
    { tag: 'B01_CHILD_FOUND', args: ['domain'] },
    { tag: 'B01_CHILD_IS_ALIAS', args: ['domain_child', 'domain_target', 'ns_list'] },
    { tag: 'B01_INCONSISTENT_ALIAS', args: ['domain'] },
    { tag: 'B01_INCONSISTENT_DELEGATION', args: ['domain_child', 'domain_parent', 'ns_list'] },
    { tag: 'B01_NO_CHILD', args: ['domain_child', 'domain_super'] },
    { tag: 'B01_PARENT_DISREGARDED', args: [] },
    { tag: 'B01_PARENT_FOUND', args: ['domain', 'ns_list'] },
    { tag: 'B01_PARENT_NOT_FOUND', args: [] },
    { tag: 'B01_PARENT_UNDETERMINED', args: ['ns_list'] },
    { tag: 'B01_ROOT_HAS_NO_PARENT', args: [] },
    { tag: 'B01_SERVER_ZONE_ERROR', args: ['query_name', 'rrtype', 'ns'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const child = ctx.zone.name;
    // Basic01 step 1
    if (child === '') {
      ctx.emit('B01_CHILD_FOUND', { domain: '.' });
      ctx.emit('B01_ROOT_HAS_NO_PARENT', {});
      return;
    }
    // Basic01 step 2
    if (ctx.zone.isUndelegated) {
      ctx.emit('B01_CHILD_FOUND', { domain: child });
      ctx.emit('B01_PARENT_DISREGARDED', {});
      return;
    }
    // Basic01 steps 3-6
    const findings = await walkToParent(child, ctx.recursor.rootServers, ctx.nameserver, ctx.recursor, {
      canSend: (server) => ctx.zone.canSendTo(server.address) || transportAllowed(ctx, server, 'SOA'),
      onSend: (server, rrtype) => transportAllowed(ctx, server, rrtype),
      serverZoneError: (queryName, rrtype, server) =>
        ctx.emit('B01_SERVER_ZONE_ERROR', {
          query_name: displayName(queryName),
          rrtype,
          ns: nsString(server.name, server.address),
        }),
    });
    // Basic01 step 7
    const parentZones = [...new Set(findings.map((f) => f.zone))];
    for (const zone of parentZones) {
      ctx.emit('B01_PARENT_FOUND', {
        domain: displayName(zone),
        ns_list: nsList(findings.filter((f) => f.zone === zone)),
      });
    }
    if (parentZones.length > 1) ctx.emit('B01_PARENT_UNDETERMINED', { ns_list: nsList(findings) });
    // Basic01 step 8
    if (findings.length === 0) ctx.emit('B01_PARENT_NOT_FOUND', {});
    // Basic01 steps 9-10
    const found = findings.filter((f) => f.outcome === 'delegation' || f.outcome === 'aa-soa');
    if (found.length > 0) {
      ctx.emit('B01_CHILD_FOUND', { domain: child });
      const inconsistent = findings.filter((f) => f.outcome !== 'delegation' && f.outcome !== 'aa-soa');
      if (inconsistent.length > 0) {
        ctx.emit('B01_INCONSISTENT_DELEGATION', {
          domain_child: child,
          domain_parent: displayName(found[0]!.zone),
          ns_list: nsList(inconsistent),
        });
      }
    } else {
      const superdomain = child.includes('.') ? child.slice(child.indexOf('.') + 1) : '';
      ctx.emit('B01_NO_CHILD', { domain_child: child, domain_super: displayName(superdomain) });
    }
    // Basic01 step 11
    const aliases = findings.filter((f) => f.outcome === 'aa-dname');
    const targets = [...new Set(aliases.map((f) => f.dnameTarget!))];
    for (const target of targets) {
      ctx.emit('B01_CHILD_IS_ALIAS', {
        domain_child: child,
        domain_target: displayName(target),
        ns_list: nsList(aliases.filter((f) => f.dnameTarget === target)),
      });
    }
    if (targets.length > 1) ctx.emit('B01_INCONSISTENT_ALIAS', { domain: child });
  },
};

export const basic02: TestCaseDefinition = {
  id: 'basic02',
  name: 'Basic02',
  module: 'BASIC',
  specId: 'BASIC02',
  tags: [
    { tag: 'B02_AUTH_RESPONSE_SOA', args: ['ns_list', 'domain'] },
    { tag: 'B02_NO_DELEGATION', args: ['domain'] },
    { tag: 'B02_NO_WORKING_NS', args: ['domain'] },
    { tag: 'B02_NS_BROKEN', args: ['ns'] },
    { tag: 'B02_NS_NOT_AUTH', args: ['ns'] },
    { tag: 'B02_NS_NO_IP_ADDR', args: ['nsname'] },
    { tag: 'B02_NS_NO_RESPONSE', args: ['ns'] },
    { tag: 'B02_UNEXPECTED_RCODE', args: ['ns', 'rcode'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const child = ctx.zone.name;
    const domain = displayName(child);
    // Basic02 step 3: the delegation (undelegated data or parent), out-of-bailiwick addresses looked up
    const delegation = await ctx.zone.delNsNamesAndIps();
    // Basic02 step 4
    if (!delegation || delegation.size === 0) {
      ctx.emit('B02_NO_DELEGATION', { domain });
      return;
    }
    const auth: string[] = [];
    const broken: string[] = [];
    const notAuth: string[] = [];
    const noIp: string[] = [];
    const noResponse: string[] = [];
    const unexpected: { ns: string; rcode: string }[] = [];
    // Basic02 step 5
    for (const [name, addresses] of delegation) {
      if (addresses.length === 0) {
        noIp.push(name);
        continue;
      }
      for (const address of addresses) {
        if (ctx.signal.aborted) return;
        const server = { name, address };
        if (!transportAllowed(ctx, server, 'SOA')) continue;
        const ns = nsString(name, address);
        const result = await ctx.nameserver(name, address).query(child, 'SOA');
        if (!isPacket(result)) noResponse.push(ns);
        else if (result.rcode !== 'NOERROR') unexpected.push({ ns, rcode: result.rcode });
        else if (!result.flags.aa) notAuth.push(ns);
        else if (result.answer.some((rr) => rr.type === 'SOA' && rr.name === child)) auth.push(ns);
        else broken.push(ns);
      }
    }
    // Basic02 step 6
    if (auth.length > 0) {
      ctx.emit('B02_AUTH_RESPONSE_SOA', { ns_list: [...auth].sort().join(';'), domain });
      return;
    }
    // Basic02 step 7
    ctx.emit('B02_NO_WORKING_NS', { domain });
    for (const ns of broken) ctx.emit('B02_NS_BROKEN', { ns });
    for (const ns of notAuth) ctx.emit('B02_NS_NOT_AUTH', { ns });
    for (const nsname of noIp) ctx.emit('B02_NS_NO_IP_ADDR', { nsname });
    for (const ns of noResponse) ctx.emit('B02_NS_NO_RESPONSE', { ns });
    for (const u of unexpected) ctx.emit('B02_UNEXPECTED_RCODE', { ns: u.ns, rcode: u.rcode });
  },
};

export const basic03: TestCaseDefinition = {
  id: 'basic03',
  name: 'Basic03',
  module: 'BASIC',
  specId: 'BASIC03',
  tags: [
    { tag: 'A_QUERY_NO_RESPONSES', args: [] },
    { tag: 'HAS_A_RECORDS', args: ['ns', 'domain'] },
    { tag: 'NO_A_RECORDS', args: ['ns', 'domain'] },
    ...TRANSPORT_TAGS,
  ],
  async run(ctx) {
    const child = ctx.zone.name;
    const www = child === '' ? 'www' : `www.${child}`;
    // Basic03 step 1: glue from the parent, out-of-bailiwick names looked up
    const delegation = await ctx.zone.delNsNamesAndIps();
    const servers = [...(delegation ?? new Map<string, string[]>())].flatMap(([name, addresses]) =>
      addresses.map((address) => ({ name, address })),
    );
    let responses = 0;
    // Basic03 step 2
    for (const server of servers) {
      if (ctx.signal.aborted) return;
      if (!transportAllowed(ctx, server, 'A')) continue;
      const p = await ctx.nameserver(server.name, server.address).query(www, 'A');
      if (!isPacket(p)) continue;
      responses++;
      const ns = nsString(server.name, server.address);
      // Basic03 step 3
      if (p.answer.some((rr) => rr.type === 'A' && rr.name === www))
        ctx.emit('HAS_A_RECORDS', { ns, domain: www });
      else ctx.emit('NO_A_RECORDS', { ns, domain: www });
    }
    if (servers.length > 0 && responses === 0) ctx.emit('A_QUERY_NO_RESPONSES', {});
  },
};

export const basicModule: ModuleDefinition = {
  name: 'BASIC',
  displayName: 'Basic',
  version: 'v1.0.19',
  testCases: [basic01, basic02, basic03],
  /** Basic01 without a child stops the module; Basic03 only when Basic02 found no working name server. */
  async run(m) {
    if (m.isSelected(basic01)) {
      const tags = await m.runCase(basic01);
      if (!tags.has('B01_CHILD_FOUND')) return !m.isSelected(basic02);
    }
    let basic02Tags = new Set<string>();
    if (m.isSelected(basic02)) basic02Tags = await m.runCase(basic02);
    const working = basic02Tags.has('B02_AUTH_RESPONSE_SOA');
    if (m.isSelected(basic03)) {
      if (working) m.emitUnspecified('HAS_NAMESERVER_NO_WWW_A_TEST', { zname: displayName(m.ctx.zone.name) });
      else await m.runCase(basic03);
    }
    // can_continue: a delegation and an authoritative SOA answer, when Basic02 runs at all
    if (!m.isSelected(basic02)) return true;
    return !basic02Tags.has('B02_NO_DELEGATION') && working;
  },
};
