/**
 * The checks every daemon (and the db CLI, as far as it applies) makes before it starts work, each failing with
 * one line that names the file, server or command to fix; and the way such a failure is reported: one log line
 * (JSON under --logjson), no stack trace, exit 1.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { ConfigError, formatConfigError } from '../config/index.js';
import type { Config } from '../config/types.js';
import { assertDatabaseReachable, DatabaseUnreachableError } from '../db/connection.js';
import { migrateLatest, migrationStatus } from '../db/migrate.js';
import { readHintsFile } from '../engine/recursor.js';

/** A set-up problem the operator fixes; its message is the whole story. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** [ZONEMASTER] root_hints must be readable and name at least one root server with an address. */
export function assertHintsReadable(config: Config): void {
  try {
    readHintsFile(config.ZONEMASTER.root_hints);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code ? `cannot read (${code})` : (error as Error).message;
    throw new StartupError(`root hints ${config.ZONEMASTER.root_hints}: ${reason} ([ZONEMASTER] root_hints)`);
  }
}

/**
 * Every migration must be applied; with [DB] auto_migrate the pending ones are applied now. Returns the names
 * applied.
 */
export async function ensureSchemaCurrent(knex: Knex, config: Config): Promise<string[]> {
  const { pending } = await migrationStatus(knex);
  if (pending.length === 0) return [];
  if (config.DB.auto_migrate) return migrateLatest(knex);
  throw new StartupError(
    `database schema is not up to date (pending: ${pending.join(', ')}); run "zonemaster-backend-db migrate" ` +
      'or set [DB] auto_migrate = true',
  );
}

/** Hints, database connection, schema: in that order, each with its own one-line failure. */
export async function checkBeforeStart(knex: Knex, config: Config, logger: Logger): Promise<void> {
  assertHintsReadable(config);
  await assertDatabaseReachable(knex, config);
  const applied = await ensureSchemaCurrent(knex, config);
  if (applied.length > 0) logger.info({ applied }, 'Database schema migrated ([DB] auto_migrate)');
}

/** Problems the operator fixes: reported without a stack trace. */
export function isExpectedStartupError(error: unknown): boolean {
  return (
    error instanceof StartupError || error instanceof ConfigError || error instanceof DatabaseUnreachableError
  );
}

/** Logs "Aborting startup: <reason>" once (a stack trace only for a fault of ours) and exits 1. */
export function abortStartup(logger: Logger, error: unknown): never {
  const line = `Aborting startup: ${formatConfigError(error)}`;
  if (isExpectedStartupError(error)) logger.fatal(line);
  else logger.fatal({ err: error }, line);
  logger.flush?.();
  process.exit(1);
}
