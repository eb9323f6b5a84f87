import type { ResultEntryInput } from './types.js';

/**
 * The messages the backend itself adds to a test's results: module Backend, as the reference stores it, always
 * CRITICAL. Test case "Unspecified" instead of the reference's "" so that clients can open them like any other
 * message (the reference GUI hides entries with an empty test case).
 */
const MODULE = 'Backend';

/** The backend's tags with their argument names, for the tag catalogue. */
export const BACKEND_TAGS = { TEST_DIED: [], UNABLE_TO_FINISH_TEST: ['max_execution_time'] } as const;
const TESTCASE = 'Unspecified';

/** Backend: UNABLE_TO_FINISH_TEST — the run exceeded max_zonemaster_execution_time (seconds). */
export function unableToFinishTest(maxExecutionTime: number, timestamp: number): ResultEntryInput {
  return {
    level: 'CRITICAL',
    module: MODULE,
    testcase: TESTCASE,
    tag: 'UNABLE_TO_FINISH_TEST',
    timestamp,
    args: { max_execution_time: maxExecutionTime },
  };
}

/** Backend: TEST_DIED — the engine failed, or the test's agent died twice. */
export function testDied(timestamp: number): ResultEntryInput {
  return { level: 'CRITICAL', module: MODULE, testcase: TESTCASE, tag: 'TEST_DIED', timestamp, args: {} };
}
