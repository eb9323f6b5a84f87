/**
 * Basic01: Parent zone and delegation found.
 * Specification methods: none named.
 * Uses: the parent walk.
 */
import { displayName, nsString } from '../../dns/name.js';
import { walkToParent, type ParentFinding } from '../../methods/parent-walk.js';
import { listArg } from '../lists.js';
import { testCase } from '../test-case.js';
import { TRANSPORT_TAGS, reportTransport } from '../transport.js';

/** Every parent server of the findings, under each of its names. */
function nsList(findings: ParentFinding[]): string {
  return listArg(findings.flatMap((f) => f.names.map((name) => nsString(name, f.address))));
}

export const basic01 = testCase({
  id: 'basic01',
  spec: 'docs/public/specifications/tests/Basic-TP/basic01.md',
  tags: {
    B01_CHILD_FOUND: 'domain',
    B01_CHILD_IS_ALIAS: 'domain_child domain_target ns_list',
    B01_INCONSISTENT_ALIAS: 'domain',
    B01_INCONSISTENT_DELEGATION: 'domain_child domain_parent ns_list',
    B01_NO_CHILD: 'domain_child domain_super',
    B01_PARENT_DISREGARDED: '',
    B01_PARENT_FOUND: 'domain ns_list',
    B01_PARENT_NOT_FOUND: '',
    B01_PARENT_UNDETERMINED: 'ns_list',
    B01_ROOT_HAS_NO_PARENT: '',
    B01_SERVER_ZONE_ERROR: 'query_name rrtype ns',
    ...TRANSPORT_TAGS,
  },
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
      zoneByZone: true,
      canSend: (server) => ctx.zone.canSendTo(server.address) || reportTransport(ctx, server, 'SOA'),
      onSend: (server, rrtype) => reportTransport(ctx, server, rrtype),
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
});
