/**
 * Syntax module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Syntax-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const syntaxModule: ModuleDefinition = {
  name: 'SYNTAX',
  displayName: 'Syntax',
  version: 'v0.0.0',
  testCases: [],
};
