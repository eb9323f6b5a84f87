/**
 * Connectivity module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Connectivity-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const connectivityModule: ModuleDefinition = {
  name: 'CONNECTIVITY',
  displayName: 'Connectivity',
  version: 'v0.0.0',
  testCases: [],
};
