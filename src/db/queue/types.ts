import type { Args, Level } from '../../engine/types.js';

/** A test row this agent has claimed; params is the parsed params JSON. */
export interface ClaimedTest {
  /** The row number in test_results (not the run's id, which is testId). */
  rowId: number;
  testId: string;
  domain: string;
  batchId: number | null;
  priority: number;
  queue: number;
  params: Record<string, unknown>;
  /** 1 on the first run, 2 on the re-run after a recovered crash. */
  attempts: number;
  /** When this agent claimed it (epoch ms). */
  startedAt: number;
}

/** One result entry to store; level is the log_level name, timestamp seconds since the test started. */
export interface ResultEntryInput {
  level: Level;
  module: string;
  testcase: string;
  tag: string;
  timestamp: number;
  args: Args;
}

/** Who is writing and until when its claim holds: every queue write is guarded by claimed_by = agentId. */
export interface Lease {
  agentId: string;
  /** New lease expiry (epoch ms) written together with the change. */
  leaseUntil: number;
}
