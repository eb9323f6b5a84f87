/**
 * Zone module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Zone-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const zoneModule: ModuleDefinition = {
  name: 'ZONE',
  displayName: 'Zone',
  version: 'v0.0.0',
  testCases: [],
};
