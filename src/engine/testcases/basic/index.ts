/** Basic module: Basic01 (parent and zone), Basic02 (a working name server), Basic03 (only when Basic02 failed). Test cases in run order. */
import { displayName } from '../../dns/name.js';
import { basic01 } from './basic01.js';
import { basic02 } from './basic02.js';
import { basic03 } from './basic03.js';
import { testModule } from '../test-case.js';

export const basicModule = testModule({
  name: 'BASIC',
  displayName: 'Basic',
  version: 'v1.0.19',
  testCases: [basic01, basic02, basic03],
  tags: {
    HAS_NAMESERVER_NO_WWW_A_TEST: 'zname',
    // Known to the profile and the catalogues; the reference's metadata gives them to no test case.
    DOMAIN_NAME_LABEL_TOO_LONG: 'domain label dlength max',
    DOMAIN_NAME_TOO_LONG: 'fqdnlength max',
    DOMAIN_NAME_ZERO_LENGTH_LABEL: 'domain',
  },
  /** Basic01 without a child stops the module; Basic03 only when Basic02 found no working name server. */
  async run(m) {
    if (m.isSelected(basic01)) {
      const tags = await m.runCase(basic01);
      if (!tags.has('B01_CHILD_FOUND')) return !m.isSelected(basic02);
    }
    let basic02Tags = new Set<string>();
    if (m.isSelected(basic02)) basic02Tags = await m.runCase(basic02);
    const working = basic02Tags.has('B02_AUTH_RESPONSE_SOA');
    if (m.isSelected(basic03)) {
      if (working) m.emitUnspecified('HAS_NAMESERVER_NO_WWW_A_TEST', { zname: displayName(m.ctx.zone.name) });
      else await m.runCase(basic03);
    }
    // can_continue: a delegation and an authoritative SOA answer, when Basic02 runs at all
    if (!m.isSelected(basic02)) return true;
    return !basic02Tags.has('B02_NO_DELEGATION') && working;
  },
});
