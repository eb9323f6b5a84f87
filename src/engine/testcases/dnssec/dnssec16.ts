/**
 * DNSSEC16: CDS records are valid.
 * Specification methods: Method 4, Method 5.
 */
import { type CdsFindings, checkCdsRrsets } from './cds-validity.js';
import type { RR } from '../../dns/types.js';
import { FLAG_SEP, FLAG_ZONE } from '../../dnssec/keys.js';
import type { DnskeyInfo } from '../../dnssec/servers.js';
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
    // DNSSEC16 steps 5-18 on the CDS RRsets, with step 7.6 below
    await checkCdsRrsets(ctx, 'CDS', pointedKey, {
      withoutDnskey: 'DS16_CDS_WITHOUT_DNSKEY',
      mixedDelete: 'DS16_MIXED_DELETE_CDS',
      deleteOnly: 'DS16_DELETE_CDS',
      noMatch: 'DS16_CDS_MATCHES_NO_DNSKEY',
      nonZone: 'DS16_CDS_MATCHES_NON_ZONE_DNSKEY',
      nonSep: 'DS16_CDS_MATCHES_NON_SEP_DNSKEY',
      dnskeyNotSigned: 'DS16_DNSKEY_NOT_SIGNED_BY_CDS',
      notSignedBySelf: 'DS16_CDS_NOT_SIGNED_BY_CDS',
      invalid: 'DS16_CDS_INVALID_RRSIG',
      unsigned: 'DS16_CDS_UNSIGNED',
      unknown: 'DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY',
    });
  },
});

/** DNSSEC16 step 7.6: the CDS points at the DNSKEY records whose calculated key tag is its key tag. */
function pointedKey(record: RR, keys: DnskeyInfo[], found: CdsFindings, address: string) {
  const tag: number = record.data.keyTag;
  const pointed = keys.filter((k) => k.tag === tag);
  if (pointed.length === 0) found.noMatch.add(tag, address);
  else if (pointed.some((k) => !(k.flags & FLAG_ZONE))) found.nonZone.add(tag, address);
  else {
    if (pointed.some((k) => !(k.flags & FLAG_SEP))) found.nonSep.add(tag, address);
    return pointed[0];
  }
  return undefined;
}
