/**
 * Consistency module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Consistency-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const consistencyModule: ModuleDefinition = {
  name: 'CONSISTENCY',
  displayName: 'Consistency',
  version: 'v0.0.0',
  testCases: [],
};
