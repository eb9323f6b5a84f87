/**
 * A fresh, empty database for one test (or one test file) on the engine named by $TARGET:
 * a temporary SQLite file, or a new database on the local PostgreSQL / MariaDB servers.
 * Connection failures throw: a test that cannot reach its database fails, it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../../src/config/types.js';
import { createKnex } from '../../src/db/connection.js';
import { migrateLatest } from '../../src/db/migrate.js';
import { makeTestConfig, testConfigText } from './config.js';

export type Target = 'SQLite' | 'PostgreSQL' | 'MySQL';

/** $TARGET, case-insensitive; SQLite when unset. */
export function target(): Target {
  const raw = (process.env.TARGET ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'sqlite') return 'SQLite';
  if (raw === 'postgresql' || raw === 'postgres' || raw === 'pg') return 'PostgreSQL';
  if (raw === 'mysql' || raw === 'mariadb') return 'MySQL';
  throw new Error(`unknown TARGET "${process.env.TARGET}" (SQLite, PostgreSQL or MySQL)`);
}

export interface TestDatabase {
  config: Config;
  knex: Knex;
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Run the migrations (default true). */
  migrate?: boolean;
  /** ini-style overrides: section -> key -> raw value, e.g. { ZONEMASTER: { lease_time: '5' } }. */
  configOverrides?: Record<string, Record<string, string>>;
}

const PG_SERVER = { host: '127.0.0.1', port: 5432, user: 'root', password: '', database: 'test' };
const MYSQL_SERVER = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const engine = target();
  const dir = mkdtempSync(join(tmpdir(), 'zmt-db-'));
  const name = `zmt_${randomBytes(6).toString('hex')}`;
  const sections = engineSections(engine, dir, name);
  for (const [section, values] of Object.entries(opts.configOverrides ?? {})) {
    sections[section] = { ...(sections[section] ?? {}), ...values };
  }
  const config = makeTestConfig(sections, dir);
  // Written out so tests may start the real binaries with --config config.file.
  writeFileSync(config.file, testConfigText(sections));

  await createServerDatabase(engine, name);
  const knex = createKnex(config);
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await knex.destroy();
    await dropServerDatabase(engine, name);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (opts.migrate !== false) await migrateLatest(knex);
  } catch (e) {
    await destroy();
    throw e;
  }
  return { config, knex, destroy };
}

function engineSections(engine: Target, dir: string, name: string): Record<string, Record<string, string>> {
  switch (engine) {
    case 'SQLite':
      return { DB: { engine }, SQLITE: { database_file: join(dir, 'db', 'zonemaster.sqlite') } };
    case 'PostgreSQL':
      return { DB: { engine }, POSTGRESQL: serverSection(PG_SERVER, name) };
    case 'MySQL':
      return { DB: { engine }, MYSQL: serverSection(MYSQL_SERVER, name) };
  }
}

function serverSection(server: typeof PG_SERVER, database: string): Record<string, string> {
  return {
    host: server.host,
    port: String(server.port),
    user: server.user,
    password: server.password,
    database,
  };
}

/** A short-lived connection to the server's `test` database, for CREATE/DROP DATABASE. */
async function withServerAdmin(engine: Target, work: (admin: Knex) => Promise<unknown>): Promise<void> {
  if (engine === 'SQLite') return;
  const admin =
    engine === 'PostgreSQL'
      ? knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } })
      : knexFactory({ client: 'mysql2', connection: MYSQL_SERVER, pool: { min: 0, max: 1 } });
  try {
    await work(admin);
  } finally {
    await admin.destroy();
  }
}

async function createServerDatabase(engine: Target, name: string): Promise<void> {
  await withServerAdmin(engine, (admin) =>
    engine === 'PostgreSQL'
      ? admin.raw(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
      : admin.raw(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
}

async function dropServerDatabase(engine: Target, name: string): Promise<void> {
  await withServerAdmin(engine, (admin) =>
    engine === 'PostgreSQL'
      ? admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      : admin.raw(`DROP DATABASE IF EXISTS ${name}`),
  );
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Runs a file of ';'-terminated SQL statements ('--' comment lines allowed) one statement at a time. */
export async function runSqlFile(knex: Knex, file: string): Promise<void> {
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  for (const statement of text.split(/;\s*(?:\n|$)/)) {
    if (statement.trim() !== '') await knex.raw(statement);
  }
}

/**
 * Fills an empty (unmigrated) test database the way Zonemaster Backend 12 would have left it:
 * t/fixtures/reference-schema-<target>.sql, then the rows of t/fixtures/reference-data.sql
 * (tests a000000000000001 waiting, …02 running at 40%, …03 finished with 3 entries, …04 batch 1 finished with
 * ended_at NULL and 1 entry, …05 undelegated with legacy `results`; batch 1 and user alice/plaintext-api-key).
 */
export async function loadReferenceDatabase(knex: Knex): Promise<void> {
  await runSqlFile(knex, join(FIXTURES, `reference-schema-${target().toLowerCase()}.sql`));
  await runSqlFile(knex, join(FIXTURES, 'reference-data.sql'));
}
