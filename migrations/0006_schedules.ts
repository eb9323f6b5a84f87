/**
 * Continuous monitoring: schedules (a domain tested every `interval_seconds`), the tests each schedule started,
 * and the webhook deliveries sent when a scheduled test's findings changed, with every attempt made. Times the
 * agents compare (next run, next attempt, lease) are epoch milliseconds, like the test leases.
 */
import type { Knex } from 'knex';
import { ensureTable, type IndexDef, type TableDef } from '../src/db/ddl.js';

const ID = {
  sqlite: 'integer PRIMARY KEY AUTOINCREMENT',
  pg: 'BIGSERIAL PRIMARY KEY',
  mysql: 'BIGINT AUTO_INCREMENT PRIMARY KEY',
};
const TIME = { sqlite: 'DATETIME NOT NULL', pg: 'TIMESTAMP NOT NULL', mysql: 'DATETIME NOT NULL' };
const TIME_NULL = { sqlite: 'DATETIME NULL', pg: 'TIMESTAMP NULL', mysql: 'DATETIME NULL' };
const LONG_TEXT = { sqlite: 'TEXT NOT NULL', pg: 'TEXT NOT NULL', mysql: 'LONGTEXT NOT NULL' };

const SCHEDULES: TableDef = {
  name: 'schedules',
  columns: [
    ['id', ID],
    ['username', 'VARCHAR(50) NOT NULL'],
    ['domain', 'VARCHAR(255) NOT NULL'],
    // the params every started test gets (as start_domain_test stores them) and their fingerprint
    ['params', LONG_TEXT],
    ['fingerprint', 'VARCHAR(32) NOT NULL'],
    ['interval_seconds', 'INTEGER NOT NULL'],
    ['webhook_url', 'VARCHAR(2048) NULL'],
    ['webhook_secret', 'VARCHAR(255) NULL'],
    ['created_at', TIME],
    ['next_run_at', 'BIGINT NOT NULL'],
    // the test started and not yet compared (at most one per schedule), and the last one compared
    ['pending_test_id', 'VARCHAR(16) NULL'],
    ['last_test_id', 'VARCHAR(16) NULL'],
  ],
};

const SCHEDULE_TESTS: TableDef = {
  name: 'schedule_tests',
  columns: [
    ['hash_id', 'VARCHAR(16) NOT NULL PRIMARY KEY'],
    ['schedule_id', 'BIGINT NOT NULL'],
    ['created_at', TIME],
  ],
};

const WEBHOOK_DELIVERIES: TableDef = {
  name: 'webhook_deliveries',
  columns: [
    ['id', ID],
    ['schedule_id', 'BIGINT NOT NULL'],
    ['hash_id', 'VARCHAR(16) NOT NULL'],
    ['previous_hash_id', 'VARCHAR(16) NOT NULL'],
    // the exact bytes sent (and signed) on every attempt
    ['body', LONG_TEXT],
    ['state', "VARCHAR(16) NOT NULL DEFAULT 'pending'"],
    ['attempts', 'INTEGER NOT NULL DEFAULT 0'],
    ['next_attempt_at', 'BIGINT NOT NULL'],
    ['claimed_by', 'VARCHAR(64) NULL'],
    ['lease_expires_at', 'BIGINT NULL'],
    ['created_at', TIME],
    ['ended_at', TIME_NULL],
  ],
};

const WEBHOOK_ATTEMPTS: TableDef = {
  name: 'webhook_attempts',
  columns: [
    ['id', ID],
    ['delivery_id', 'BIGINT NOT NULL'],
    ['attempt', 'INTEGER NOT NULL'],
    ['started_at', TIME],
    ['duration_ms', 'INTEGER NOT NULL'],
    ['status_code', 'INTEGER NULL'],
    ['error', 'VARCHAR(255) NULL'],
  ],
};

const INDEXES: IndexDef[] = [
  // the agents' question "which schedules are due?"
  { name: 'schedules__next_run_at', table: 'schedules', columns: 'next_run_at' },
  // and "which started tests have ended?"
  { name: 'schedules__pending_test_id', table: 'schedules', columns: 'pending_test_id' },
  { name: 'schedules__username', table: 'schedules', columns: 'username' },
  { name: 'schedule_tests__schedule_id', table: 'schedule_tests', columns: 'schedule_id' },
  { name: 'webhook_deliveries__state_next', table: 'webhook_deliveries', columns: 'state, next_attempt_at' },
  { name: 'webhook_deliveries__schedule_id', table: 'webhook_deliveries', columns: 'schedule_id' },
  { name: 'webhook_attempts__delivery_id', table: 'webhook_attempts', columns: 'delivery_id' },
];

const TABLES = [SCHEDULES, SCHEDULE_TESTS, WEBHOOK_DELIVERIES, WEBHOOK_ATTEMPTS];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) await ensureTable(knex, table, INDEXES);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TABLES].reverse()) await knex.schema.dropTableIfExists(table.name);
}
