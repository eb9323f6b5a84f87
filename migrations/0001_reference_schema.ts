/**
 * The schema of Zonemaster Backend 12 (lib/Zonemaster/Backend/DB/{SQLite,PostgreSQL,MySQL}.pm, create_schema):
 * same tables, column types, constraints and index names. Every step is skipped when its table or index already
 * exists, which is how `zonemaster-backend-db migrate` adopts a database the reference backend created.
 */
import type { Knex } from 'knex';
import { ensureTable, type IndexDef, type TableDef } from '../src/db/ddl.js';

const TEST_RESULTS: TableDef = {
  name: 'test_results',
  columns: [
    [
      'id',
      {
        sqlite: 'integer PRIMARY KEY AUTOINCREMENT',
        pg: 'BIGSERIAL PRIMARY KEY',
        mysql: 'BIGINT AUTO_INCREMENT PRIMARY KEY',
      },
    ],
    ['hash_id', 'VARCHAR(16) NOT NULL'],
    ['domain', 'VARCHAR(255) NOT NULL'],
    ['batch_id', 'integer NULL'],
    ['created_at', { sqlite: 'DATETIME NOT NULL', pg: 'TIMESTAMP NOT NULL', mysql: 'DATETIME NOT NULL' }],
    [
      'started_at',
      { sqlite: 'DATETIME DEFAULT NULL', pg: 'TIMESTAMP DEFAULT NULL', mysql: 'DATETIME DEFAULT NULL' },
    ],
    [
      'ended_at',
      { sqlite: 'DATETIME DEFAULT NULL', pg: 'TIMESTAMP DEFAULT NULL', mysql: 'DATETIME DEFAULT NULL' },
    ],
    ['priority', 'integer DEFAULT 10'],
    ['queue', 'integer DEFAULT 0'],
    ['progress', 'integer DEFAULT 0'],
    ['fingerprint', 'VARCHAR(32)'],
    ['params', { sqlite: 'text NOT NULL', pg: 'json NOT NULL', mysql: 'blob NOT NULL' }],
    ['results', { sqlite: 'text DEFAULT NULL', pg: 'json', mysql: 'mediumblob DEFAULT NULL' }],
    [
      'undelegated',
      {
        sqlite: 'boolean NOT NULL DEFAULT false',
        pg: 'integer NOT NULL DEFAULT 0',
        mysql: 'integer NOT NULL DEFAULT 0',
      },
    ],
  ],
  constraints: ['UNIQUE (hash_id)'],
};

const LOG_LEVEL: TableDef = {
  name: 'log_level',
  columns: [
    ['value', 'INTEGER'],
    ['level', 'VARCHAR(15)'],
  ],
  constraints: ['UNIQUE (value)'],
};

export const RESULT_ENTRIES: TableDef = {
  name: 'result_entries',
  columns: [
    ['hash_id', 'VARCHAR(16) NOT NULL'],
    ['level', 'INTEGER NOT NULL'],
    ['module', 'VARCHAR(255) NOT NULL'],
    ['testcase', 'VARCHAR(255) NOT NULL'],
    ['tag', 'VARCHAR(255) NOT NULL'],
    // seconds since the start of the test
    ['timestamp', 'REAL NOT NULL'],
    ['args', { sqlite: 'BLOB NOT NULL', pg: 'JSONB NOT NULL', mysql: 'BLOB NOT NULL' }],
  ],
  constraints: [
    'CONSTRAINT fk_hash_id FOREIGN KEY (hash_id) REFERENCES test_results (hash_id)',
    'CONSTRAINT fk_level FOREIGN KEY (level) REFERENCES log_level (value)',
  ],
};

const BATCH_JOBS: TableDef = {
  name: 'batch_jobs',
  columns: [
    [
      'id',
      {
        sqlite: 'integer PRIMARY KEY',
        pg: 'SERIAL PRIMARY KEY',
        mysql: 'integer AUTO_INCREMENT PRIMARY KEY',
      },
    ],
    ['username', 'VARCHAR(50) NOT NULL'],
    ['created_at', { sqlite: 'DATETIME NOT NULL', pg: 'TIMESTAMP NOT NULL', mysql: 'DATETIME NOT NULL' }],
  ],
};

const USERS: TableDef = {
  name: 'users',
  columns: [
    [
      'id',
      {
        sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
        pg: 'SERIAL PRIMARY KEY',
        mysql: 'integer AUTO_INCREMENT PRIMARY KEY',
      },
    ],
    ['username', 'VARCHAR(128)'],
    ['api_key', 'VARCHAR(512)'],
  ],
  constraints: ['UNIQUE (username)'],
};

export const INDEXES: IndexDef[] = [
  { name: 'test_results__hash_id', table: 'test_results', columns: 'hash_id' },
  { name: 'test_results__fingerprint', table: 'test_results', columns: 'fingerprint' },
  { name: 'test_results__batch_id_progress', table: 'test_results', columns: 'batch_id, progress' },
  { name: 'test_results__progress', table: 'test_results', columns: 'progress' },
  { name: 'test_results__domain_undelegated', table: 'test_results', columns: 'domain, undelegated' },
  // The reference creates this partial index on PostgreSQL only.
  {
    name: 'test_results__progress_priority_id',
    table: 'test_results',
    columns: 'progress, priority DESC, id',
    where: 'progress = 0',
    only: ['pg'],
  },
  { name: 'result_entries__hash_id', table: 'result_entries', columns: 'hash_id' },
  { name: 'result_entries__level', table: 'result_entries', columns: 'level' },
];

export const LOG_LEVELS: ReadonlyArray<{ value: number; level: string }> = [
  { value: -2, level: 'DEBUG3' },
  { value: -1, level: 'DEBUG2' },
  { value: 0, level: 'DEBUG' },
  { value: 1, level: 'INFO' },
  { value: 2, level: 'NOTICE' },
  { value: 3, level: 'WARNING' },
  { value: 4, level: 'ERROR' },
  { value: 5, level: 'CRITICAL' },
];

export async function up(knex: Knex): Promise<void> {
  await refuseOlderSchema(knex);
  await ensureTable(knex, TEST_RESULTS, INDEXES);
  await ensureTable(knex, LOG_LEVEL);
  await seedLogLevels(knex);
  await ensureTable(knex, RESULT_ENTRIES, INDEXES);
  await ensureTable(knex, BATCH_JOBS);
  await ensureTable(knex, USERS);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['result_entries', 'log_level', 'test_results', 'batch_jobs', 'users']) {
    await knex.schema.dropTableIfExists(table);
  }
}

/** Like the reference: seed only an empty table, and add any level missing from a partly filled one. */
async function seedLogLevels(knex: Knex): Promise<void> {
  const present = new Set(
    (await knex('log_level').select('value')).map((r: { value: number }) => Number(r.value)),
  );
  const missing = LOG_LEVELS.filter((l) => !present.has(l.value));
  if (missing.length > 0) await knex('log_level').insert(missing);
}

/**
 * A test_results table without Backend 12's columns comes from an older reference version: adopting it would
 * half-work, so stop and say what to do.
 */
async function refuseOlderSchema(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('test_results'))) return;
  const missing: string[] = [];
  for (const column of TEST_RESULTS.columns.map(([name]) => name)) {
    if (!(await knex.schema.hasColumn('test_results', column))) missing.push(column);
  }
  if (missing.length > 0) {
    throw new Error(
      `test_results lacks column(s) ${missing.join(', ')}: this database predates Zonemaster Backend 12; ` +
        "upgrade it with the reference backend's upgrade scripts first",
    );
  }
}
