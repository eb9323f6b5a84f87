/**
 * Nameserver15: Software version disclosure.
 * Specification methods: Method 4, Method 5.
 */
import type { RR } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

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

export const nameserver15 = testCase({
  id: 'nameserver15',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver15.md',
  tags: {
    N15_ERROR_ON_VERSION_QUERY: 'query_name ns_list',
    N15_NO_VERSION_REVEALED: 'ns_list',
    N15_SOFTWARE_VERSION: 'query_name string ns_list',
    N15_WRONG_CLASS: 'ns_list',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const versions = new Map<string, Map<string, string[]>>(); // string -> query name -> servers
    const errors = new Map<string, string[]>(); // query name -> servers
    const silent = new Set<string>();
    const wrongClass: string[] = [];
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'SOA TXT')) {
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
});
