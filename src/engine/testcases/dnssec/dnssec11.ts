/**
 * DNSSEC11: DS records in the delegation require a signed zone.
 * Specification methods: Method 1, Method 4, Method 5.
 */
import {
  answers,
  ask,
  childServersV1,
  DNSSEC,
  ipList,
  isAuthNoError,
  parentServersV1,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec11 = testCase({
  id: 'dnssec11',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec11.md',
  tags: {
    DS11_DS_BUT_UNSIGNED_ZONE: '',
    DS11_INCONSISTENT_DS: '',
    DS11_INCONSISTENT_SIGNED_ZONE: '',
    DS11_NS_WITH_SIGNED_ZONE: 'ns_ip_list',
    DS11_NS_WITH_UNSIGNED_ZONE: 'ns_ip_list',
    DS11_PARENT_WITHOUT_DS: 'ns_ip_list',
    DS11_PARENT_WITH_DS: 'ns_ip_list',
    DS11_UNDETERMINED_DS: '',
    DS11_UNDETERMINED_SIGNED_ZONE: '',
  },
  async run(ctx) {
    const child = ctx.zone.name;
    // DNSSEC11 step 2: an undelegated test without Undelegated DS ends here
    const hasGivenDs = ctx.zone.undelegatedDs.length > 0;
    if (!hasGivenDs && ctx.zone.isUndelegated) return;
    // DNSSEC11 step 3 (skipped when Undelegated DS is given: it stands for the parent's DS)
    const parents = hasGivenDs ? new Map<string, string[]>() : await parentServersV1(ctx);
    const undeterminedDs = new Set<string>();
    const noDs = new Set<string>();
    const hasDs = new Set<string>();
    for (const address of usableAddresses(ctx, parents)) {
      const p = await ask(ctx, parents, address, child, 'DS', DNSSEC);
      if (!isAuthNoError(p)) undeterminedDs.add(address);
      else if (answers(p, 'DS', child).length === 0) noDs.add(address);
      else hasDs.add(address);
    }
    if (undeterminedDs.size > 0 && noDs.size === 0 && hasDs.size === 0) {
      ctx.emit('DS11_UNDETERMINED_DS', {});
      return;
    }
    if (hasDs.size === 0 && !hasGivenDs) return;
    if (noDs.size > 0 && hasDs.size > 0) {
      ctx.emit('DS11_INCONSISTENT_DS', {});
      ctx.emit('DS11_PARENT_WITHOUT_DS', { ns_ip_list: ipList(noDs) });
      ctx.emit('DS11_PARENT_WITH_DS', { ns_ip_list: ipList(hasDs) });
    }
    // DNSSEC11 steps 4-7
    const servers = await childServersV1(ctx);
    const undetermined = new Set<string>();
    const noDnskey = new Set<string>();
    const hasDnskey = new Set<string>();
    for (const address of usableAddresses(ctx, servers)) {
      const soa = await ask(ctx, servers, address, child, 'SOA');
      if (!isAuthNoError(soa) || answers(soa, 'SOA', child).length === 0) continue;
      // Sent without the DO flag, as the reference engine sends it (its recorded test data holds only that query).
      const p = await ask(ctx, servers, address, child, 'DNSKEY');
      if (!isAuthNoError(p)) undetermined.add(address);
      else if (answers(p, 'DNSKEY', child).length === 0) noDnskey.add(address);
      else hasDnskey.add(address);
    }
    // DNSSEC11 steps 8-10
    if (undetermined.size > 0 && noDnskey.size === 0 && hasDnskey.size === 0)
      ctx.emit('DS11_UNDETERMINED_SIGNED_ZONE', {});
    else if (noDnskey.size > 0 && hasDnskey.size === 0) ctx.emit('DS11_DS_BUT_UNSIGNED_ZONE', {});
    else if (noDnskey.size > 0 && hasDnskey.size > 0) {
      ctx.emit('DS11_INCONSISTENT_SIGNED_ZONE', {});
      ctx.emit('DS11_NS_WITH_UNSIGNED_ZONE', { ns_ip_list: ipList(noDnskey) });
      ctx.emit('DS11_NS_WITH_SIGNED_ZONE', { ns_ip_list: ipList(hasDnskey) });
    }
  },
});
