/** Consistency module: the name servers agree on SOA, NS and addresses. Test cases in run order. */
import { consistency01 } from './consistency01.js';
import { consistency02 } from './consistency02.js';
import { consistency03 } from './consistency03.js';
import { consistency04 } from './consistency04.js';
import { consistency05 } from './consistency05.js';
import { consistency06 } from './consistency06.js';
import { testModule } from '../test-case.js';

export const consistencyModule = testModule({
  name: 'CONSISTENCY',
  displayName: 'Consistency',
  version: 'v1.1.16',
  testCases: [consistency01, consistency02, consistency03, consistency04, consistency05, consistency06],
  tags: {},
});
