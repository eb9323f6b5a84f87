/** The tags (with argument names) of each DNSSEC test case, from the shared tag catalogue. */
import { TAGS } from '../tags.js';
import type { TagSpec } from '../tests/context.js';

/** Tags of test case `id` ("dnssec07"), TEST_CASE_START/END excluded (the runner emits them). */
export function tagsOf(id: string): TagSpec[] {
  const specId = id.toUpperCase();
  return Object.entries(TAGS.DNSSEC ?? {})
    .filter(
      ([tag, info]) =>
        info.testcases.includes(specId) && tag !== 'TEST_CASE_START' && tag !== 'TEST_CASE_END',
    )
    .map(([tag, info]) => ({ tag, args: info.args }));
}
