/**
 * Address01: Name server addresses are globally reachable.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import { nsString } from '../../dns/name.js';
import { pairsOf } from '../../methods/v1.js';
import type { ServerAddress } from '../../recursor.js';
import { addressCategory, type AddressCategory } from '../../special-addresses.js';
import { listArg } from '../lists.js';
import { testCase } from '../test-case.js';

function nsListOf(servers: ServerAddress[]): string {
  return listArg(servers.map((s) => nsString(s.name, s.address)));
}

export const address01 = testCase({
  id: 'address01',
  spec: 'docs/public/specifications/tests/Address-TP/address01.md',
  tags: {
    A01_ADDR_NOT_GLOBALLY_REACHABLE: 'ns_list',
    A01_DOCUMENTATION_ADDR: 'ns_list',
    A01_GLOBALLY_REACHABLE_ADDR: 'ns_list',
    A01_LOCAL_USE_ADDR: 'ns_list',
    A01_NO_GLOBALLY_REACHABLE_ADDR: '',
    A01_NO_NAME_SERVERS_FOUND: '',
  },
  async run(ctx) {
    // Address01 step 2 (MethodsV2)
    const servers = [
      ...pairsOf(await ctx.zone.delNsNamesAndIps()),
      ...pairsOf(await ctx.zone.zoneNsNamesAndIps()),
    ];
    // Address01 step 3: A01_NO_NAME_SERVERS_FOUND
    if (servers.length === 0) {
      ctx.emit('A01_NO_NAME_SERVERS_FOUND', {});
      return;
    }
    // Address01 step 4
    const sets = new Map<AddressCategory, ServerAddress[]>();
    for (const server of servers) {
      const category = addressCategory(server.address);
      sets.set(category, [...(sets.get(category) ?? []), server]);
    }
    const report = (
      category: AddressCategory,
      tag:
        | 'A01_DOCUMENTATION_ADDR'
        | 'A01_LOCAL_USE_ADDR'
        | 'A01_ADDR_NOT_GLOBALLY_REACHABLE'
        | 'A01_GLOBALLY_REACHABLE_ADDR',
    ) => {
      const set = sets.get(category);
      if (set && set.length > 0) ctx.emit(tag, { ns_list: nsListOf(set) });
    };
    report('documentation', 'A01_DOCUMENTATION_ADDR'); // Address01 step 5
    report('local-use', 'A01_LOCAL_USE_ADDR'); // Address01 step 6
    report('not-globally-reachable', 'A01_ADDR_NOT_GLOBALLY_REACHABLE'); // Address01 step 7
    report('globally-reachable', 'A01_GLOBALLY_REACHABLE_ADDR'); // Address01 step 8
    // Address01 step 9: A01_NO_GLOBALLY_REACHABLE_ADDR
    if (!sets.has('globally-reachable')) ctx.emit('A01_NO_GLOBALLY_REACHABLE_ADDR', {});
  },
});
