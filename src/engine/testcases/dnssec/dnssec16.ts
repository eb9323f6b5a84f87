/**
 * DNSSEC16: CDS records are valid.
 * Specification methods: Method 4, Method 5.
 */
import { emitByKeytag } from './by-keytag.js';
import {
  type SignedRrset,
  checkOwnSignatures,
  isDeleteCds,
  signedBy,
  signedRrset,
} from './cds-signatures.js';
import { FLAG_SEP, FLAG_ZONE } from '../../dnssec/keys.js';
import { childServersV1, dnskeyInfo, Grouped, ipList, usableAddresses } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec16 = testCase({
  id: 'dnssec16',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec16.md',
  tags: {
    DS16_CDS_INVALID_RRSIG: 'keytag ns_ip_list',
    DS16_CDS_MATCHES_NON_SEP_DNSKEY: 'keytag ns_ip_list',
    DS16_CDS_MATCHES_NON_ZONE_DNSKEY: 'keytag ns_ip_list',
    DS16_CDS_MATCHES_NO_DNSKEY: 'keytag ns_ip_list',
    DS16_CDS_NOT_SIGNED_BY_CDS: 'keytag ns_ip_list',
    DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY: 'keytag ns_ip_list',
    DS16_CDS_UNSIGNED: 'ns_ip_list',
    DS16_CDS_WITHOUT_DNSKEY: 'ns_ip_list',
    DS16_DELETE_CDS: 'ns_ip_list',
    DS16_DNSKEY_NOT_SIGNED_BY_CDS: 'keytag ns_ip_list',
    DS16_MIXED_DELETE_CDS: 'ns_ip_list',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    const cdsSets = new Map<string, SignedRrset>();
    const dnskeySets = new Map<string, SignedRrset>();
    // DNSSEC16 step 5
    for (const address of usableAddresses(ctx, servers)) {
      const cds = await signedRrset(ctx, servers, address, 'CDS');
      if (!cds || cds.records.length === 0) continue;
      cdsSets.set(address, cds);
      const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
      if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey);
    }
    // DNSSEC16 step 6
    if (cdsSets.size === 0) return;
    const noDnskey = new Set<string>();
    const mixedDelete = new Set<string>();
    const deleteCds = new Set<string>();
    const noMatch = new Grouped<number>();
    const nonZone = new Grouped<number>();
    const nonSep = new Grouped<number>();
    const dnskeyNotSigned = new Grouped<number>();
    const cdsNotSignedByCds = new Grouped<number>();
    const unsigned = new Set<string>();
    const unknown = new Grouped<number>();
    const invalid = new Grouped<number>();
    // DNSSEC16 step 7
    for (const [address, cds] of cdsSets) {
      if (cds.records.some(isDeleteCds)) (cds.records.length > 1 ? mixedDelete : deleteCds).add(address);
      const dnskey = dnskeySets.get(address);
      if (!dnskey) {
        noDnskey.add(address);
        continue;
      }
      const keys = dnskey.records.map(dnskeyInfo);
      for (const record of cds.records.filter((rr) => !isDeleteCds(rr))) {
        const tag = record.data.keyTag;
        // DNSSEC16 step 7.6: the CDS points at the DNSKEY records whose calculated key tag is its key tag
        const pointed = keys.filter((k) => k.tag === tag);
        if (pointed.length === 0) noMatch.add(tag, address);
        else if (pointed.some((k) => !(k.flags & FLAG_ZONE))) nonZone.add(tag, address);
        else {
          if (!signedBy(dnskey, pointed[0]!)) dnskeyNotSigned.add(tag, address);
          if (!signedBy(cds, pointed[0]!)) cdsNotSignedByCds.add(tag, address);
          if (pointed.some((k) => !(k.flags & FLAG_SEP))) nonSep.add(tag, address);
        }
      }
      checkOwnSignatures(cds, keys, address, unsigned, unknown, invalid);
    }
    // DNSSEC16 steps 8-18
    if (noDnskey.size > 0) ctx.emit('DS16_CDS_WITHOUT_DNSKEY', { ns_ip_list: ipList(noDnskey) });
    if (mixedDelete.size > 0) ctx.emit('DS16_MIXED_DELETE_CDS', { ns_ip_list: ipList(mixedDelete) });
    if (deleteCds.size > 0) ctx.emit('DS16_DELETE_CDS', { ns_ip_list: ipList(deleteCds) });
    emitByKeytag(ctx, 'DS16_CDS_MATCHES_NO_DNSKEY', noMatch);
    emitByKeytag(ctx, 'DS16_CDS_MATCHES_NON_ZONE_DNSKEY', nonZone);
    emitByKeytag(ctx, 'DS16_CDS_MATCHES_NON_SEP_DNSKEY', nonSep);
    emitByKeytag(ctx, 'DS16_DNSKEY_NOT_SIGNED_BY_CDS', dnskeyNotSigned);
    emitByKeytag(ctx, 'DS16_CDS_NOT_SIGNED_BY_CDS', cdsNotSignedByCds);
    emitByKeytag(ctx, 'DS16_CDS_INVALID_RRSIG', invalid);
    if (unsigned.size > 0) ctx.emit('DS16_CDS_UNSIGNED', { ns_ip_list: ipList(unsigned) });
    emitByKeytag(ctx, 'DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY', unknown);
  },
});
