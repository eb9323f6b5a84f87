/**
 * DNSSEC03: NSEC3 parameters are sound.
 * Specification methods: Method 4, Method 5.
 */
import {
  apexRecords,
  ask,
  childServersV1,
  DNSSEC,
  Grouped,
  isAuthNoError,
  nsList,
  serversByAnswer,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec03 = testCase({
  id: 'dnssec03',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec03.md',
  tags: {
    DS03_ERROR_RESPONSE_NSEC_QUERY: 'ns_list',
    DS03_ERR_MULT_NSEC3: 'ns_list',
    DS03_ILLEGAL_HASH_ALGO: 'algo_num ns_list',
    DS03_ILLEGAL_ITERATION_VALUE: 'int ns_list',
    DS03_ILLEGAL_SALT_LENGTH: 'int ns_list',
    DS03_INCONSISTENT_HASH_ALGO: '',
    DS03_INCONSISTENT_ITERATION: '',
    DS03_INCONSISTENT_NSEC3_FLAGS: '',
    DS03_INCONSISTENT_SALT_LENGTH: '',
    DS03_LEGAL_EMPTY_SALT: 'ns_list',
    DS03_LEGAL_HASH_ALGO: 'ns_list',
    DS03_LEGAL_ITERATION_VALUE: 'ns_list',
    DS03_NO_DNSSEC_SUPPORT: 'ns_list',
    DS03_NO_NSEC3: 'ns_list',
    DS03_NO_RESPONSE_NSEC_QUERY: 'ns_list',
    DS03_NSEC3_OPT_OUT_DISABLED: 'ns_list',
    DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD: 'ns_list',
    DS03_NSEC3_OPT_OUT_ENABLED_TLD: 'ns_list',
    DS03_SERVER_NO_DNSSEC_SUPPORT: 'ns_list',
    DS03_SERVER_NO_NSEC3: 'ns_list',
    DS03_UNASSIGNED_FLAG_USED: 'int ns_list',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    const dnskey = serversByAnswer();
    const withoutNsec3 = new Set<string>();
    const withNsec3 = new Set<string>();
    const multiple = new Set<string>();
    // the parameters of each server's first NSEC3 record
    const param = {
      algorithm: new Grouped<number>(),
      flags: new Grouped<number>(),
      iterations: new Grouped<number>(),
      saltLength: new Grouped<number>(),
    };
    const noResponse = new Set<string>();
    const errorResponse = new Set<string>();
    // DNSSEC03 step 6
    for (const address of usableAddresses(ctx, servers)) {
      if ((await apexRecords(ctx, servers, address, 'DNSKEY', isAuthNoError, dnskey)).length === 0) continue;
      const q = await ask(ctx, servers, address, ctx.zone.name, 'NSEC', DNSSEC);
      if (!q) {
        noResponse.add(address);
        continue;
      }
      if (!isAuthNoError(q)) {
        errorResponse.add(address);
        continue;
      }
      const nsec3 = q.authority.filter((rr) => rr.type === 'NSEC3');
      if (nsec3.length === 0) {
        withoutNsec3.add(address);
        continue;
      }
      if (nsec3.length > 1) multiple.add(address);
      withNsec3.add(address);
      const first = nsec3[0]!.data;
      param.algorithm.add(first.algorithm, address);
      param.flags.add(first.flags, address);
      param.iterations.add(first.iterations, address);
      param.saltLength.add(first.salt.length, address);
    }
    // DNSSEC03 steps 7-11
    if (dnskey.with.size === 0 && dnskey.without.size > 0)
      ctx.emit('DS03_NO_DNSSEC_SUPPORT', { ns_list: nsList(servers, dnskey.without) });
    if (dnskey.with.size > 0 && dnskey.without.size > 0)
      ctx.emit('DS03_SERVER_NO_DNSSEC_SUPPORT', { ns_list: nsList(servers, dnskey.without) });
    if (withNsec3.size === 0 && withoutNsec3.size > 0)
      ctx.emit('DS03_NO_NSEC3', { ns_list: nsList(servers, withoutNsec3) });
    if (withNsec3.size > 0 && withoutNsec3.size > 0)
      ctx.emit('DS03_SERVER_NO_NSEC3', { ns_list: nsList(servers, withoutNsec3) });
    if (multiple.size > 0) ctx.emit('DS03_ERR_MULT_NSEC3', { ns_list: nsList(servers, multiple) });
    // DNSSEC03 step 12
    if (param.algorithm.size > 1) ctx.emit('DS03_INCONSISTENT_HASH_ALGO', {});
    for (const [algo, addresses] of param.algorithm.map) {
      if (algo === 1) ctx.emit('DS03_LEGAL_HASH_ALGO', { ns_list: nsList(servers, addresses) });
      else ctx.emit('DS03_ILLEGAL_HASH_ALGO', { algo_num: algo, ns_list: nsList(servers, addresses) });
    }
    // DNSSEC03 step 13 (flag bit n counts from the most significant bit; bit 7 is Opt-Out)
    if (param.flags.size > 1) ctx.emit('DS03_INCONSISTENT_NSEC3_FLAGS', {});
    const isTld = ctx.zone.name === '' || !ctx.zone.name.includes('.');
    for (const [value, addresses] of param.flags.map) {
      for (let bit = 0; bit <= 6; bit++)
        if (value & (0x80 >> bit))
          ctx.emit('DS03_UNASSIGNED_FLAG_USED', { int: bit, ns_list: nsList(servers, addresses) });
      if (value & 1)
        ctx.emit(isTld ? 'DS03_NSEC3_OPT_OUT_ENABLED_TLD' : 'DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD', {
          ns_list: nsList(servers, addresses),
        });
      else ctx.emit('DS03_NSEC3_OPT_OUT_DISABLED', { ns_list: nsList(servers, addresses) });
    }
    // DNSSEC03 step 14
    if (param.iterations.size > 1) ctx.emit('DS03_INCONSISTENT_ITERATION', {});
    for (const [value, addresses] of param.iterations.map) {
      if (value === 0) ctx.emit('DS03_LEGAL_ITERATION_VALUE', { ns_list: nsList(servers, addresses) });
      else ctx.emit('DS03_ILLEGAL_ITERATION_VALUE', { int: value, ns_list: nsList(servers, addresses) });
    }
    // DNSSEC03 step 15
    if (param.saltLength.size > 1) ctx.emit('DS03_INCONSISTENT_SALT_LENGTH', {});
    for (const [value, addresses] of param.saltLength.map) {
      if (value === 0) ctx.emit('DS03_LEGAL_EMPTY_SALT', { ns_list: nsList(servers, addresses) });
      else ctx.emit('DS03_ILLEGAL_SALT_LENGTH', { int: value, ns_list: nsList(servers, addresses) });
    }
    // DNSSEC03 steps 16-17
    if (noResponse.size > 0)
      ctx.emit('DS03_NO_RESPONSE_NSEC_QUERY', { ns_list: nsList(servers, noResponse) });
    if (errorResponse.size > 0)
      ctx.emit('DS03_ERROR_RESPONSE_NSEC_QUERY', { ns_list: nsList(servers, errorResponse) });
  },
});
