/**
 * The tag catalogue, derived from the declarations: for each module (upper case, as profiles and the locale
 * catalogues key it) every tag with its argument names and the test cases that may emit it. SYSTEM is the
 * engine's own messages.
 */
import { SYSTEM_TAGS } from '../messages.js';
import { MODULES } from './registry.js';

export interface CatalogueEntry {
  args: readonly string[];
  /** test case names ("Basic02"); empty for tags emitted outside test cases */
  testcases: string[];
}

export type TagCatalogue = Record<string, Record<string, CatalogueEntry>>;

export function tagCatalogue(): TagCatalogue {
  const catalogue: TagCatalogue = {};
  for (const module of MODULES) {
    const tags: Record<string, CatalogueEntry> = {};
    for (const [tag, args] of Object.entries(module.tags)) tags[tag] = { args, testcases: [] };
    for (const testCase of module.testCases) {
      for (const [tag, args] of Object.entries(testCase.tags)) {
        const entry = (tags[tag] ??= { args, testcases: [] });
        entry.testcases.push(testCase.name);
      }
    }
    catalogue[module.name] = tags;
  }
  catalogue.SYSTEM = Object.fromEntries(
    Object.entries(SYSTEM_TAGS).map(([tag, args]) => [tag, { args, testcases: [] }]),
  );
  return catalogue;
}
