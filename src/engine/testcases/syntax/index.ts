/** Syntax module: syntax of names, the SOA RNAME and MNAME, MX names. Test cases in run order. */
import { syntax01 } from './syntax01.js';
import { syntax02 } from './syntax02.js';
import { syntax03 } from './syntax03.js';
import { syntax04 } from './syntax04.js';
import { syntax05 } from './syntax05.js';
import { syntax06 } from './syntax06.js';
import { syntax07 } from './syntax07.js';
import { syntax08 } from './syntax08.js';
import { testModule } from '../test-case.js';

export const syntaxModule = testModule({
  name: 'SYNTAX',
  displayName: 'Syntax',
  version: 'v1.0.10',
  testCases: [syntax01, syntax02, syntax03, syntax04, syntax05, syntax06, syntax07, syntax08],
  tags: {},
});
