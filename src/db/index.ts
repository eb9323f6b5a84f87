export { createKnex, dialectOf, type Dialect } from './connection.js';
export {
  migrateLatest,
  migrateDown,
  migrationStatus,
  assertSchemaCurrent,
  MIGRATION_NAMES,
} from './migrate.js';
export { purgeFinishedTests, type PurgeOptions, type PurgeCounts } from './purge.js';
export { toDbTime, fromDbTime, toApiTime } from './time.js';
export { toDbJson, fromDbJson } from './json.js';
