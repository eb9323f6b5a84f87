/** Connectivity module: UDP and TCP reachability, AS and prefix diversity. Test cases in run order. */
import { connectivity01 } from './connectivity01.js';
import { connectivity02 } from './connectivity02.js';
import { connectivity03 } from './connectivity03.js';
import { connectivity04 } from './connectivity04.js';
import { testModule } from '../test-case.js';

export const connectivityModule = testModule({
  name: 'CONNECTIVITY',
  displayName: 'Connectivity',
  version: 'v1.1.0',
  testCases: [connectivity01, connectivity02, connectivity03, connectivity04],
  // Known to the profile and the catalogues; the reference's metadata gives them to no test case.
  tags: {
    IPV4_ASN: 'asn',
    IPV6_ASN: 'asn',
    NAMESERVER_HAS_TCP_53: 'ns address',
    NAMESERVER_HAS_UDP_53: 'ns address',
    NAMESERVER_NO_TCP_53: 'ns address',
    NAMESERVER_NO_UDP_53: 'ns address',
  },
});
