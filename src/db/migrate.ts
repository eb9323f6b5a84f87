import type { Knex } from 'knex';
import * as m0001 from '../../migrations/0001_reference_schema.js';
import * as m0002 from '../../migrations/0002_agent_leases.js';
import * as m0003 from '../../migrations/0003_job_states.js';
import * as m0004 from '../../migrations/0004_rerun_isolation.js';
import * as m0005 from '../../migrations/0005_event_stream_index.js';
import * as m0006 from '../../migrations/0006_schedules.js';
import * as m0007 from '../../migrations/0007_claim_order_index.js';

/**
 * Migrations are imported statically (not found on disk by knex) so they run the same from sources under vitest
 * and from the compiled dist/.
 */
interface NamedMigration {
  name: string;
  migration: Knex.Migration;
}

const MIGRATIONS: readonly NamedMigration[] = [
  { name: '0001_reference_schema', migration: m0001 },
  { name: '0002_agent_leases', migration: m0002 },
  { name: '0003_job_states', migration: m0003 },
  { name: '0004_rerun_isolation', migration: m0004 },
  { name: '0005_event_stream_index', migration: m0005 },
  { name: '0006_schedules', migration: m0006 },
  { name: '0007_claim_order_index', migration: m0007 },
];

export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map((m) => m.name);

const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (m) => m.name,
  getMigration: (m) => Promise.resolve(m.migration),
};

const migratorConfig: Knex.MigratorConfig = { migrationSource };

/** Applies every pending migration; returns the names applied now. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]];
  return applied;
}

/** Reverts the last applied migration; returns its name (empty when nothing was applied). */
export async function migrateDown(knex: Knex): Promise<string[]> {
  const [, reverted] = (await knex.migrate.down(migratorConfig)) as [number, string[]];
  return reverted;
}

export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [completed, pending] = (await knex.migrate.list(migratorConfig)) as [
    Array<string | { name: string }>,
    NamedMigration[],
  ];
  return {
    applied: completed.map((c) => (typeof c === 'string' ? c : c.name)),
    pending: pending.map((p) => p.name),
  };
}

/** For daemons at start-up: throws a one-line reason unless every migration is applied. */
export async function assertSchemaCurrent(knex: Knex): Promise<void> {
  const { pending } = await migrationStatus(knex);
  if (pending.length > 0) {
    throw new Error(
      `database schema is not up to date (pending: ${pending.join(', ')}); run "zonemaster-backend-db migrate"`,
    );
  }
}
