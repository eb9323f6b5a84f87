/**
 * Address module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Address-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const addressModule: ModuleDefinition = {
  name: 'ADDRESS',
  displayName: 'Address',
  version: 'v0.0.0',
  testCases: [],
};
