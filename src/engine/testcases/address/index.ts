/** Address module: special-purpose addresses and reverse DNS of the name servers. Test cases in run order. */
import { address01 } from './address01.js';
import { address02 } from './address02.js';
import { address03 } from './address03.js';
import { testModule } from '../test-case.js';

export const addressModule = testModule({
  name: 'ADDRESS',
  displayName: 'Address',
  version: 'v1.0.8',
  testCases: [address01, address02, address03],
  tags: {},
  /** Address03 builds on Address02 (intercase dependency): it runs when Address02 passed or did not run. */
  async run(m) {
    if (m.isSelected(address01)) await m.runCase(address01);
    let withReverse = true;
    if (m.isSelected(address02))
      withReverse = (await m.runCase(address02)).has('NAMESERVERS_IP_WITH_REVERSE');
    if (withReverse && m.isSelected(address03)) await m.runCase(address03);
    return true;
  },
});
