/**
 * Nameserver module. Specifications: zonemaster/zonemaster docs/public/specifications/tests/Nameserver-TP/.
 */
import type { ModuleDefinition } from './context.js';

export const nameserverModule: ModuleDefinition = {
  name: 'NAMESERVER',
  displayName: 'Nameserver',
  version: 'v0.0.0',
  testCases: [],
};
