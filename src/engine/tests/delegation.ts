/**
 * Delegation module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Delegation-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const delegationModule: ModuleDefinition = {
  name: 'DELEGATION',
  displayName: 'Delegation',
  version: 'v0.0.0',
  testCases: [],
};
