/**
 * The stored life cycle of a test (column test_results.state), written by the queue operations:
 * waiting → running (claimTest) → completed | crashed (completeTest, recoverExpiredTests), back to waiting
 * (handBackTest, recovery's re-queue), and cancelled from waiting or running (cancelTests). A cancelled test is
 * finished for every existing method (progress 100).
 */
export const JOB_STATES = ['waiting', 'running', 'completed', 'cancelled', 'crashed'] as const;

export type JobState = (typeof JOB_STATES)[number];

/** How a run that the agent ended is stored: crashed = ended with TEST_DIED or UNABLE_TO_FINISH_TEST. */
export type EndState = Extract<JobState, 'completed' | 'crashed'>;

export type StateCounts = Record<JobState, number>;

export function emptyStateCounts(): StateCounts {
  return { waiting: 0, running: 0, completed: 0, cancelled: 0, crashed: 0 };
}

/** Adds `count` rows of state `state` (as a GROUP BY returns them) to counts; unknown states are ignored. */
export function addStateCount(counts: StateCounts, state: unknown, count: unknown): void {
  if (typeof state === 'string' && (JOB_STATES as readonly string[]).includes(state))
    counts[state as JobState] += Number(count);
}
