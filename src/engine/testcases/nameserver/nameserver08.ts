/**
 * Nameserver08: Query names match whatever the letter case.
 * Specification methods: Method 5.
 * Uses: its own queries only.
 */
import { isPacket } from '../../dns/types.js';
import { method5Nameservers } from '../../methods/v1.js';
import { scrambleCase, wwwName } from './qname-case.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

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

export const nameserver08 = testCase({
  id: 'nameserver08',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver08.md',
  tags: {
    QNAME_CASE_INSENSITIVE: 'ns domain',
    QNAME_CASE_SENSITIVE: 'ns domain',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const scrambled = scrambleCase(wwwName(ctx.zone.name));
    for (const ns of queryable(ctx, await method5Nameservers(ctx), 'SOA')) {
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
});
