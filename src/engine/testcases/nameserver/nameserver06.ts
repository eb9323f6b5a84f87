/**
 * Nameserver06: Name server names resolve to addresses.
 * Specification methods: Method 2, Method 3, Method 4, Method 5.
 */
import { method2, method3, method4and5Nameservers } from '../../methods/v1.js';
import { testCase } from '../test-case.js';
import { DISABLED_TAGS } from '../transport.js';

export const nameserver06 = testCase({
  id: 'nameserver06',
  spec: 'docs/public/specifications/tests/Nameserver-TP/nameserver06.md',
  tags: {
    CAN_BE_RESOLVED: '',
    CAN_NOT_BE_RESOLVED: 'nsname_list',
    NO_RESOLUTION: '',
    ...DISABLED_TAGS,
  },
  async run(ctx) {
    const names = new Set([...(await method2(ctx)), ...(await method3(ctx))].map((n) => n.toLowerCase()));
    const withAddress = new Set((await method4and5Nameservers(ctx)).map((ns) => ns.name.toLowerCase()));
    const without = [...names].filter((n) => !withAddress.has(n));
    // Nameserver06: some names have no address / none has / all have
    if (without.length > 0 && withAddress.size > 0)
      ctx.emit('CAN_NOT_BE_RESOLVED', { nsname_list: without.join(';') });
    else if (withAddress.size === 0) ctx.emit('NO_RESOLUTION', {});
    else ctx.emit('CAN_BE_RESOLVED', {});
  },
});
