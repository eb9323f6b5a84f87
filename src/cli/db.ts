/**
 * zonemaster-backend-db: create, adopt and upgrade the database schema, show its state, purge old tests.
 *   migrate | status | down [--force] | purge --older-than DAYS [--dry-run] [--chunk-size N]   [--config FILE]
 */
import { Command, InvalidArgumentError } from 'commander';
import type { Knex } from 'knex';
import { formatConfigError, loadConfigOrExit } from '../config/index.js';
import { assertDatabaseReachable, createKnex } from '../db/connection.js';
import { migrateDown, migrateLatest, migrationStatus } from '../db/migrate.js';
import { purgeFinishedTests } from '../db/purge.js';

const REFERENCE_SCHEMA = '0001_reference_schema';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Loads the config named by --config (given before or after the subcommand), runs `work` on a connection. */
async function withDatabase(command: Command, work: (knex: Knex) => Promise<void>): Promise<void> {
  const path = (command.opts().config ?? command.parent?.opts().config) as string | undefined;
  const config = loadConfigOrExit(path);
  const knex = createKnex(config);
  try {
    await assertDatabaseReachable(knex, config);
    await work(knex);
  } finally {
    await knex.destroy();
  }
}

function nonNegativeNumber(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number of days ≥ 0');
  return n;
}

function positiveInteger(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer ≥ 1');
  return n;
}

const program = new Command('zonemaster-backend-db')
  .description('Manage the Zonemaster backend database')
  .option(
    '--config <file>',
    'backend config file (default: $ZONEMASTER_BACKEND_CONFIG_FILE, then the usual places)',
  );

program
  .command('migrate')
  .description('create the schema, or adopt and upgrade an existing one (keeps all rows)')
  .option('--config <file>', 'backend config file')
  .action(async (_opts, command: Command) => {
    await withDatabase(command, async (knex) => {
      const applied = await migrateLatest(knex);
      if (applied.length === 0) print('database schema is up to date');
      for (const name of applied) print(`applied ${name}`);
    });
  });

program
  .command('status')
  .description('list applied and pending migrations')
  .option('--config <file>', 'backend config file')
  .action(async (_opts, command: Command) => {
    await withDatabase(command, async (knex) => {
      const { applied, pending } = await migrationStatus(knex);
      for (const name of applied) print(`applied ${name}`);
      for (const name of pending) print(`pending ${name}`);
      print(
        pending.length === 0 ? 'database schema is up to date' : `${pending.length} migration(s) pending`,
      );
    });
  });

program
  .command('down')
  .description('revert the last applied migration')
  .option('--force', `allow reverting ${REFERENCE_SCHEMA}, which drops every table and all data`)
  .option('--config <file>', 'backend config file')
  .action(async (opts: { force?: boolean }, command: Command) => {
    await withDatabase(command, async (knex) => {
      const { applied } = await migrationStatus(knex);
      if (applied.at(-1) === REFERENCE_SCHEMA && !opts.force) {
        throw new Error(`reverting ${REFERENCE_SCHEMA} drops every table and all data; add --force to do it`);
      }
      const reverted = await migrateDown(knex);
      if (reverted.length === 0) print('nothing to revert');
      for (const name of reverted) print(`reverted ${name}`);
    });
  });

program
  .command('purge')
  .description('delete finished tests (and their results) that ended more than DAYS days ago')
  .requiredOption('--older-than <days>', 'age in days', nonNegativeNumber)
  .option('--dry-run', 'only count what would be deleted')
  .option('--chunk-size <n>', 'tests deleted per transaction', positiveInteger, 1000)
  .option('--config <file>', 'backend config file')
  .action(async (opts: { olderThan: number; dryRun?: boolean; chunkSize: number }, command: Command) => {
    await withDatabase(command, async (knex) => {
      const { pending } = await migrationStatus(knex);
      if (pending.length > 0)
        throw new Error(
          `database schema is not up to date (pending: ${pending.join(', ')}); run "zonemaster-backend-db migrate" first`,
        );
      const counts = await purgeFinishedTests(knex, {
        olderThanDays: opts.olderThan,
        dryRun: opts.dryRun === true,
        chunkSize: opts.chunkSize,
      });
      const verb = opts.dryRun ? 'would delete' : 'deleted';
      print(`${verb} ${counts.tests} tests and ${counts.resultEntries} result entries`);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.stderr.write(`zonemaster-backend-db: ${formatConfigError(e)}\n`);
  process.exitCode = 1;
}
