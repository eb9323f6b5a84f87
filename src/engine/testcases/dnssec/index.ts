/** DNSSEC module: DS, DNSKEY, signatures, NSEC/NSEC3, CDS/CDNSKEY. Test cases in run order. */
import { dnssec01 } from './dnssec01.js';
import { dnssec02 } from './dnssec02.js';
import { dnssec03 } from './dnssec03.js';
import { dnssec04 } from './dnssec04.js';
import { dnssec05 } from './dnssec05.js';
import { dnssec06 } from './dnssec06.js';
import { dnssec07 } from './dnssec07.js';
import { dnssec08 } from './dnssec08.js';
import { dnssec09 } from './dnssec09.js';
import { dnssec10 } from './dnssec10.js';
import { dnssec11 } from './dnssec11.js';
import { dnssec13 } from './dnssec13.js';
import { dnssec14 } from './dnssec14.js';
import { dnssec15 } from './dnssec15.js';
import { dnssec16 } from './dnssec16.js';
import { dnssec17 } from './dnssec17.js';
import { dnssec18 } from './dnssec18.js';
import { testModule } from '../test-case.js';

const RUN_ORDER = [
  dnssec07,
  dnssec11,
  dnssec01,
  dnssec02,
  dnssec03,
  dnssec04,
  dnssec05,
  dnssec06,
  dnssec08,
  dnssec09,
  dnssec10,
  dnssec13,
  dnssec14,
  dnssec15,
  dnssec16,
  dnssec17,
  dnssec18,
];

export const dnssecModule = testModule({
  name: 'DNSSEC',
  displayName: 'DNSSEC',
  version: 'v1.0.0',
  testCases: [...RUN_ORDER].sort((a, b) => a.id.localeCompare(b.id)),
  // Known to the profile and the catalogues; the reference's metadata gives them to no test case.
  tags: { HAS_NSEC3_OPTOUT: '', INVALID_NAME_RCODE: '' },
  /** DNSSEC07 first: on an unsigned zone only DNSSEC11 follows it. */
  async run(m) {
    let unsigned = false;
    for (const tc of RUN_ORDER) {
      if (m.ctx.signal.aborted) break;
      if (unsigned && tc !== dnssec11) continue;
      if (!m.isSelected(tc)) continue;
      const tags = await m.runCase(tc);
      if (tc === dnssec07 && tags.has('DS07_NOT_SIGNED')) unsigned = true;
    }
    return true;
  },
});
