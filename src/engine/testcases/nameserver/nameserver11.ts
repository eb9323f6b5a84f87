/**
 * Nameserver11: Unknown EDNS options are ignored.
 * Specification methods: Method 4, Method 5.
 */
import type { Packet } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { listArg } from '../lists.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS, queryable } from '../transport.js';

/** An unassigned EDNS option code (Nameserver11), sent with empty data. */
const UNKNOWN_OPTION_CODE = 137;

const UNKNOWN_OPTION = new Uint8Array([UNKNOWN_OPTION_CODE >> 8, UNKNOWN_OPTION_CODE & 0xff, 0, 0]);

export const nameserver11 = testCase({
  id: 'nameserver11',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver11.md',
  tags: {
    N11_NO_EDNS: 'ns_ip_list',
    N11_NO_RESPONSE: 'ns_ip_list',
    N11_RETURNS_UNKNOWN_OPTION_CODE: 'ns_ip_list',
    N11_UNEXPECTED_ANSWER_SECTION: 'ns_ip_list',
    N11_UNEXPECTED_RCODE: 'rcode ns_ip_list',
    N11_UNSET_AA: 'ns_ip_list',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const hasSoa = (p: Packet) => p.records('SOA', 'answer', ctx.zone.name).length > 0;
    const noResponse: string[] = [];
    const unexpected = new Map<string, string[]>();
    const noEdns: string[] = [];
    const unexpectedAnswer: string[] = [];
    const unsetAa: string[] = [];
    const echoed: string[] = [];
    for (const ns of queryable(ctx, await method4and5Nameservers(ctx), 'SOA')) {
      const plain = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0 } });
      // Nameserver11: only servers that answer a plain EDNS query correctly are tested
      if (!isPacket(plain) || !plain.edns || plain.rcode !== 'NOERROR' || !plain.flags.aa || !hasSoa(plain))
        continue;
      const p = await ns.query(ctx.zone.name, 'SOA', { ednsDetails: { version: 0, data: UNKNOWN_OPTION } });
      if (!isPacket(p)) noResponse.push(ns.address);
      else if (p.rcode !== 'NOERROR')
        unexpected.set(p.rcode, [...(unexpected.get(p.rcode) ?? []), ns.address]);
      else if (!p.edns) noEdns.push(ns.address);
      else if (!hasSoa(p)) unexpectedAnswer.push(ns.address);
      else if (!p.flags.aa) unsetAa.push(ns.address);
      else if (p.edns.options.some((o) => o.code === UNKNOWN_OPTION_CODE)) echoed.push(ns.address);
    }
    if (noResponse.length > 0) ctx.emit('N11_NO_RESPONSE', { ns_ip_list: listArg(noResponse) }); // Nameserver11
    for (const [rcode, list] of unexpected)
      ctx.emit('N11_UNEXPECTED_RCODE', { rcode, ns_ip_list: listArg(list) }); // Nameserver11
    if (noEdns.length > 0) ctx.emit('N11_NO_EDNS', { ns_ip_list: listArg(noEdns) }); // Nameserver11
    if (unexpectedAnswer.length > 0)
      ctx.emit('N11_UNEXPECTED_ANSWER_SECTION', { ns_ip_list: listArg(unexpectedAnswer) }); // Nameserver11
    if (unsetAa.length > 0) ctx.emit('N11_UNSET_AA', { ns_ip_list: listArg(unsetAa) }); // Nameserver11
    if (echoed.length > 0) ctx.emit('N11_RETURNS_UNKNOWN_OPTION_CODE', { ns_ip_list: listArg(echoed) }); // Nameserver11
  },
});
