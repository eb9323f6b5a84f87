/**
 * DNSSEC07: Signed zone and parent DS records agree.
 * Specification methods: Get-Del-NS-Names-and-IPs, Get-Parent-NS-Names-and-IPs, Get-Zone-NS-Names-and-IPs.
 */
import {
  answers,
  ask,
  childServers,
  DNSSEC,
  Grouped,
  isAuthNoError,
  isGoodDnssecResponse,
  nsList,
  parentServers,
  rrsigsCovering,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec07 = testCase({
  id: 'dnssec07',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec07.md',
  tags: {
    DS07_DS_FOR_SIGNED_ZONE: '',
    DS07_DS_ON_PARENT_SERVER: 'ns_list',
    DS07_INCONSISTENT_DS: '',
    DS07_INCONSISTENT_SIGNED: '',
    DS07_NON_AUTH_RESPONSE_DNSKEY: 'ns_list',
    DS07_NOT_SIGNED: '',
    DS07_NOT_SIGNED_ON_SERVER: 'ns_list',
    DS07_NO_DS_FOR_SIGNED_ZONE: '',
    DS07_NO_DS_ON_PARENT_SERVER: 'ns_list',
    DS07_NO_RESPONSE_DNSKEY: 'ns_list',
    DS07_SIGNED: '',
    DS07_SIGNED_ON_SERVER: 'ns_list',
    DS07_UNEXP_RCODE_RESP_DNSKEY: 'rcode ns_list',
  },
  async run(ctx) {
    // DNSSEC07 step 4
    const servers = await childServers(ctx);
    const addresses = usableAddresses(ctx, servers);
    const noResponse = new Set<string>();
    const noAuth = new Set<string>();
    const errorRcode = new Grouped<string>();
    const noDnskey = new Set<string>();
    const signed = new Set<string>();
    // DNSSEC07 step 6
    for (const address of addresses) {
      const soa = await ask(ctx, servers, address, ctx.zone.name, 'SOA');
      if (!isAuthNoError(soa) || soa.answer.every((rr) => rr.type !== 'SOA')) continue;
      const p = await ask(ctx, servers, address, ctx.zone.name, 'DNSKEY', DNSSEC);
      if (!p) noResponse.add(address);
      else if (!p.flags.aa) noAuth.add(address);
      else if (p.rcode !== 'NOERROR') errorRcode.add(p.rcode, address);
      else if (p.answer.some((rr) => rr.type === 'DNSKEY') && rrsigsCovering(p.answer, 'DNSKEY').length > 0)
        signed.add(address);
      else noDnskey.add(address);
    }
    // DNSSEC07 steps 7-9: Undelegated DS stands for a parent answer with DS (server "-"); nothing is looked
    // up for an unsigned zone
    const noDs = new Set<string>();
    const dsInResponse = new Set<string>();
    const hasGivenDs = ctx.zone.undelegatedDs.length > 0;
    const parents = signed.size > 0 && !hasGivenDs ? await parentServers(ctx) : new Map<string, string[]>();
    if (signed.size > 0 && hasGivenDs) dsInResponse.add('-');
    // DNSSEC07 step 10
    for (const address of usableAddresses(ctx, parents)) {
      const p = await ask(ctx, parents, address, ctx.zone.name, 'DS', DNSSEC);
      if (!isGoodDnssecResponse(p)) continue;
      if (answers(p, 'DS', ctx.zone.name).length > 0 && rrsigsCovering(p.answer, 'DS').length > 0)
        dsInResponse.add(address);
      else noDs.add(address);
    }
    // DNSSEC07 step 12: DS07_NOT_SIGNED when no server gave a usable DNSKEY answer
    const allUnusable = signed.size === 0 && noDnskey.size === 0;
    if (allUnusable) ctx.emit('DS07_NOT_SIGNED', {});
    // DNSSEC07 steps 13-17
    if (noResponse.size > 0) ctx.emit('DS07_NO_RESPONSE_DNSKEY', { ns_list: nsList(servers, noResponse) });
    if (noAuth.size > 0) ctx.emit('DS07_NON_AUTH_RESPONSE_DNSKEY', { ns_list: nsList(servers, noAuth) });
    for (const [rcode, set] of errorRcode.map)
      ctx.emit('DS07_UNEXP_RCODE_RESP_DNSKEY', { rcode, ns_list: nsList(servers, set) });
    if (signed.size > 0) ctx.emit('DS07_SIGNED_ON_SERVER', { ns_list: nsList(servers, signed) });
    if (noDnskey.size > 0) ctx.emit('DS07_NOT_SIGNED_ON_SERVER', { ns_list: nsList(servers, noDnskey) });
    // DNSSEC07 steps 18-20
    if (signed.size > 0 && noDnskey.size > 0) ctx.emit('DS07_INCONSISTENT_SIGNED', {});
    if (signed.size > 0 && noDnskey.size === 0) ctx.emit('DS07_SIGNED', {});
    if (signed.size === 0 && noDnskey.size > 0 && !allUnusable) ctx.emit('DS07_NOT_SIGNED', {});
    // DNSSEC07 steps 21-23
    if (noDs.size > 0) ctx.emit('DS07_NO_DS_ON_PARENT_SERVER', { ns_list: nsList(parents, noDs) });
    if (dsInResponse.size > 0)
      ctx.emit('DS07_DS_ON_PARENT_SERVER', { ns_list: nsList(parents, dsInResponse) });
    if (noDs.size > 0 && dsInResponse.size > 0) ctx.emit('DS07_INCONSISTENT_DS', {});
    // DNSSEC07 step 24
    if (noDnskey.size === 0 && signed.size > 0) {
      if (noDs.size > 0 && dsInResponse.size === 0) ctx.emit('DS07_NO_DS_FOR_SIGNED_ZONE', {});
      if (noDs.size === 0 && dsInResponse.size > 0) ctx.emit('DS07_DS_FOR_SIGNED_ZONE', {});
    }
  },
});
