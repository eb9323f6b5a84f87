/** The test queue's operations, one statement (or one short transaction) each. */
export { claimTest, claimTests, type ClaimRequest, type TestKind } from './claimTest.js';
export { renewLease } from './renewLease.js';
export { renewLeases, type LeaseRenewal } from './renewLeases.js';
export { rerunWaiting } from './rerunWaiting.js';
export { appendResultEntries } from './appendResultEntries.js';
export { appendManyResultEntries, type RunningTestWrite } from './appendManyResultEntries.js';
export { completeTest, completeTests, type Completion, type CompletionDetails } from './completeTest.js';
export { handBackTest } from './handBackTest.js';
export { recoverExpiredTests, type RecoveryOptions, type RecoveryOutcome } from './recoverExpiredTests.js';
export { cancelTests, type CancelTarget } from './cancelTests.js';
export { cancelledAmong } from './cancelledAmong.js';
export { finishCancelledTest } from './finishCancelledTest.js';
export { storeRecording } from './storeRecording.js';
export { unableToFinishTest, testDied } from './backendMessages.js';
export { JOB_STATES, type JobState, type EndState, type StateCounts } from './jobState.js';
export type { ClaimedTest, Lease, ResultEntryInput } from './types.js';
