/**
 * Connectivity01: Name servers reachable over UDP.
 * Specification methods: Method 4, Method 5.
 */
import { familyOf } from '../../dns/name.js';
import { method4and5Nameservers } from '../../methods/v1.js';
import { UDP_CHECK_TAGS, transportCheck } from './transport-check.js';
import { testCase } from '../test-case.js';

export const connectivity01 = testCase({
  id: 'connectivity01',
  spec: 'docs/public/specifications/tests/Connectivity-TP/connectivity01.md',
  tags: {
    CN01_IPV4_DISABLED: 'ns_list',
    CN01_IPV6_DISABLED: 'ns_list',
    ...UDP_CHECK_TAGS,
  },
  async run(ctx) {
    const servers = await method4and5Nameservers(ctx);
    const disabled = servers.filter((ns) => !ctx.zone.canSendTo(ns.address));
    const v4 = disabled.filter((ns) => familyOf(ns.address) === 4);
    const v6 = disabled.filter((ns) => familyOf(ns.address) === 6);
    // Connectivity01 step 2: servers of a disabled family are listed, not queried
    if (v4.length > 0) ctx.emit('CN01_IPV4_DISABLED', { ns_list: v4.map(String).join(';') });
    if (v6.length > 0) ctx.emit('CN01_IPV6_DISABLED', { ns_list: v6.map(String).join(';') });
    await transportCheck(ctx, 'UDP', servers);
  },
});
