/** Zone module: SOA values, MX, SPF. Test cases in run order. */
import { zone01 } from './zone01.js';
import { zone02 } from './zone02.js';
import { zone03 } from './zone03.js';
import { zone04 } from './zone04.js';
import { zone05 } from './zone05.js';
import { zone06 } from './zone06.js';
import { zone07 } from './zone07.js';
import { zone08 } from './zone08.js';
import { zone09 } from './zone09.js';
import { zone10 } from './zone10.js';
import { zone11 } from './zone11.js';
import { testModule } from '../test-case.js';

export const zoneModule = testModule({
  name: 'ZONE',
  displayName: 'Zone',
  version: 'v1.0.14',
  testCases: [zone01, zone02, zone03, zone04, zone05, zone06, zone07, zone08, zone09, zone10, zone11],
  tags: {},
});
