/**
 * DNSSEC17: CDNSKEY records are valid.
 * Specification methods: Method 4, Method 5.
 */
import { type CdsFindings, checkCdsRrsets } from './cds-validity.js';
import type { RR } from '../../dns/types.js';
import { FLAG_SEP, FLAG_ZONE } from '../../dnssec/keys.js';
import { dnskeyInfo, type DnskeyInfo } from '../../dnssec/servers.js';
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
    // DNSSEC17 steps 5-18 on the CDNSKEY RRsets, with step 7.6 below
    await checkCdsRrsets(ctx, 'CDNSKEY', pointedKey, {
      withoutDnskey: 'DS17_CDNSKEY_WITHOUT_DNSKEY',
      mixedDelete: 'DS17_MIXED_DELETE_CDNSKEY',
      deleteOnly: 'DS17_DELETE_CDNSKEY',
      noMatch: 'DS17_CDNSKEY_MATCHES_NO_DNSKEY',
      nonZone: 'DS17_CDNSKEY_IS_NON_ZONE',
      nonSep: 'DS17_CDNSKEY_IS_NON_SEP',
      dnskeyNotSigned: 'DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY',
      notSignedBySelf: 'DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY',
      invalid: 'DS17_CDNSKEY_INVALID_RRSIG',
      unsigned: 'DS17_CDNSKEY_UNSIGNED',
      unknown: 'DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY',
    });
  },
});

/**
 * DNSSEC17 step 7.6: the CDNSKEY must itself be a zone key (and should be a SEP key), and points at the DNSKEY
 * record with the same data.
 */
function pointedKey(record: RR, keys: DnskeyInfo[], found: CdsFindings, address: string) {
  const info = dnskeyInfo(record);
  if (!(info.flags & FLAG_ZONE)) {
    found.nonZone.add(info.tag, address);
    return undefined;
  }
  if (!(info.flags & FLAG_SEP)) found.nonSep.add(info.tag, address);
  const raw = Buffer.from(record.rawData ?? []);
  const key = keys.find((k) => Buffer.compare(Buffer.from(k.rr.rawData ?? []), raw) === 0);
  if (!key) found.noMatch.add(info.tag, address);
  return key;
}
