/**
 * Test modules in run order (share/modules.txt of the reference engine) and their test cases. A module not
 * implemented yet is listed with no test cases; add its test cases in its own file and list it here.
 */
import { basicModule } from './basic.js';
import type { ModuleDefinition, TestCaseDefinition } from './context.js';

function pending(name: string, displayName: string): ModuleDefinition {
  return { name, displayName, version: 'v0.0.0', testCases: [] };
}

export const MODULES: readonly ModuleDefinition[] = [
  basicModule,
  pending('ADDRESS', 'Address'),
  pending('CONNECTIVITY', 'Connectivity'),
  pending('CONSISTENCY', 'Consistency'),
  pending('DELEGATION', 'Delegation'),
  pending('DNSSEC', 'DNSSEC'),
  pending('NAMESERVER', 'Nameserver'),
  pending('SYNTAX', 'Syntax'),
  pending('ZONE', 'Zone'),
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
