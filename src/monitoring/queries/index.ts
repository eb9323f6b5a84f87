/** The SQL of schedules and webhook deliveries, one operation per file. */
export { claimDelivery, type ClaimedDelivery } from './claimDelivery.js';
export { compareEndedTests, type ComparedTest } from './compareEndedTests.js';
export { createSchedule, type NewSchedule } from './createSchedule.js';
export { deleteSchedule } from './deleteSchedule.js';
export { listDeliveries, type DeliverySummary } from './listDeliveries.js';
export { listSchedules, scheduleOwner, type ScheduleSummary } from './listSchedules.js';
export { recordAttempt, type AttemptResult, type DeliveryOutcome } from './recordAttempt.js';
export {
  countDueSchedules,
  nextRunAfter,
  startDueSchedules,
  type StartedScheduledTest,
} from './startDueSchedules.js';
