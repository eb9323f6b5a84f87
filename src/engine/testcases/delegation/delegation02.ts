/**
 * Delegation02: Name servers have distinct IP addresses.
 * Specification methods: Method 2, Method 3, Method 4, Method 5.
 * Uses: Method 4, Method 5.
 */
import { type ServerAddress } from '../../recursor.js';
import { method4, method5 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

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

export const delegation02 = testCase({
  id: 'delegation02',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation02.md',
  tags: {
    CHILD_DISTINCT_NS_IP: '',
    CHILD_NS_SAME_IP: 'ns_ip nsname_list',
    DEL_DISTINCT_NS_IP: '',
    DEL_NS_SAME_IP: 'ns_ip nsname_list',
    DISTINCT_IP_ADDRESS: '',
    SAME_IP_ADDRESS: 'ns_ip nsname_list',
  },
  async run(ctx) {
    const report = (
      pairs: ServerAddress[],
      same: 'DEL_NS_SAME_IP' | 'CHILD_NS_SAME_IP' | 'SAME_IP_ADDRESS',
      distinct: 'DEL_DISTINCT_NS_IP' | 'CHILD_DISTINCT_NS_IP' | 'DISTINCT_IP_ADDRESS',
    ) => {
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
});
