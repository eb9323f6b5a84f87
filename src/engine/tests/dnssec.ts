/**
 * DNSSEC module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/DNSSEC-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const dnssecModule: ModuleDefinition = {
  name: 'DNSSEC',
  displayName: 'DNSSEC',
  version: 'v0.0.0',
  testCases: [],
};
