/**
 * The test modules in run order (share/modules.txt of the reference engine) and the lookups on them; each
 * module's folder holds one file per test case.
 */
import { basicModule } from './basic/index.js';
import { addressModule } from './address/index.js';
import { connectivityModule } from './connectivity/index.js';
import { consistencyModule } from './consistency/index.js';
import { delegationModule } from './delegation/index.js';
import { dnssecModule } from './dnssec/index.js';
import { nameserverModule } from './nameserver/index.js';
import { syntaxModule } from './syntax/index.js';
import { zoneModule } from './zone/index.js';
import type { ModuleDefinition, TestCaseDefinition } from './test-case.js';

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
