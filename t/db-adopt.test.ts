import { afterEach, describe, expect, it } from 'vitest';
import { hasIndex } from '../src/db/ddl.js';
import { fromDbJson, toDbJson } from '../src/db/json.js';
import { MIGRATION_NAMES, migrateLatest, migrationStatus } from '../src/db/migrate.js';
import { toDbTime } from '../src/db/time.js';
import { createTestDatabase, loadReferenceDatabase, target, type TestDatabase } from './lib/db.js';
import type { Knex } from 'knex';

const REFERENCE_COLUMNS: Record<string, string[]> = {
  test_results: [
    'id',
    'hash_id',
    'domain',
    'batch_id',
    'created_at',
    'started_at',
    'ended_at',
    'priority',
    'queue',
    'progress',
    'fingerprint',
    'params',
    'undelegated',
    'results',
  ],
  result_entries: ['hash_id', 'level', 'module', 'testcase', 'tag', 'timestamp', 'args'],
  log_level: ['value', 'level'],
  batch_jobs: ['id', 'username', 'created_at'],
  users: ['id', 'username', 'api_key'],
};
const ORDER: Record<string, string[]> = {
  test_results: ['id'],
  result_entries: ['hash_id', 'timestamp'],
  log_level: ['value'],
  batch_jobs: ['id'],
  users: ['id'],
};

async function snapshot(knex: Knex): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, columns] of Object.entries(REFERENCE_COLUMNS)) {
    out[table] = await knex(table).select(columns).orderBy(ORDER[table]!);
  }
  return out;
}

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe(`adopting a Zonemaster Backend 12 database on ${target()}`, () => {
  it('keeps every row, adds the agent columns, and takes new tests', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex } = db;
    await loadReferenceDatabase(knex);
    const before = await snapshot(knex);
    expect(before.test_results).toHaveLength(5);
    expect(before.result_entries).toHaveLength(4);

    expect(await migrationStatus(knex)).toEqual({ applied: [], pending: [...MIGRATION_NAMES] });
    expect(await migrateLatest(knex)).toEqual([...MIGRATION_NAMES]);
    expect(await snapshot(knex)).toEqual(before);

    const agentColumns = await knex('test_results').select(
      'hash_id',
      'claimed_by',
      'lease_expires_at',
      'attempts',
    );
    expect(agentColumns).toHaveLength(5);
    for (const row of agentColumns)
      expect(row).toMatchObject({ claimed_by: null, lease_expires_at: null, attempts: 0 });
    expect(await hasIndex(knex, 'test_results', 'test_results__progress_queue_priority_id')).toBe(true);
    expect(await hasIndex(knex, 'test_results', 'test_results__progress_lease_expires_at')).toBe(true);

    const user = await knex('users').where({ username: 'alice' }).first();
    expect(user.api_key).toBe('plaintext-api-key');
    const old = await knex('test_results').where({ hash_id: 'a000000000000005' }).first();
    expect(fromDbJson(old.params)).toMatchObject({ domain: 'legacy.test' });
    expect(fromDbJson(old.results)).toEqual([expect.objectContaining({ tag: 'B01_PARENT_FOUND' })]);
    expect(old.created_at).toBe('2020-01-04 00:00:00');

    await knex('test_results').insert({
      hash_id: 'b000000000000001',
      domain: 'new.test',
      created_at: toDbTime(),
      fingerprint: '0'.repeat(32),
      params: toDbJson({ domain: 'new.test' }),
    });
    await knex('result_entries').insert({
      hash_id: 'b000000000000001',
      level: 1,
      module: 'BASIC',
      testcase: 'BASIC01',
      tag: 'B01_PARENT_FOUND',
      timestamp: 1.5,
      args: toDbJson({}),
    });
    const fresh = await knex('test_results').where({ hash_id: 'b000000000000001' }).first();
    expect(fresh.id).toBeGreaterThan(5);
    expect(fresh).toMatchObject({ domain: 'new.test', progress: 0, priority: 10, queue: 0, attempts: 0 });
    expect(await knex('result_entries').where({ hash_id: 'b000000000000001' })).toHaveLength(1);
  });

  it('creates what a partly built database is missing and keeps the rest', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex } = db;
    await loadReferenceDatabase(knex);
    await knex.raw(
      target() === 'MySQL'
        ? 'DROP INDEX test_results__fingerprint ON test_results'
        : 'DROP INDEX test_results__fingerprint',
    );
    await knex.schema.dropTable('users');
    await migrateLatest(knex);
    expect(await hasIndex(knex, 'test_results', 'test_results__fingerprint')).toBe(true);
    expect(await knex.schema.hasTable('users')).toBe(true);
    expect(await knex('test_results').count({ n: '*' }).first()).toEqual({ n: 5 });
  });

  it('refuses a database older than Backend 12 and leaves it untouched', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex } = db;
    await knex.raw(
      'CREATE TABLE test_results (id integer PRIMARY KEY, hash_id VARCHAR(16), creation_time TIMESTAMP)',
    );
    await expect(migrateLatest(knex)).rejects.toThrow(/predates Zonemaster Backend 12/);
    expect(await migrationStatus(knex)).toEqual({ applied: [], pending: [...MIGRATION_NAMES] });
    expect(await knex.schema.hasTable('result_entries')).toBe(false);
  });
});
