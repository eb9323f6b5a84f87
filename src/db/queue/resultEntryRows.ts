import { LEVEL_VALUE } from '../../engine/types.js';
import { toDbJson } from '../json.js';
import type { ResultEntryInput } from './types.js';

/** result_entries rows for a test: level as the log_level value, args as JSON text. */
export function resultEntryRows(
  testId: string,
  entries: readonly ResultEntryInput[],
): Record<string, unknown>[] {
  return entries.map((e) => ({
    hash_id: testId,
    level: LEVEL_VALUE[e.level],
    module: e.module,
    testcase: e.testcase,
    tag: e.tag,
    timestamp: e.timestamp,
    args: toDbJson(e.args),
  }));
}

/** Keeps multi-row INSERTs under every driver's bound-parameter limit (SQLite: 32766, 7 per row). */
export const INSERT_CHUNK = 500;
