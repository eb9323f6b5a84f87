/**
 * Catalogue of the message tags of every module: argument names and the test cases (specification ids) that
 * emit each tag. Generated from the test case specifications and the reference default profile; levels live in
 * the profile (share/profile.json), texts in share/locale/*.po.
 */

export interface TagInfo {
  /** Argument names, as used in {placeholders} of the texts. */
  args: readonly string[];
  /** Test cases emitting the tag, e.g. ["Basic02"]; empty for tags emitted outside test cases or no longer emitted. */
  testcases: readonly string[];
}

export const TAGS: Readonly<Record<string, Readonly<Record<string, TagInfo>>>> = {
  ADDRESS: {
    A01_ADDR_NOT_GLOBALLY_REACHABLE: { args: ['ns_list'], testcases: ['Address01'] }, // Address01
    A01_DOCUMENTATION_ADDR: { args: ['ns_list'], testcases: ['Address01'] }, // Address01
    A01_GLOBALLY_REACHABLE_ADDR: { args: ['ns_list'], testcases: ['Address01'] }, // Address01
    A01_LOCAL_USE_ADDR: { args: ['ns_list'], testcases: ['Address01'] }, // Address01
    A01_NO_GLOBALLY_REACHABLE_ADDR: { args: [], testcases: ['Address01'] }, // Address01
    A01_NO_NAME_SERVERS_FOUND: { args: [], testcases: ['Address01'] }, // Address01
    NAMESERVERS_IP_WITH_REVERSE: { args: [], testcases: ['Address02'] }, // Address02
    NAMESERVER_IP_PTR_MATCH: { args: [], testcases: ['Address03'] }, // Address03
    NAMESERVER_IP_PTR_MISMATCH: { args: ['nsname', 'ns_ip', 'names'], testcases: ['Address03'] }, // Address03
    NAMESERVER_IP_WITHOUT_REVERSE: { args: ['nsname', 'ns_ip'], testcases: ['Address02', 'Address03'] }, // Address02, Address03
    NO_RESPONSE_PTR_QUERY: { args: ['domain'], testcases: ['Address02', 'Address03'] }, // Address02, Address03
    TEST_CASE_END: { args: ['testcase'], testcases: ['Address01', 'Address02', 'Address03'] }, // Address01, Address02, Address03
    TEST_CASE_START: { args: ['testcase'], testcases: ['Address01', 'Address02', 'Address03'] }, // Address01, Address02, Address03
  },
  BASIC: {
    A_QUERY_NO_RESPONSES: { args: [], testcases: ['Basic03'] }, // Basic03
    B01_CHILD_FOUND: { args: ['domain'], testcases: ['Basic01'] }, // Basic01
    B01_CHILD_IS_ALIAS: { args: ['domain_child', 'domain_target', 'ns_list'], testcases: ['Basic01'] }, // Basic01
    B01_INCONSISTENT_ALIAS: { args: ['domain'], testcases: ['Basic01'] }, // Basic01
    B01_INCONSISTENT_DELEGATION: {
      args: ['domain_parent', 'domain_child', 'ns_list'],
      testcases: ['Basic01'],
    }, // Basic01
    B01_NO_CHILD: { args: ['domain_child', 'domain_super'], testcases: ['Basic01'] }, // Basic01
    B01_PARENT_DISREGARDED: { args: [], testcases: ['Basic01'] }, // Basic01
    B01_PARENT_FOUND: { args: ['domain', 'ns_list'], testcases: ['Basic01'] }, // Basic01
    B01_PARENT_NOT_FOUND: { args: [], testcases: ['Basic01'] }, // Basic01
    B01_PARENT_UNDETERMINED: { args: ['ns_list'], testcases: ['Basic01'] }, // Basic01
    B01_ROOT_HAS_NO_PARENT: { args: [], testcases: ['Basic01'] }, // Basic01
    B01_SERVER_ZONE_ERROR: { args: ['ns', 'query_name', 'rrtype'], testcases: ['Basic01'] }, // Basic01
    B02_AUTH_RESPONSE_SOA: { args: ['domain', 'ns_list'], testcases: ['Basic02'] }, // Basic02
    B02_NO_DELEGATION: { args: ['domain'], testcases: ['Basic02'] }, // Basic02
    B02_NO_WORKING_NS: { args: ['domain'], testcases: ['Basic02'] }, // Basic02
    B02_NS_BROKEN: { args: ['ns'], testcases: ['Basic02'] }, // Basic02
    B02_NS_NOT_AUTH: { args: ['ns'], testcases: ['Basic02'] }, // Basic02
    B02_NS_NO_IP_ADDR: { args: ['nsname'], testcases: ['Basic02'] }, // Basic02
    B02_NS_NO_RESPONSE: { args: ['ns'], testcases: ['Basic02'] }, // Basic02
    B02_UNEXPECTED_RCODE: { args: ['ns', 'rcode'], testcases: ['Basic02'] }, // Basic02
    DOMAIN_NAME_LABEL_TOO_LONG: { args: ['domain', 'label', 'dlength', 'max'], testcases: [] }, // Basic module; in no test case metadata of the reference
    DOMAIN_NAME_TOO_LONG: { args: ['fqdnlength', 'max'], testcases: [] }, // Basic module; in no test case metadata of the reference
    DOMAIN_NAME_ZERO_LENGTH_LABEL: { args: ['domain'], testcases: [] }, // Basic module; in no test case metadata of the reference
    HAS_A_RECORDS: { args: ['ns', 'domain'], testcases: ['Basic03'] }, // Basic03
    HAS_NAMESERVER_NO_WWW_A_TEST: { args: ['zname'], testcases: [] }, // Basic module; in no test case metadata of the reference
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Basic02', 'Basic03'] }, // Basic02, Basic03
    IPV4_ENABLED: { args: ['rrtype', 'ns'], testcases: ['Basic02', 'Basic03'] }, // Basic02, Basic03
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Basic02', 'Basic03'] }, // Basic02, Basic03
    IPV6_ENABLED: { args: ['rrtype', 'ns'], testcases: ['Basic02', 'Basic03'] }, // Basic02, Basic03
    NO_A_RECORDS: { args: ['ns', 'domain'], testcases: ['Basic03'] }, // Basic03
    TEST_CASE_END: { args: ['testcase'], testcases: ['Basic01', 'Basic02', 'Basic03'] }, // Basic01, Basic02, Basic03
    TEST_CASE_START: { args: ['testcase'], testcases: ['Basic01', 'Basic02', 'Basic03'] }, // Basic01, Basic02, Basic03
  },
  CONNECTIVITY: {
    ASN_INFOS_ANNOUNCE_BY: { args: ['ns_ip', 'asn'], testcases: ['Connectivity03'] }, // Connectivity03
    ASN_INFOS_ANNOUNCE_IN: { args: ['ns_ip', 'prefix'], testcases: ['Connectivity03', 'Connectivity04'] }, // Connectivity03, Connectivity04
    ASN_INFOS_RAW: { args: ['data', 'ns_ip'], testcases: ['Connectivity03', 'Connectivity04'] }, // Connectivity03, Connectivity04
    CN01_IPV4_DISABLED: { args: ['ns_list'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_IPV6_DISABLED: { args: ['ns_list'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_MISSING_NS_RECORD_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_MISSING_SOA_RECORD_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_NO_RESPONSE_NS_QUERY_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_NO_RESPONSE_SOA_QUERY_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_NO_RESPONSE_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_NS_RECORD_NOT_AA_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_SOA_RECORD_NOT_AA_UDP: { args: ['ns'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_UNEXPECTED_RCODE_NS_QUERY_UDP: { args: ['ns', 'rcode'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP: { args: ['ns', 'rcode'], testcases: ['Connectivity01'] }, // Connectivity01
    CN01_WRONG_NS_RECORD_UDP: {
      args: ['ns', 'domain_found', 'domain_expected'],
      testcases: ['Connectivity01'],
    }, // Connectivity01
    CN01_WRONG_SOA_RECORD_UDP: {
      args: ['ns', 'domain_found', 'domain_expected'],
      testcases: ['Connectivity01'],
    }, // Connectivity01
    CN02_MISSING_NS_RECORD_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_MISSING_SOA_RECORD_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_NO_RESPONSE_NS_QUERY_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_NO_RESPONSE_SOA_QUERY_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_NO_RESPONSE_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_NS_RECORD_NOT_AA_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_SOA_RECORD_NOT_AA_TCP: { args: ['ns'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_UNEXPECTED_RCODE_NS_QUERY_TCP: { args: ['ns', 'rcode'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP: { args: ['ns', 'rcode'], testcases: ['Connectivity02'] }, // Connectivity02
    CN02_WRONG_NS_RECORD_TCP: {
      args: ['ns', 'domain_found', 'domain_expected'],
      testcases: ['Connectivity02'],
    }, // Connectivity02
    CN02_WRONG_SOA_RECORD_TCP: {
      args: ['ns', 'domain_found', 'domain_expected'],
      testcases: ['Connectivity02'],
    }, // Connectivity02
    CN04_ASN_INFOS_ANNOUNCE_IN: { args: ['ns_ip', 'prefix'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_ASN_INFOS_RAW: { args: ['data', 'ns_ip'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_EMPTY_PREFIX_SET: { args: ['ns_ip'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_ERROR_PREFIX_DATABASE: { args: ['ns_ip'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV4_DIFFERENT_PREFIX: { args: ['ns_list'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV4_SAME_PREFIX: { args: ['ip_prefix', 'ns_list'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV4_SINGLE_PREFIX: { args: [], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV6_DIFFERENT_PREFIX: { args: ['ns_list'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV6_SAME_PREFIX: { args: ['ip_prefix', 'ns_list'], testcases: ['Connectivity04'] }, // Connectivity04
    CN04_IPV6_SINGLE_PREFIX: { args: [], testcases: ['Connectivity04'] }, // Connectivity04
    EMPTY_ASN_SET: { args: ['ns_ip'], testcases: ['Connectivity03'] }, // Connectivity03
    ERROR_ASN_DATABASE: { args: ['ns_ip'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV4_ASN: { args: ['asn'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    IPV4_DIFFERENT_ASN: { args: ['asn_list'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Connectivity01', 'Connectivity02'] }, // Connectivity01, Connectivity02
    IPV4_ONE_ASN: { args: ['asn'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV4_SAME_ASN: { args: ['asn_list'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV6_ASN: { args: ['asn'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    IPV6_DIFFERENT_ASN: { args: ['asn_list'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Connectivity01', 'Connectivity02'] }, // Connectivity01, Connectivity02
    IPV6_ONE_ASN: { args: ['asn'], testcases: ['Connectivity03'] }, // Connectivity03
    IPV6_SAME_ASN: { args: ['asn_list'], testcases: ['Connectivity03'] }, // Connectivity03
    NAMESERVER_HAS_TCP_53: { args: ['ns', 'address'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    NAMESERVER_HAS_UDP_53: { args: ['ns', 'address'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    NAMESERVER_NO_TCP_53: { args: ['ns', 'address'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    NAMESERVER_NO_UDP_53: { args: ['ns', 'address'], testcases: [] }, // Connectivity module; in no test case metadata of the reference
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: ['Connectivity01', 'Connectivity02', 'Connectivity03', 'Connectivity04'],
    }, // Connectivity01, Connectivity02, Connectivity03, Connectivity04
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: ['Connectivity01', 'Connectivity02', 'Connectivity03', 'Connectivity04'],
    }, // Connectivity01, Connectivity02, Connectivity03, Connectivity04
  },
  CONSISTENCY: {
    ADDRESSES_MATCH: { args: [], testcases: ['Consistency05'] }, // Consistency05
    CHILD_NS_FAILED: { args: ['ns'], testcases: ['Consistency05'] }, // Consistency05
    CHILD_ZONE_LAME: { args: [], testcases: ['Consistency05'] }, // Consistency05
    EXTRA_ADDRESS_CHILD: { args: ['ns_ip_list'], testcases: ['Consistency05'] }, // Consistency05
    IN_BAILIWICK_ADDR_MISMATCH: {
      args: ['parent_addresses', 'zone_addresses'],
      testcases: ['Consistency05'],
    }, // Consistency05
    IPV4_DISABLED: {
      args: ['rrtype', 'ns'],
      testcases: ['Consistency01', 'Consistency02', 'Consistency03', 'Consistency04'],
    }, // Consistency01, Consistency02, Consistency03, Consistency04
    IPV6_DISABLED: {
      args: ['rrtype', 'ns'],
      testcases: ['Consistency01', 'Consistency02', 'Consistency03', 'Consistency04'],
    }, // Consistency01, Consistency02, Consistency03, Consistency04
    MULTIPLE_NS_SET: { args: ['count'], testcases: ['Consistency04'] }, // Consistency04
    MULTIPLE_SOA_MNAMES: { args: ['count'], testcases: ['Consistency06'] }, // Consistency06
    MULTIPLE_SOA_RNAMES: { args: ['count'], testcases: ['Consistency02'] }, // Consistency02
    MULTIPLE_SOA_SERIALS: { args: ['count'], testcases: ['Consistency01'] }, // Consistency01
    MULTIPLE_SOA_TIME_PARAMETER_SET: { args: ['count'], testcases: ['Consistency03'] }, // Consistency03
    NO_RESPONSE: {
      args: ['ns'],
      testcases: [
        'Consistency01',
        'Consistency02',
        'Consistency03',
        'Consistency04',
        'Consistency05',
        'Consistency06',
      ],
    }, // Consistency01, Consistency02, Consistency03, Consistency04, Consistency05, Consistency06
    NO_RESPONSE_NS_QUERY: { args: ['ns'], testcases: ['Consistency04'] }, // Consistency04
    NO_RESPONSE_SOA_QUERY: {
      args: ['ns'],
      testcases: ['Consistency01', 'Consistency02', 'Consistency03', 'Consistency06'],
    }, // Consistency01, Consistency02, Consistency03, Consistency06
    NS_SET: { args: ['nsname_list', 'servers'], testcases: ['Consistency04'] }, // Consistency04
    ONE_NS_SET: { args: ['nsname_list'], testcases: ['Consistency04'] }, // Consistency04
    ONE_SOA_MNAME: { args: ['mname'], testcases: ['Consistency06'] }, // Consistency06
    ONE_SOA_RNAME: { args: ['rname'], testcases: ['Consistency02'] }, // Consistency02
    ONE_SOA_SERIAL: { args: ['serial'], testcases: ['Consistency01'] }, // Consistency01
    ONE_SOA_TIME_PARAMETER_SET: {
      args: ['refresh', 'retry', 'expire', 'minimum'],
      testcases: ['Consistency03'],
    }, // Consistency03
    OUT_OF_BAILIWICK_ADDR_MISMATCH: {
      args: ['parent_addresses', 'zone_addresses'],
      testcases: ['Consistency05'],
    }, // Consistency05
    SOA_RNAME: { args: ['rname', 'ns_list'], testcases: ['Consistency02'] }, // Consistency02
    SOA_SERIAL: { args: ['serial', 'ns_list'], testcases: ['Consistency01'] }, // Consistency01
    SOA_SERIAL_VARIATION: {
      args: ['serial_min', 'serial_max', 'max_variation'],
      testcases: ['Consistency01'],
    }, // Consistency01
    SOA_TIME_PARAMETER_SET: {
      args: ['refresh', 'retry', 'expire', 'minimum', 'ns_list'],
      testcases: ['Consistency03'],
    }, // Consistency03
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'Consistency01',
        'Consistency02',
        'Consistency03',
        'Consistency04',
        'Consistency05',
        'Consistency06',
      ],
    }, // Consistency01, Consistency02, Consistency03, Consistency04, Consistency05, Consistency06
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'Consistency01',
        'Consistency02',
        'Consistency03',
        'Consistency04',
        'Consistency05',
        'Consistency06',
      ],
    }, // Consistency01, Consistency02, Consistency03, Consistency04, Consistency05, Consistency06
  },
  DELEGATION: {
    ARE_AUTHORITATIVE: { args: ['nsname_list'], testcases: ['Delegation04'] }, // Delegation04
    CHILD_DISTINCT_NS_IP: { args: [], testcases: ['Delegation02'] }, // Delegation02
    CHILD_NS_SAME_IP: { args: ['ns_ip', 'nsname_list'], testcases: ['Delegation02'] }, // Delegation02
    DEL_DISTINCT_NS_IP: { args: [], testcases: ['Delegation02'] }, // Delegation02
    DEL_NS_SAME_IP: { args: ['ns_ip', 'nsname_list'], testcases: ['Delegation02'] }, // Delegation02
    DISTINCT_IP_ADDRESS: { args: [], testcases: ['Delegation02'] }, // Delegation02
    ENOUGH_IPV4_NS_CHILD: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    ENOUGH_IPV4_NS_DEL: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    ENOUGH_IPV6_NS_CHILD: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    ENOUGH_IPV6_NS_DEL: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    ENOUGH_NS_CHILD: { args: ['count', 'minimum', 'nsname_list'], testcases: ['Delegation01'] }, // Delegation01
    ENOUGH_NS_DEL: { args: ['count', 'minimum', 'nsname_list'], testcases: ['Delegation01'] }, // Delegation01
    EXTRA_NAME_CHILD: { args: ['extra'], testcases: ['Delegation07'] }, // Delegation07
    EXTRA_NAME_PARENT: { args: ['extra'], testcases: ['Delegation07'] }, // Delegation07
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Delegation04', 'Delegation06'] }, // Delegation04, Delegation06
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Delegation04', 'Delegation06'] }, // Delegation04, Delegation06
    IS_NOT_AUTHORITATIVE: { args: ['ns', 'proto'], testcases: ['Delegation04'] }, // Delegation04
    NAMES_MATCH: { args: [], testcases: ['Delegation07'] }, // Delegation07
    NOT_ENOUGH_IPV4_NS_CHILD: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    NOT_ENOUGH_IPV4_NS_DEL: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    NOT_ENOUGH_IPV6_NS_CHILD: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    NOT_ENOUGH_IPV6_NS_DEL: { args: ['count', 'minimum', 'ns_list'], testcases: ['Delegation01'] }, // Delegation01
    NOT_ENOUGH_NS_CHILD: { args: ['count', 'minimum', 'nsname_list'], testcases: ['Delegation01'] }, // Delegation01
    NOT_ENOUGH_NS_DEL: { args: ['count', 'minimum', 'nsname_list'], testcases: ['Delegation01'] }, // Delegation01
    NO_IPV4_NS_CHILD: { args: ['minimum'], testcases: ['Delegation01'] }, // Delegation01
    NO_IPV4_NS_DEL: { args: ['minimum'], testcases: ['Delegation01'] }, // Delegation01
    NO_IPV6_NS_CHILD: { args: ['minimum'], testcases: ['Delegation01'] }, // Delegation01
    NO_IPV6_NS_DEL: { args: ['minimum'], testcases: ['Delegation01'] }, // Delegation01
    NO_NS_CNAME: { args: [], testcases: ['Delegation05'] }, // Delegation05
    NO_RESPONSE: { args: ['ns', 'query_name', 'rrtype'], testcases: ['Delegation05'] }, // Delegation05
    NS_IS_CNAME: { args: ['nsname'], testcases: ['Delegation05'] }, // Delegation05
    REFERRAL_SIZE_OK: { args: ['size'], testcases: ['Delegation03'] }, // Delegation03
    REFERRAL_SIZE_TOO_LARGE: { args: ['size'], testcases: ['Delegation03'] }, // Delegation03
    SAME_IP_ADDRESS: { args: ['ns_ip', 'nsname_list'], testcases: ['Delegation02'] }, // Delegation02
    SOA_EXISTS: { args: [], testcases: ['Delegation06'] }, // Delegation06
    SOA_NOT_EXISTS: { args: ['ns'], testcases: ['Delegation06'] }, // Delegation06
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'Delegation01',
        'Delegation02',
        'Delegation03',
        'Delegation04',
        'Delegation05',
        'Delegation06',
        'Delegation07',
      ],
    }, // Delegation01, Delegation02, Delegation03, Delegation04, Delegation05, Delegation06, Delegation07
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'Delegation01',
        'Delegation02',
        'Delegation03',
        'Delegation04',
        'Delegation05',
        'Delegation06',
        'Delegation07',
      ],
    }, // Delegation01, Delegation02, Delegation03, Delegation04, Delegation05, Delegation06, Delegation07
    TOTAL_NAME_MISMATCH: { args: [], testcases: ['Delegation07'] }, // Delegation07
    UNEXPECTED_RCODE: { args: ['ns', 'query_name', 'rrtype', 'rcode'], testcases: ['Delegation05'] }, // Delegation05
  },
  DNSSEC: {
    DNSKEY_SMALLER_THAN_REC: {
      args: ['keytag', 'algo_num', 'algo_descr', 'keysize', 'keysizerec'],
      testcases: ['DNSSEC14'],
    }, // DNSSEC14
    DNSKEY_TOO_LARGE_FOR_ALGO: {
      args: ['keytag', 'algo_num', 'algo_descr', 'keysize', 'keysizemax'],
      testcases: ['DNSSEC14'],
    }, // DNSSEC14
    DNSKEY_TOO_SMALL_FOR_ALGO: {
      args: ['keytag', 'algo_num', 'algo_descr', 'keysize', 'keysizemin'],
      testcases: ['DNSSEC14'],
    }, // DNSSEC14
    DS01_DS_ALGO_2_MISSING: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_DS_ALGO_DEPRECATED: {
      args: ['keytag', 'ds_algo_num', 'ds_algo_descr', 'ns_list'],
      testcases: ['DNSSEC01'],
    }, // DNSSEC01
    DS01_DS_ALGO_NOT_DS: {
      args: ['keytag', 'ds_algo_num', 'ds_algo_descr', 'ns_list'],
      testcases: ['DNSSEC01'],
    }, // DNSSEC01
    DS01_DS_ALGO_OK: { args: [], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_DS_ALGO_PRIVATE: { args: ['keytag', 'ds_algo_num', 'ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_DS_ALGO_RESERVED: { args: ['keytag', 'ds_algo_num', 'ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_DS_ALGO_UNASSIGNED: { args: ['keytag', 'ds_algo_num', 'ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_NO_RESPONSE: { args: ['ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_PARENT_SERVER_NO_DS: { args: ['ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_PARENT_ZONE_NO_DS: { args: ['ns_list'], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_ROOT_N_NO_UNDEL_DS: { args: [], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS01_UNDEL_N_NO_UNDEL_DS: { args: [], testcases: ['DNSSEC01'] }, // DNSSEC01
    DS02_ALGO_NOT_SUPPORTED_BY_ZM: {
      args: ['keytag', 'algo_num', 'algo_mnemo', 'ns_ip_list'],
      testcases: ['DNSSEC02'],
    }, // DNSSEC02
    DS02_DNSKEY_NOT_FOR_ZONE_SIGNING: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_DNSKEY_NOT_SEP: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_DNSKEY_NOT_SIGNED_BY_ANY_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_NO_DNSKEY_FOR_DS: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_NO_MATCHING_DNSKEY_RRSIG: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_NO_MATCH_DS_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_NO_VALID_DNSKEY_FOR_ANY_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS02_RRSIG_NOT_VALID_BY_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC02'] }, // DNSSEC02
    DS03_ERROR_RESPONSE_NSEC_QUERY: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_ERR_MULT_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_ILLEGAL_HASH_ALGO: { args: ['algo_num', 'ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_ILLEGAL_ITERATION_VALUE: { args: ['int', 'ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_ILLEGAL_SALT_LENGTH: { args: ['int', 'ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_INCONSISTENT_HASH_ALGO: { args: [], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_INCONSISTENT_ITERATION: { args: [], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_INCONSISTENT_NSEC3_FLAGS: { args: [], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_INCONSISTENT_SALT_LENGTH: { args: [], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_LEGAL_EMPTY_SALT: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_LEGAL_HASH_ALGO: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_LEGAL_ITERATION_VALUE: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NO_DNSSEC_SUPPORT: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NO_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NO_RESPONSE_NSEC_QUERY: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NSEC3_OPT_OUT_DISABLED: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_NSEC3_OPT_OUT_ENABLED_TLD: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_SERVER_NO_DNSSEC_SUPPORT: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_SERVER_NO_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS03_UNASSIGNED_FLAG_USED: { args: ['int', 'ns_list'], testcases: ['DNSSEC03'] }, // DNSSEC03
    DS05_ALGO_DEPRECATED: {
      args: ['keytag', 'algo_num', 'algo_descr', 'algo_mnemo', 'ns_list'],
      testcases: ['DNSSEC05'],
    }, // DNSSEC05
    DS05_ALGO_NOT_RECOMMENDED: {
      args: ['keytag', 'algo_num', 'algo_descr', 'algo_mnemo', 'ns_list'],
      testcases: ['DNSSEC05'],
    }, // DNSSEC05
    DS05_ALGO_NOT_ZONE_SIGN: {
      args: ['keytag', 'algo_num', 'algo_descr', 'algo_mnemo', 'ns_list'],
      testcases: ['DNSSEC05'],
    }, // DNSSEC05
    DS05_ALGO_OK: {
      args: ['keytag', 'algo_num', 'algo_descr', 'algo_mnemo', 'ns_list'],
      testcases: ['DNSSEC05'],
    }, // DNSSEC05
    DS05_ALGO_PRIVATE: { args: ['keytag', 'algo_num', 'ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS05_ALGO_RESERVED: { args: ['keytag', 'algo_num', 'ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS05_ALGO_UNASSIGNED: { args: ['keytag', 'algo_num', 'ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS05_NO_RESPONSE: { args: ['ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS05_SERVER_NO_DNSSEC: { args: ['ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS05_ZONE_NO_DNSSEC: { args: ['ns_list'], testcases: ['DNSSEC05'] }, // DNSSEC05
    DS07_DS_FOR_SIGNED_ZONE: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_DS_ON_PARENT_SERVER: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_INCONSISTENT_DS: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_INCONSISTENT_SIGNED: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NON_AUTH_RESPONSE_DNSKEY: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NOT_SIGNED: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NOT_SIGNED_ON_SERVER: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NO_DS_FOR_SIGNED_ZONE: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NO_DS_ON_PARENT_SERVER: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_NO_RESPONSE_DNSKEY: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_SIGNED: { args: [], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_SIGNED_ON_SERVER: { args: ['ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS07_UNEXP_RCODE_RESP_DNSKEY: { args: ['rcode', 'ns_list'], testcases: ['DNSSEC07'] }, // DNSSEC07
    DS08_ALGO_NOT_SUPPORTED_BY_ZM: {
      args: ['keytag', 'algo_num', 'algo_mnemo', 'ns_ip_list'],
      testcases: ['DNSSEC08'],
    }, // DNSSEC08
    DS08_DNSKEY_RRSIG_EXPIRED: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC08'] }, // DNSSEC08
    DS08_DNSKEY_RRSIG_NOT_YET_VALID: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC08'] }, // DNSSEC08
    DS08_MISSING_RRSIG_IN_RESPONSE: { args: ['ns_ip_list'], testcases: ['DNSSEC08'] }, // DNSSEC08
    DS08_NO_MATCHING_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC08'] }, // DNSSEC08
    DS08_RRSIG_NOT_VALID_BY_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC08'] }, // DNSSEC08
    DS09_ALGO_NOT_SUPPORTED_BY_ZM: {
      args: ['keytag', 'algo_num', 'algo_mnemo', 'ns_ip_list'],
      testcases: ['DNSSEC09'],
    }, // DNSSEC09
    DS09_MISSING_RRSIG_IN_RESPONSE: { args: ['ns_ip_list'], testcases: ['DNSSEC09'] }, // DNSSEC09
    DS09_NO_MATCHING_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC09'] }, // DNSSEC09
    DS09_RRSIG_NOT_VALID_BY_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC09'] }, // DNSSEC09
    DS09_SOA_RRSIG_EXPIRED: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC09'] }, // DNSSEC09
    DS09_SOA_RRSIG_NOT_YET_VALID: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC09'] }, // DNSSEC09
    DS10_ALGO_NOT_SUPPORTED_BY_ZM: {
      args: ['keytag', 'algo_num', 'algo_mnemo', 'ns_ip_list'],
      testcases: ['DNSSEC10'],
    }, // DNSSEC10
    DS10_ERR_MULT_NSEC: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_ERR_MULT_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_ERR_MULT_NSEC3PARAM: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_EXPECTED_NSEC_NSEC3_MISSING: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_HAS_NSEC: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_HAS_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_INCONSISTENT_NSEC: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_INCONSISTENT_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_INCONSISTENT_NSEC_NSEC3: { args: ['ns_list_nsec', 'ns_list_nsec3'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_MIXED_NSEC_NSEC3: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3PARAM_GIVES_ERR_ANSWER: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3PARAM_MISMATCHES_APEX: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3PARAM_QUERY_RESPONSE_ERR: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_ERR_TYPE_LIST: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_MISMATCHES_APEX: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_MISSING_SIGNATURE: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_NODATA_MISSING_SOA: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_NODATA_WRONG_SOA: { args: ['domain', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_NO_VERIFIED_SIGNATURE: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_RRSIG_EXPIRED: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_RRSIG_NOT_YET_VALID: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_RRSIG_NO_DNSKEY: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC3_RRSIG_VERIFY_ERROR: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_ERR_TYPE_LIST: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_GIVES_ERR_ANSWER: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_MISMATCHES_APEX: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_MISSING_SIGNATURE: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_NODATA_MISSING_SOA: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_NODATA_WRONG_SOA: { args: ['domain', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_NO_VERIFIED_SIGNATURE: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_QUERY_RESPONSE_ERR: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_RRSIG_EXPIRED: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_RRSIG_NOT_YET_VALID: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_RRSIG_NO_DNSKEY: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_NSEC_RRSIG_VERIFY_ERROR: { args: ['keytag', 'ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_SERVER_NO_DNSSEC: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS10_ZONE_NO_DNSSEC: { args: ['ns_list'], testcases: ['DNSSEC10'] }, // DNSSEC10
    DS11_DS_BUT_UNSIGNED_ZONE: { args: [], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_INCONSISTENT_DS: { args: [], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_INCONSISTENT_SIGNED_ZONE: { args: [], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_NS_WITH_SIGNED_ZONE: { args: ['ns_ip_list'], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_NS_WITH_UNSIGNED_ZONE: { args: ['ns_ip_list'], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_PARENT_WITHOUT_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_PARENT_WITH_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_UNDETERMINED_DS: { args: [], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS11_UNDETERMINED_SIGNED_ZONE: { args: [], testcases: ['DNSSEC11'] }, // DNSSEC11
    DS13_ALGO_NOT_SIGNED_DNSKEY: { args: ['algo_num', 'algo_mnemo', 'ns_ip_list'], testcases: ['DNSSEC13'] }, // DNSSEC13
    DS13_ALGO_NOT_SIGNED_NS: { args: ['algo_num', 'algo_mnemo', 'ns_ip_list'], testcases: ['DNSSEC13'] }, // DNSSEC13
    DS13_ALGO_NOT_SIGNED_SOA: { args: ['algo_num', 'algo_mnemo', 'ns_ip_list'], testcases: ['DNSSEC13'] }, // DNSSEC13
    DS15_HAS_CDNSKEY_NO_CDS: { args: ['ns_ip_list'], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_HAS_CDS_AND_CDNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_HAS_CDS_NO_CDNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_INCONSISTENT_CDNSKEY: { args: [], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_INCONSISTENT_CDS: { args: [], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_MISMATCH_CDS_CDNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS15_NO_CDS_CDNSKEY: { args: [], testcases: ['DNSSEC15'] }, // DNSSEC15
    DS16_CDS_INVALID_RRSIG: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_MATCHES_NON_SEP_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_MATCHES_NON_ZONE_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_MATCHES_NO_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_NOT_SIGNED_BY_CDS: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_SIGNED_BY_UNKNOWN_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_UNSIGNED: { args: ['ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_CDS_WITHOUT_DNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_DELETE_CDS: { args: ['ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_DNSKEY_NOT_SIGNED_BY_CDS: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS16_MIXED_DELETE_CDS: { args: ['ns_ip_list'], testcases: ['DNSSEC16'] }, // DNSSEC16
    DS17_CDNSKEY_INVALID_RRSIG: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_IS_NON_SEP: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_IS_NON_ZONE: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_MATCHES_NO_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_SIGNED_BY_UNKNOWN_DNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_UNSIGNED: { args: ['ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_CDNSKEY_WITHOUT_DNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_DELETE_CDNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY: { args: ['keytag', 'ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS17_MIXED_DELETE_CDNSKEY: { args: ['ns_ip_list'], testcases: ['DNSSEC17'] }, // DNSSEC17
    DS18_NO_MATCH_CDNSKEY_RRSIG_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC18'] }, // DNSSEC18
    DS18_NO_MATCH_CDS_RRSIG_DS: { args: ['ns_ip_list'], testcases: ['DNSSEC18'] }, // DNSSEC18
    DURATION_LONG: { args: ['keytag', 'types', 'duration'], testcases: ['DNSSEC04'] }, // DNSSEC04
    DURATION_OK: { args: ['keytag', 'types', 'duration'], testcases: ['DNSSEC04'] }, // DNSSEC04
    EXTRA_PROCESSING_BROKEN: { args: ['server', 'keys', 'sigs'], testcases: ['DNSSEC06'] }, // DNSSEC06
    EXTRA_PROCESSING_OK: { args: ['server', 'keys', 'sigs'], testcases: ['DNSSEC06'] }, // DNSSEC06
    HAS_NSEC3_OPTOUT: { args: [], testcases: [] }, // DNSSEC module; in no test case metadata of the reference
    INVALID_NAME_RCODE: { args: [], testcases: [] }, // DNSSEC module; in no test case metadata of the reference
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: ['DNSSEC14'] }, // DNSSEC14
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: ['DNSSEC14'] }, // DNSSEC14
    KEY_SIZE_OK: { args: [], testcases: ['DNSSEC14'] }, // DNSSEC14
    NO_RESPONSE: { args: ['ns'], testcases: ['DNSSEC14'] }, // DNSSEC14
    NO_RESPONSE_DNSKEY: { args: ['ns'], testcases: ['DNSSEC14'] }, // DNSSEC14
    REMAINING_LONG: { args: ['keytag', 'types', 'duration'], testcases: ['DNSSEC04'] }, // DNSSEC04
    REMAINING_SHORT: { args: ['keytag', 'types', 'duration'], testcases: ['DNSSEC04'] }, // DNSSEC04
    RRSIG_EXPIRATION: { args: ['keytag', 'types', 'date'], testcases: ['DNSSEC04'] }, // DNSSEC04
    RRSIG_EXPIRED: { args: ['keytag', 'types', 'expiration'], testcases: ['DNSSEC04'] }, // DNSSEC04
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'DNSSEC01',
        'DNSSEC02',
        'DNSSEC03',
        'DNSSEC04',
        'DNSSEC05',
        'DNSSEC06',
        'DNSSEC07',
        'DNSSEC08',
        'DNSSEC09',
        'DNSSEC10',
        'DNSSEC11',
        'DNSSEC13',
        'DNSSEC14',
        'DNSSEC15',
        'DNSSEC16',
        'DNSSEC17',
        'DNSSEC18',
      ],
    }, // DNSSEC01, DNSSEC02, DNSSEC03, DNSSEC04, DNSSEC05, DNSSEC06, DNSSEC07, DNSSEC08, DNSSEC09, DNSSEC10, DNSSEC11, DNSSEC13, DNSSEC14, DNSSEC15, DNSSEC16, DNSSEC17, DNSSEC18
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'DNSSEC01',
        'DNSSEC02',
        'DNSSEC03',
        'DNSSEC04',
        'DNSSEC05',
        'DNSSEC06',
        'DNSSEC07',
        'DNSSEC08',
        'DNSSEC09',
        'DNSSEC10',
        'DNSSEC11',
        'DNSSEC13',
        'DNSSEC14',
        'DNSSEC15',
        'DNSSEC16',
        'DNSSEC17',
        'DNSSEC18',
      ],
    }, // DNSSEC01, DNSSEC02, DNSSEC03, DNSSEC04, DNSSEC05, DNSSEC06, DNSSEC07, DNSSEC08, DNSSEC09, DNSSEC10, DNSSEC11, DNSSEC13, DNSSEC14, DNSSEC15, DNSSEC16, DNSSEC17, DNSSEC18
  },
  NAMESERVER: {
    AAAA_BAD_RDATA: { args: ['ns', 'length'], testcases: ['Nameserver05'] }, // Nameserver05
    AAAA_QUERY_DROPPED: { args: ['ns'], testcases: ['Nameserver05'] }, // Nameserver05
    AAAA_UNEXPECTED_RCODE: { args: ['ns', 'rcode'], testcases: ['Nameserver05'] }, // Nameserver05
    AAAA_WELL_PROCESSED: { args: ['ns_list'], testcases: ['Nameserver05'] }, // Nameserver05
    AXFR_AVAILABLE: { args: ['ns'], testcases: ['Nameserver03'] }, // Nameserver03
    AXFR_FAILURE: { args: ['ns'], testcases: ['Nameserver03'] }, // Nameserver03
    A_UNEXPECTED_RCODE: { args: ['ns', 'rcode'], testcases: ['Nameserver05'] }, // Nameserver05
    BREAKS_ON_EDNS: { args: ['ns', 'domain'], testcases: ['Nameserver02'] }, // Nameserver02
    CAN_BE_RESOLVED: { args: [], testcases: ['Nameserver06'] }, // Nameserver06
    CAN_NOT_BE_RESOLVED: { args: ['nsname_list'], testcases: ['Nameserver06'] }, // Nameserver06
    CASE_QUERIES_RESULTS_DIFFER: { args: ['type', 'domain'], testcases: ['Nameserver09'] }, // Nameserver09
    CASE_QUERIES_RESULTS_OK: { args: ['type', 'domain'], testcases: ['Nameserver09'] }, // Nameserver09
    CASE_QUERY_DIFFERENT_ANSWER: { args: ['type', 'query1', 'query2', 'ns'], testcases: ['Nameserver09'] }, // Nameserver09
    CASE_QUERY_DIFFERENT_RC: {
      args: ['type', 'query1', 'query2', 'ns', 'rcode1', 'rcode2'],
      testcases: ['Nameserver09'],
    }, // Nameserver09
    CASE_QUERY_NO_ANSWER: { args: ['type', 'domain', 'ns'], testcases: ['Nameserver09'] }, // Nameserver09
    CASE_QUERY_SAME_ANSWER: { args: ['type', 'query1', 'query2', 'ns'], testcases: ['Nameserver09'] }, // Nameserver09
    CASE_QUERY_SAME_RC: { args: ['type', 'query1', 'query2', 'ns', 'rcode'], testcases: ['Nameserver09'] }, // Nameserver09
    DIFFERENT_SOURCE_IP: { args: ['ns', 'source'], testcases: ['Nameserver04'] }, // Nameserver04
    EDNS0_SUPPORT: { args: ['ns_list'], testcases: ['Nameserver02'] }, // Nameserver02
    EDNS_RESPONSE_WITHOUT_EDNS: { args: ['ns', 'domain'], testcases: ['Nameserver02'] }, // Nameserver02
    EDNS_VERSION_ERROR: { args: ['ns', 'domain'], testcases: ['Nameserver02'] }, // Nameserver02
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Nameserver05'] }, // Nameserver05
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: ['Nameserver05'] }, // Nameserver05
    IS_A_RECURSOR: { args: ['ns'], testcases: ['Nameserver01'] }, // Nameserver01
    MISSING_OPT_IN_TRUNCATED: { args: ['ns'], testcases: ['Nameserver13'] }, // Nameserver13
    N10_EDNS_RESPONSE_ERROR: { args: ['ns_ip_list'], testcases: ['Nameserver10'] }, // Nameserver10
    N10_NO_RESPONSE_EDNS1_QUERY: { args: ['ns_ip_list'], testcases: ['Nameserver10'] }, // Nameserver10
    N10_UNEXPECTED_RCODE: { args: ['rcode', 'ns_ip_list'], testcases: ['Nameserver10'] }, // Nameserver10
    N11_NO_EDNS: { args: ['ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N11_NO_RESPONSE: { args: ['ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N11_RETURNS_UNKNOWN_OPTION_CODE: { args: ['ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N11_UNEXPECTED_ANSWER_SECTION: { args: ['ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N11_UNEXPECTED_RCODE: { args: ['rcode', 'ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N11_UNSET_AA: { args: ['ns_ip_list'], testcases: ['Nameserver11'] }, // Nameserver11
    N15_ERROR_ON_VERSION_QUERY: { args: ['query_name', 'ns_list'], testcases: ['Nameserver15'] }, // Nameserver15
    N15_NO_VERSION_REVEALED: { args: ['ns_list'], testcases: ['Nameserver15'] }, // Nameserver15
    N15_SOFTWARE_VERSION: { args: ['query_name', 'string', 'ns_list'], testcases: ['Nameserver15'] }, // Nameserver15
    N15_WRONG_CLASS: { args: ['ns_list'], testcases: ['Nameserver15'] }, // Nameserver15
    NO_EDNS_SUPPORT: { args: ['ns'], testcases: ['Nameserver02', 'Nameserver12', 'Nameserver13'] }, // Nameserver02, Nameserver12, Nameserver13
    NO_RECURSOR: { args: ['ns'], testcases: ['Nameserver01'] }, // Nameserver01
    NO_RESOLUTION: { args: [], testcases: ['Nameserver06'] }, // Nameserver06
    NO_RESPONSE: {
      args: ['ns', 'domain'],
      testcases: ['Nameserver01', 'Nameserver02', 'Nameserver05', 'Nameserver12', 'Nameserver13'],
    }, // Nameserver01, Nameserver02, Nameserver05, Nameserver12, Nameserver13
    NO_UPWARD_REFERRAL: { args: ['nsname_list'], testcases: ['Nameserver07'] }, // Nameserver07
    NS_ERROR: { args: ['ns'], testcases: ['Nameserver02', 'Nameserver12', 'Nameserver13'] }, // Nameserver02, Nameserver12, Nameserver13
    QNAME_CASE_INSENSITIVE: { args: ['ns', 'domain'], testcases: ['Nameserver08'] }, // Nameserver08
    QNAME_CASE_SENSITIVE: { args: ['ns', 'domain'], testcases: ['Nameserver08'] }, // Nameserver08
    QUERY_DROPPED: { args: [], testcases: [] }, // Nameserver module; in no test case metadata of the reference
    SAME_SOURCE_IP: { args: [], testcases: ['Nameserver04'] }, // Nameserver04
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'Nameserver01',
        'Nameserver02',
        'Nameserver03',
        'Nameserver04',
        'Nameserver05',
        'Nameserver06',
        'Nameserver07',
        'Nameserver08',
        'Nameserver09',
        'Nameserver10',
        'Nameserver11',
        'Nameserver12',
        'Nameserver13',
        'Nameserver15',
      ],
    }, // Nameserver01, Nameserver02, Nameserver03, Nameserver04, Nameserver05, Nameserver06, Nameserver07, Nameserver08, Nameserver09, Nameserver10, Nameserver11, Nameserver12, Nameserver13, Nameserver15
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'Nameserver01',
        'Nameserver02',
        'Nameserver03',
        'Nameserver04',
        'Nameserver05',
        'Nameserver06',
        'Nameserver07',
        'Nameserver08',
        'Nameserver09',
        'Nameserver10',
        'Nameserver11',
        'Nameserver12',
        'Nameserver13',
        'Nameserver15',
      ],
    }, // Nameserver01, Nameserver02, Nameserver03, Nameserver04, Nameserver05, Nameserver06, Nameserver07, Nameserver08, Nameserver09, Nameserver10, Nameserver11, Nameserver12, Nameserver13, Nameserver15
    UPWARD_REFERRAL: { args: ['ns'], testcases: ['Nameserver07'] }, // Nameserver07
    UPWARD_REFERRAL_IRRELEVANT: { args: [], testcases: ['Nameserver07'] }, // Nameserver07
    Z_FLAGS_NOTCLEAR: { args: ['ns'], testcases: ['Nameserver12'] }, // Nameserver12
  },
  SYNTAX: {
    DISCOURAGED_DOUBLE_DASH: { args: ['domain', 'label'], testcases: ['Syntax03'] }, // Syntax03
    INITIAL_HYPHEN: { args: ['domain', 'label'], testcases: ['Syntax02'] }, // Syntax02
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // Syntax module; in no test case metadata of the reference
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // Syntax module; in no test case metadata of the reference
    MNAME_DISCOURAGED_DOUBLE_DASH: { args: ['domain', 'label'], testcases: ['Syntax07'] }, // Syntax07
    MNAME_NON_ALLOWED_CHARS: { args: ['domain'], testcases: ['Syntax07'] }, // Syntax07
    MNAME_NUMERIC_TLD: { args: ['domain', 'tld'], testcases: ['Syntax07'] }, // Syntax07
    MNAME_SYNTAX_OK: { args: ['domain'], testcases: ['Syntax07'] }, // Syntax07
    MX_DISCOURAGED_DOUBLE_DASH: { args: ['domain', 'label'], testcases: ['Syntax08'] }, // Syntax08
    MX_NON_ALLOWED_CHARS: { args: ['domain'], testcases: ['Syntax08'] }, // Syntax08
    MX_NUMERIC_TLD: { args: ['domain', 'tld'], testcases: ['Syntax08'] }, // Syntax08
    MX_SYNTAX_OK: { args: ['domain'], testcases: ['Syntax08'] }, // Syntax08
    NAMESERVER_DISCOURAGED_DOUBLE_DASH: { args: ['domain', 'label'], testcases: ['Syntax04'] }, // Syntax04
    NAMESERVER_NON_ALLOWED_CHARS: { args: ['domain'], testcases: ['Syntax04'] }, // Syntax04
    NAMESERVER_NUMERIC_TLD: { args: ['domain', 'tld'], testcases: ['Syntax04'] }, // Syntax04
    NAMESERVER_SYNTAX_OK: { args: ['domain'], testcases: ['Syntax04'] }, // Syntax04
    NON_ALLOWED_CHARS: { args: ['domain'], testcases: ['Syntax01'] }, // Syntax01
    NO_DOUBLE_DASH: { args: ['domain'], testcases: ['Syntax03'] }, // Syntax03
    NO_ENDING_HYPHENS: { args: ['domain'], testcases: ['Syntax02'] }, // Syntax02
    NO_RESPONSE: { args: ['ns', 'domain'], testcases: ['Syntax06'] }, // Syntax06
    NO_RESPONSE_MX_QUERY: { args: [], testcases: ['Syntax08'] }, // Syntax08
    NO_RESPONSE_SOA_QUERY: { args: [], testcases: ['Syntax05', 'Syntax06', 'Syntax07'] }, // Syntax05, Syntax06, Syntax07
    ONLY_ALLOWED_CHARS: { args: ['domain'], testcases: ['Syntax01'] }, // Syntax01
    RNAME_MAIL_DOMAIN_INVALID: { args: ['domain'], testcases: ['Syntax06'] }, // Syntax06
    RNAME_MAIL_DOMAIN_LOCALHOST: { args: ['domain', 'localhost'], testcases: ['Syntax06'] }, // Syntax06
    RNAME_MAIL_ILLEGAL_CNAME: { args: ['domain'], testcases: ['Syntax06'] }, // Syntax06
    RNAME_MISUSED_AT_SIGN: { args: ['rname'], testcases: ['Syntax05'] }, // Syntax05
    RNAME_NO_AT_SIGN: { args: ['rname'], testcases: ['Syntax05'] }, // Syntax05
    RNAME_RFC822_INVALID: { args: ['rname'], testcases: ['Syntax06'] }, // Syntax06
    RNAME_RFC822_VALID: { args: ['rname'], testcases: ['Syntax06'] }, // Syntax06
    TERMINAL_HYPHEN: { args: ['domain', 'label'], testcases: ['Syntax02'] }, // Syntax02
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'Syntax01',
        'Syntax02',
        'Syntax03',
        'Syntax04',
        'Syntax05',
        'Syntax06',
        'Syntax07',
        'Syntax08',
      ],
    }, // Syntax01, Syntax02, Syntax03, Syntax04, Syntax05, Syntax06, Syntax07, Syntax08
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'Syntax01',
        'Syntax02',
        'Syntax03',
        'Syntax04',
        'Syntax05',
        'Syntax06',
        'Syntax07',
        'Syntax08',
      ],
    }, // Syntax01, Syntax02, Syntax03, Syntax04, Syntax05, Syntax06, Syntax07, Syntax08
  },
  ZONE: {
    EXPIRE_LOWER_THAN_REFRESH: { args: ['expire', 'refresh'], testcases: ['Zone05'] }, // Zone05
    EXPIRE_MINIMUM_VALUE_LOWER: { args: ['expire', 'required_expire'], testcases: ['Zone05'] }, // Zone05
    EXPIRE_MINIMUM_VALUE_OK: { args: ['expire', 'required_expire', 'refresh'], testcases: ['Zone05'] }, // Zone05
    IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // Zone module; in no test case metadata of the reference
    IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // Zone module; in no test case metadata of the reference
    MNAME_HAS_NO_ADDRESS: { args: ['mname'], testcases: ['Zone07'] }, // Zone07
    MNAME_IS_CNAME: { args: ['mname'], testcases: ['Zone07'] }, // Zone07
    MNAME_IS_NOT_CNAME: { args: ['mname'], testcases: ['Zone07'] }, // Zone07
    MULTIPLE_SOA: { args: ['ns', 'count'], testcases: ['Zone10'] }, // Zone10
    MX_RECORD_IS_CNAME: { args: [], testcases: ['Zone08'] }, // Zone08
    MX_RECORD_IS_NOT_CNAME: { args: [], testcases: ['Zone08'] }, // Zone08
    NO_RESPONSE: { args: ['ns'], testcases: ['Zone10'] }, // Zone10
    NO_RESPONSE_MX_QUERY: { args: [], testcases: ['Zone08'] }, // Zone08
    NO_RESPONSE_SOA_QUERY: {
      args: [],
      testcases: ['Zone02', 'Zone03', 'Zone04', 'Zone05', 'Zone06', 'Zone07'],
    }, // Zone02, Zone03, Zone04, Zone05, Zone06, Zone07
    NO_SOA_IN_RESPONSE: { args: ['ns'], testcases: ['Zone10'] }, // Zone10
    ONE_SOA: { args: [], testcases: ['Zone10'] }, // Zone10
    REFRESH_HIGHER_THAN_RETRY: { args: ['refresh', 'retry'], testcases: ['Zone03'] }, // Zone03
    REFRESH_LOWER_THAN_RETRY: { args: ['refresh', 'retry'], testcases: ['Zone03'] }, // Zone03
    REFRESH_MINIMUM_VALUE_LOWER: { args: ['refresh', 'required_refresh'], testcases: ['Zone02'] }, // Zone02
    REFRESH_MINIMUM_VALUE_OK: { args: ['refresh', 'required_refresh'], testcases: ['Zone02'] }, // Zone02
    RETRY_MINIMUM_VALUE_LOWER: { args: ['retry', 'required_retry'], testcases: ['Zone04'] }, // Zone04
    RETRY_MINIMUM_VALUE_OK: { args: ['retry', 'required_retry'], testcases: ['Zone04'] }, // Zone04
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER: { args: ['minimum', 'highest_minimum'], testcases: ['Zone06'] }, // Zone06
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER: { args: ['minimum', 'lowest_minimum'], testcases: ['Zone06'] }, // Zone06
    SOA_DEFAULT_TTL_MAXIMUM_VALUE_OK: {
      args: ['minimum', 'lowest_minimum', 'highest_minimum'],
      testcases: ['Zone06'],
    }, // Zone06
    TEST_CASE_END: {
      args: ['testcase'],
      testcases: [
        'Zone01',
        'Zone02',
        'Zone03',
        'Zone04',
        'Zone05',
        'Zone06',
        'Zone07',
        'Zone08',
        'Zone09',
        'Zone10',
        'Zone11',
      ],
    }, // Zone01, Zone02, Zone03, Zone04, Zone05, Zone06, Zone07, Zone08, Zone09, Zone10, Zone11
    TEST_CASE_START: {
      args: ['testcase'],
      testcases: [
        'Zone01',
        'Zone02',
        'Zone03',
        'Zone04',
        'Zone05',
        'Zone06',
        'Zone07',
        'Zone08',
        'Zone09',
        'Zone10',
        'Zone11',
      ],
    }, // Zone01, Zone02, Zone03, Zone04, Zone05, Zone06, Zone07, Zone08, Zone09, Zone10, Zone11
    WRONG_SOA: { args: ['ns', 'owner', 'name'], testcases: ['Zone10'] }, // Zone10
    Z01_MNAME_HAS_LOCALHOST_ADDR: { args: ['nsname', 'ns_ip'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_IS_DOT: { args: ['ns_ip_list'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_IS_LOCALHOST: { args: ['ns_ip_list'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_IS_MASTER: { args: ['ns_list'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_MISSING_SOA_RECORD: { args: ['ns'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_NOT_AUTHORITATIVE: { args: ['ns'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_NOT_IN_NS_LIST: { args: ['nsname'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_NOT_MASTER: { args: ['ns_list', 'soaserial', 'soaserial_list'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_NOT_RESOLVE: { args: ['nsname'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_NO_RESPONSE: { args: ['ns'], testcases: ['Zone01'] }, // Zone01
    Z01_MNAME_UNEXPECTED_RCODE: { args: ['ns', 'rcode'], testcases: ['Zone01'] }, // Zone01
    Z09_INCONSISTENT_MX: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_INCONSISTENT_MX_DATA: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_MISSING_MAIL_TARGET: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_MX_DATA: { args: ['mailtarget_list', 'ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z09_MX_FOUND: { args: ['ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z09_NON_AUTH_MX_RESPONSE: { args: ['ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z09_NO_MX_FOUND: { args: ['ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z09_NO_RESPONSE_MX_QUERY: { args: ['ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z09_NULL_MX_NON_ZERO_PREF: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_NULL_MX_WITH_OTHER_MX: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_ROOT_EMAIL_DOMAIN: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_TLD_EMAIL_DOMAIN: { args: [], testcases: ['Zone09'] }, // Zone09
    Z09_UNEXPECTED_RCODE_MX: { args: ['rcode', 'ns_ip_list'], testcases: ['Zone09'] }, // Zone09
    Z11_DIFFERENT_SPF_POLICIES_FOUND: { args: ['ns_list'], testcases: ['Zone11'] }, // Zone11
    Z11_INCONSISTENT_SPF_POLICIES: { args: [], testcases: ['Zone11'] }, // Zone11
    Z11_NON_NULL_SPF_NON_MAIL_DOMAIN: { args: ['domain'], testcases: ['Zone11'] }, // Zone11
    Z11_NO_SPF_FOUND: { args: ['domain'], testcases: ['Zone11'] }, // Zone11
    Z11_NO_SPF_NON_MAIL_DOMAIN: { args: ['domain'], testcases: ['Zone11'] }, // Zone11
    Z11_NULL_SPF_NON_MAIL_DOMAIN: { args: ['domain'], testcases: ['Zone11'] }, // Zone11
    Z11_SPF_MULTIPLE_RECORDS: { args: ['ns_list'], testcases: ['Zone11'] }, // Zone11
    Z11_SPF_SYNTAX_ERROR: { args: ['domain', 'ns_list'], testcases: ['Zone11'] }, // Zone11
    Z11_SPF_SYNTAX_OK: { args: ['domain'], testcases: ['Zone11'] }, // Zone11
    Z11_UNABLE_TO_CHECK_FOR_SPF: { args: [], testcases: ['Zone11'] }, // Zone11
  },
  SYSTEM: {
    ASN_LOOKUP_SOURCE: { args: ['name'], testcases: [] }, // engine internals
    BLACKLISTING: { args: ['ns', 'proto'], testcases: [] }, // engine internals
    CACHED_RETURN: { args: ['packet'], testcases: [] }, // engine internals
    CACHE_CREATED: { args: ['ip'], testcases: [] }, // engine internals
    CACHE_FETCHED: { args: ['ip'], testcases: [] }, // engine internals
    CANNOT_CONTINUE: { args: ['domain'], testcases: [] }, // engine internals
    CNAME_CHAIN_TOO_LONG: { args: ['count', 'max'], testcases: [] }, // engine internals
    CNAME_FOLLOWED_IN_ZONE: { args: ['name', 'type', 'target'], testcases: [] }, // engine internals
    CNAME_FOLLOWED_OUT_OF_ZONE: { args: ['name', 'target'], testcases: [] }, // engine internals
    CNAME_LOOP_INNER: { args: ['name', 'target'], testcases: [] }, // engine internals
    CNAME_LOOP_OUTER: { args: ['name', 'target', 'targets_seen'], testcases: [] }, // engine internals
    CNAME_NO_MATCH: { args: ['name', 'type', 'target', 'owner_names'], testcases: [] }, // engine internals
    CNAME_RECORDS_CHAIN_BROKEN: { args: ['name', 'cname_rrs', 'cname_counter'], testcases: [] }, // engine internals
    CNAME_RECORDS_DUPLICATES: { args: ['records'], testcases: [] }, // engine internals
    CNAME_RECORDS_MULTIPLE_FOR_NAME: { args: ['name'], testcases: [] }, // engine internals
    CNAME_RECORDS_TOO_MANY: { args: ['name', 'count', 'max'], testcases: [] }, // engine internals
    CNAME_START: { args: ['name', 'type', 'dns_class'], testcases: [] }, // engine internals
    DEPENDENCY_VERSION: { args: ['name', 'version'], testcases: [] }, // engine internals
    EMPTY_RETURN: { args: [], testcases: [] }, // engine internals
    EXTERNAL_RESPONSE: { args: ['packet'], testcases: [] }, // engine internals
    FAKE_DELEGATION_ADDED: { args: ['ns', 'domain', 'data'], testcases: [] }, // engine internals
    FAKE_DELEGATION_IN_ZONE_NO_IP: { args: ['domain', 'nsname'], testcases: [] }, // engine internals
    FAKE_DELEGATION_NO_IP: { args: ['domain', 'nsname'], testcases: [] }, // engine internals
    FAKE_DELEGATION_RETURNED: { args: ['name', 'type', 'class', 'from'], testcases: [] }, // engine internals
    FAKE_DELEGATION_TO_SELF: { args: ['ns', 'domain'], testcases: [] }, // engine internals
    FAKE_DS_ADDED: { args: ['domain', 'data', 'ns'], testcases: [] }, // engine internals
    FAKE_DS_RETURNED: { args: ['name', 'type', 'class', 'from'], testcases: [] }, // engine internals
    FAKE_PACKET_RETURNED: { args: ['packet'], testcases: [] }, // engine internals
    GLOBAL_VERSION: { args: ['version'], testcases: [] }, // engine internals
    IPV4_BLOCKED: { args: ['ns'], testcases: [] }, // engine internals
    IPV6_BLOCKED: { args: ['ns'], testcases: [] }, // engine internals
    IS_BLACKLISTED: {
      args: ['message', 'ns', 'name', 'type', 'class', 'proto', 'dnssec', 'edns_size'],
      testcases: [],
    }, // engine internals
    IS_REDIRECT: { args: ['name', 'type', 'to'], testcases: [] }, // engine internals
    LOGGER_CALLBACK_ERROR: { args: ['exception'], testcases: [] }, // engine internals
    LOOKUP_ERROR: { args: ['ns', 'domain', 'type', 'class', 'message'], testcases: [] }, // engine internals
    LOOP_PROTECTION: {
      args: ['caller', 'child_zone_name', 'name', 'intermediate_query_name'],
      testcases: [],
    }, // engine internals
    MODULE_END: { args: ['module'], testcases: [] }, // engine internals
    MODULE_ERROR: { args: ['module', 'msg'], testcases: [] }, // engine internals
    MODULE_VERSION: { args: ['module', 'version'], testcases: [] }, // engine internals
    NETWORK_UNREACHABLE: { args: ['servers'], testcases: [] }, // no root server (nor given server) answered
    NO_NETWORK: { args: [], testcases: [] }, // engine internals
    NO_SUCH_NAME: { args: ['name', 'type'], testcases: [] }, // engine internals
    NO_SUCH_RECORD: { args: ['name', 'type'], testcases: [] }, // engine internals
    NS_CREATED: { args: ['name', 'ip'], testcases: [] }, // engine internals
    PACKET_BIG: { args: ['size', 'command'], testcases: [] }, // engine internals
    QUERY: { args: ['name', 'type', 'flags', 'ip'], testcases: [] }, // engine internals
    RECORDING_MISS: { args: ['ns', 'name', 'type'], testcases: [] }, // replay: a query the recording lacks
    RECURSE: { args: ['name', 'type', 'class'], testcases: [] }, // engine internals
    RECURSE_QUERY: { args: ['source', 'ns', 'address', 'name', 'type', 'class'], testcases: [] }, // engine internals
    RESTORED_NS_CACHE: { args: ['file'], testcases: [] }, // engine internals
    SAVED_NS_CACHE: { args: ['file'], testcases: [] }, // engine internals
    SKIP_IPV4_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // engine internals
    SKIP_IPV6_DISABLED: { args: ['rrtype', 'ns'], testcases: [] }, // engine internals
    START_TIME: { args: ['time_t', 'string'], testcases: [] }, // engine internals
    TEST_TARGET: { args: ['zone', 'module', 'testcase'], testcases: [] }, // engine internals
    UNKNOWN_METHOD: { args: ['testcase', 'module'], testcases: [] }, // engine internals
    UNKNOWN_MODULE: { args: ['testcase', 'module', 'module_list'], testcases: [] }, // engine internals
  },
  BACKEND: {
    TEST_DIED: { args: [], testcases: [] }, // backend: the test process died
    UNABLE_TO_FINISH_TEST: { args: ['max_execution_time'], testcases: [] }, // backend: time limit reached
  },
};

/** Argument names of a tag, or undefined for an unknown tag. */
export function tagArguments(module: string, tag: string): readonly string[] | undefined {
  return TAGS[module]?.[tag]?.args;
}
