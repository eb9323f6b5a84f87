/** Public entry of the engine library. */
export { runTest, selection, ENGINE_VERSION, DEFAULT_HINTS_FILE } from './run.js';
export { lookupAddresses, lookupDelegation } from './lookup.js';
export type { LookupOptions } from './lookup.js';
export { normalizeName } from './normalize.js';
export type { NormalizeResult, NormalizationError } from './normalize.js';
export { Translator } from './translator.js';
export { defaultProfile, mergeProfile, loadProfileFile, levelFor, isTestCaseEnabled } from './profile.js';
export type { Profile } from './profile.js';
export { MODULES, findModule, findTestCase, allTestCases } from './testcases/registry.js';
export type {
  ModuleDefinition,
  TestCaseDefinition,
  TestContext,
  TagDeclarations,
} from './testcases/test-case.js';
export { tagCatalogue, type TagCatalogue } from './testcases/catalogue.js';
export * from './types.js';
export { SharedAnswerCache } from './dns/shared-cache.js';
export { PolitenessLimiter } from './dns/politeness.js';
