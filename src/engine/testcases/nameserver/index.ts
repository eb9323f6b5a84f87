/** Nameserver module: name server behaviour (recursion, EDNS, AXFR, case, version). Test cases in run order. */
import { nameserver01 } from './nameserver01.js';
import { nameserver02 } from './nameserver02.js';
import { nameserver03 } from './nameserver03.js';
import { nameserver04 } from './nameserver04.js';
import { nameserver05 } from './nameserver05.js';
import { nameserver06 } from './nameserver06.js';
import { nameserver07 } from './nameserver07.js';
import { nameserver08 } from './nameserver08.js';
import { nameserver09 } from './nameserver09.js';
import { nameserver10 } from './nameserver10.js';
import { nameserver11 } from './nameserver11.js';
import { nameserver12 } from './nameserver12.js';
import { nameserver13 } from './nameserver13.js';
import { nameserver15 } from './nameserver15.js';
import { testModule } from '../test-case.js';

export const nameserverModule = testModule({
  name: 'NAMESERVER',
  displayName: 'Nameserver',
  version: 'v1.1.0',
  testCases: [
    nameserver01,
    nameserver02,
    nameserver03,
    nameserver04,
    nameserver05,
    nameserver06,
    nameserver07,
    nameserver08,
    nameserver09,
    nameserver10,
    nameserver11,
    nameserver12,
    nameserver13,
    nameserver15,
  ],
  // Known to the profile and the catalogues; the reference's metadata gives them to no test case.
  tags: { QUERY_DROPPED: '' },
});
