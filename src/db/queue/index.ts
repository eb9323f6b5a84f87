/** The test queue's operations, one statement (or one short transaction) each. */
export { claimTest, type ClaimRequest, type TestKind } from './claimTest.js';
export { renewLease } from './renewLease.js';
export { rerunWaiting } from './rerunWaiting.js';
export { appendResultEntries } from './appendResultEntries.js';
export { completeTest } from './completeTest.js';
export { handBackTest } from './handBackTest.js';
export { recoverExpiredTests, type RecoveryOptions, type RecoveryOutcome } from './recoverExpiredTests.js';
export { unableToFinishTest, testDied } from './backendMessages.js';
export type { ClaimedTest, Lease, ResultEntryInput } from './types.js';
