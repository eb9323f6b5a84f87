/**
 * Rendering stored result entries for get_test_results: each entry's message in the requested language, plus
 * `tag` and `args` (an addition to the reference), and a description for every test case that occurs.
 */
import type { StoredEntry } from '../db/api/tests.js';
import type { EngineServices } from './engine-adapter.js';

export interface RenderedResult {
  module: string;
  message: string;
  level: string;
  testcase: string;
  tag: string;
  args: Record<string, unknown>;
  ns?: string;
}

export async function renderResults(
  entries: StoredEntry[],
  language: string,
  engine: EngineServices,
): Promise<{ results: RenderedResult[]; testcase_descriptions: Record<string, string> }> {
  const results: RenderedResult[] = [];
  const testcases = new Set<string>();
  for (const entry of entries) {
    const rendered = await renderResult(entry, language, engine);
    if (rendered === undefined) continue;
    results.push(rendered);
    testcases.add(rendered.testcase);
  }
  const testcase_descriptions: Record<string, string> = {};
  for (const id of testcases)
    testcase_descriptions[id] = id === '' ? '' : await engine.testcaseDescription(id, language);
  return { results, testcase_descriptions };
}

/** One entry as get_test_results shows it, or undefined for an entry it never shows. */
export async function renderResult(
  entry: StoredEntry,
  language: string,
  engine: EngineServices,
): Promise<RenderedResult | undefined> {
  // Legacy filter of the reference: the engine's example policy message is never shown.
  if (
    entry.module.toUpperCase() === 'SYSTEM' &&
    entry.tag === 'POLICY_DISABLED' &&
    entry.args.name === 'Example'
  )
    return undefined;
  const testcase = entry.testcase ?? 'UNSPECIFIED';
  const rendered: RenderedResult = {
    module: entry.module,
    // The reference ends every message with a newline; clients have come to expect it.
    message: `${await engine.translate({ ...entry, testcase }, language)}\n`,
    level: entry.level,
    testcase,
    tag: entry.tag,
    args: entry.args,
  };
  // Legacy key of the reference for name server messages (zonemaster-backend#1148).
  if (entry.module.toUpperCase() === 'NAMESERVER')
    rendered.ns = typeof entry.args.ns === 'string' && entry.args.ns ? entry.args.ns : 'All';
  return rendered;
}
