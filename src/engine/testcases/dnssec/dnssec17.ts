/**
 * DNSSEC17: CDNSKEY records are valid.
 * Specification methods: Method 4, Method 5.
 */
import { emitByKeytag } from './by-keytag.js';
import {
  type SignedRrset,
  checkOwnSignatures,
  isDeleteCdnskey,
  signedBy,
  signedRrset,
} from './cds-signatures.js';
import { FLAG_SEP, FLAG_ZONE } from '../../dnssec/keys.js';
import { childServersV1, dnskeyInfo, Grouped, ipList, usableAddresses } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

export const dnssec17 = testCase({
  id: 'dnssec17',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec17.md',
  tags: {
    DS17_CDNSKEY_INVALID_RRSIG: 'keytag ns_ip_list',
    DS17_CDNSKEY_IS_NON_SEP: 'keytag ns_ip_list',
    DS17_CDNSKEY_IS_NON_ZONE: 'keytag ns_ip_list',
    DS17_CDNSKEY_MATCHES_NO_DNSKEY: 'keytag ns_ip_list',
    DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY: 'keytag ns_ip_list',
    DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY: 'keytag ns_ip_list',
    DS17_CDNSKEY_UNSIGNED: 'ns_ip_list',
    DS17_CDNSKEY_WITHOUT_DNSKEY: 'ns_ip_list',
    DS17_DELETE_CDNSKEY: 'ns_ip_list',
    DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY: 'keytag ns_ip_list',
    DS17_MIXED_DELETE_CDNSKEY: 'ns_ip_list',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    const cdnskeySets = new Map<string, SignedRrset>();
    const dnskeySets = new Map<string, SignedRrset>();
    // DNSSEC17 step 5
    for (const address of usableAddresses(ctx, servers)) {
      const cdnskey = await signedRrset(ctx, servers, address, 'CDNSKEY');
      if (!cdnskey || cdnskey.records.length === 0) continue;
      cdnskeySets.set(address, cdnskey);
      const dnskey = await signedRrset(ctx, servers, address, 'DNSKEY');
      if (dnskey && dnskey.records.length > 0) dnskeySets.set(address, dnskey);
    }
    // DNSSEC17 step 6
    if (cdnskeySets.size === 0) return;
    const noDnskey = new Set<string>();
    const mixedDelete = new Set<string>();
    const deleteCdnskey = new Set<string>();
    const noMatch = new Grouped<number>();
    const nonZone = new Grouped<number>();
    const nonSep = new Grouped<number>();
    const dnskeyNotSigned = new Grouped<number>();
    const notSignedByCdnskey = new Grouped<number>();
    const unsigned = new Set<string>();
    const unknown = new Grouped<number>();
    const invalid = new Grouped<number>();
    // DNSSEC17 step 7
    for (const [address, cdnskey] of cdnskeySets) {
      if (cdnskey.records.some(isDeleteCdnskey))
        (cdnskey.records.length > 1 ? mixedDelete : deleteCdnskey).add(address);
      const dnskey = dnskeySets.get(address);
      if (!dnskey) {
        noDnskey.add(address);
        continue;
      }
      const keys = dnskey.records.map(dnskeyInfo);
      for (const record of cdnskey.records.filter((rr) => !isDeleteCdnskey(rr))) {
        const info = dnskeyInfo(record);
        if (!(info.flags & FLAG_ZONE)) {
          nonZone.add(info.tag, address);
          continue;
        }
        if (!(info.flags & FLAG_SEP)) nonSep.add(info.tag, address);
        const raw = Buffer.from(record.rawData ?? []);
        const key = keys.find((k) => Buffer.compare(Buffer.from(k.rr.rawData ?? []), raw) === 0);
        if (!key) {
          noMatch.add(info.tag, address);
          continue;
        }
        if (!signedBy(dnskey, key)) dnskeyNotSigned.add(info.tag, address);
        if (!signedBy(cdnskey, key)) notSignedByCdnskey.add(info.tag, address);
      }
      checkOwnSignatures(cdnskey, keys, address, unsigned, unknown, invalid);
    }
    // DNSSEC17 steps 8-18
    if (noDnskey.size > 0) ctx.emit('DS17_CDNSKEY_WITHOUT_DNSKEY', { ns_ip_list: ipList(noDnskey) });
    if (mixedDelete.size > 0) ctx.emit('DS17_MIXED_DELETE_CDNSKEY', { ns_ip_list: ipList(mixedDelete) });
    if (deleteCdnskey.size > 0) ctx.emit('DS17_DELETE_CDNSKEY', { ns_ip_list: ipList(deleteCdnskey) });
    emitByKeytag(ctx, 'DS17_CDNSKEY_MATCHES_NO_DNSKEY', noMatch);
    emitByKeytag(ctx, 'DS17_CDNSKEY_IS_NON_ZONE', nonZone);
    emitByKeytag(ctx, 'DS17_CDNSKEY_IS_NON_SEP', nonSep);
    emitByKeytag(ctx, 'DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY', dnskeyNotSigned);
    emitByKeytag(ctx, 'DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY', notSignedByCdnskey);
    emitByKeytag(ctx, 'DS17_CDNSKEY_INVALID_RRSIG', invalid);
    if (unsigned.size > 0) ctx.emit('DS17_CDNSKEY_UNSIGNED', { ns_ip_list: ipList(unsigned) });
    emitByKeytag(ctx, 'DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY', unknown);
  },
});
