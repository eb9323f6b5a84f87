/** Delegation module: the delegation and its name servers. Test cases in run order. */
import { delegation01 } from './delegation01.js';
import { delegation02 } from './delegation02.js';
import { delegation03 } from './delegation03.js';
import { delegation04 } from './delegation04.js';
import { delegation05 } from './delegation05.js';
import { delegation06 } from './delegation06.js';
import { delegation07 } from './delegation07.js';
import { testModule } from '../test-case.js';

export const delegationModule = testModule({
  name: 'DELEGATION',
  displayName: 'Delegation',
  version: 'v1.0.20',
  testCases: [
    delegation01,
    delegation02,
    delegation03,
    delegation04,
    delegation05,
    delegation06,
    delegation07,
  ],
  tags: {},
});
