/**
 * Test modules in run order (share/modules.txt of the reference engine) and their test cases. A module not
 * implemented yet has no test cases; each module lives in its own file.
 */
import { basicModule } from './basic.js';
import { addressModule } from './address.js';
import { connectivityModule } from './connectivity.js';
import { consistencyModule } from './consistency.js';
import { delegationModule } from './delegation.js';
import { dnssecModule } from './dnssec.js';
import { nameserverModule } from './nameserver.js';
import { syntaxModule } from './syntax.js';
import { zoneModule } from './zone.js';
import type { ModuleDefinition, TestCaseDefinition } from './context.js';

export const MODULES: readonly ModuleDefinition[] = [
  basicModule,
  addressModule,
  connectivityModule,
  consistencyModule,
  delegationModule,
  dnssecModule,
  nameserverModule,
  syntaxModule,
  zoneModule,
];

export function findModule(name: string): ModuleDefinition | undefined {
  const upper = name.toUpperCase();
  return MODULES.find((m) => m.name === upper);
}

export function allTestCases(): TestCaseDefinition[] {
  return MODULES.flatMap((m) => [...m.testCases]);
}

export function findTestCase(id: string): TestCaseDefinition | undefined {
  const lower = id.toLowerCase();
  return allTestCases().find((t) => t.id === lower);
}
