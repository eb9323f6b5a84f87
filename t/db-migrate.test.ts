import { afterEach, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/connection.js';
import { hasIndex } from '../src/db/ddl.js';
import {
  MIGRATION_NAMES,
  assertSchemaCurrent,
  migrateDown,
  migrateLatest,
  migrationStatus,
} from '../src/db/migrate.js';
import { fromDbJson, toDbJson } from '../src/db/json.js';
import { fromDbTime, toDbTime } from '../src/db/time.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';

const REFERENCE_TABLES = ['test_results', 'result_entries', 'log_level', 'batch_jobs', 'users'];
const REFERENCE_INDEXES: Array<[string, string]> = [
  ['test_results', 'test_results__hash_id'],
  ['test_results', 'test_results__fingerprint'],
  ['test_results', 'test_results__batch_id_progress'],
  ['test_results', 'test_results__progress'],
  ['test_results', 'test_results__domain_undelegated'],
  ['result_entries', 'result_entries__hash_id'],
  ['result_entries', 'result_entries__level'],
];
const MONITORING_TABLES = ['schedules', 'schedule_tests', 'webhook_deliveries', 'webhook_attempts'];
const AGENT_COLUMNS = ['claimed_by', 'lease_expires_at', 'attempts'];
const AGENT_INDEXES = ['test_results__progress_queue_priority_id', 'test_results__progress_lease_expires_at'];

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

async function tablesPresent(d: TestDatabase): Promise<string[]> {
  const present: string[] = [];
  for (const t of REFERENCE_TABLES) if (await d.knex.schema.hasTable(t)) present.push(t);
  return present;
}

describe(`migrations on ${target()}`, () => {
  it('go up, down one step at a time, and up again', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex } = db;
    expect(await migrationStatus(knex)).toEqual({ applied: [], pending: [...MIGRATION_NAMES] });
    expect(await tablesPresent(db)).toEqual([]);

    expect(await migrateLatest(knex)).toEqual([...MIGRATION_NAMES]);
    expect(MIGRATION_NAMES).toEqual([
      '0001_reference_schema',
      '0002_agent_leases',
      '0003_job_states',
      '0004_rerun_isolation',
      '0005_event_stream_index',
      '0006_schedules',
      '0007_claim_order_index',
    ]);
    expect(await migrationStatus(knex)).toEqual({ applied: [...MIGRATION_NAMES], pending: [] });
    expect(await tablesPresent(db)).toEqual(REFERENCE_TABLES);
    for (const c of AGENT_COLUMNS) expect(await knex.schema.hasColumn('test_results', c)).toBe(true);
    for (const [table, index] of REFERENCE_INDEXES) expect(await hasIndex(knex, table, index)).toBe(true);
    for (const index of AGENT_INDEXES) expect(await hasIndex(knex, 'test_results', index)).toBe(true);
    // The reference creates its partial claim index on PostgreSQL only.
    expect(await hasIndex(knex, 'test_results', 'test_results__progress_priority_id')).toBe(
      dialectOf(knex) === 'pg',
    );
    expect(await migrateLatest(knex)).toEqual([]);

    await expect(assertSchemaCurrent(knex)).resolves.toBeUndefined();

    for (const table of MONITORING_TABLES) expect(await knex.schema.hasTable(table)).toBe(true);
    expect(await migrateDown(knex)).toEqual(['0007_claim_order_index']);
    expect(await hasIndex(knex, 'test_results', 'test_results__progress_queue_priority_desc_id')).toBe(false);
    expect(await migrateDown(knex)).toEqual(['0006_schedules']);
    for (const table of MONITORING_TABLES) expect(await knex.schema.hasTable(table)).toBe(false);
    expect(await knex.schema.hasColumn('result_entries', 'id')).toBe(true);
    expect(await hasIndex(knex, 'result_entries', 'result_entries__hash_id_id')).toBe(true);
    expect(await migrateDown(knex)).toEqual(['0005_event_stream_index']);
    expect(await knex.schema.hasColumn('result_entries', 'id')).toBe(false);
    for (const [table, index] of REFERENCE_INDEXES) expect(await hasIndex(knex, table, index)).toBe(true);
    expect(await migrateDown(knex)).toEqual(['0004_rerun_isolation']);
    expect(await hasIndex(knex, 'test_results', 'test_results__progress_attempts_queue')).toBe(false);
    expect(await migrateDown(knex)).toEqual(['0003_job_states']);
    expect(await knex.schema.hasColumn('test_results', 'state')).toBe(false);
    expect(await knex.schema.hasTable('test_recordings')).toBe(false);
    expect(await migrateDown(knex)).toEqual(['0002_agent_leases']);
    await expect(assertSchemaCurrent(knex)).rejects.toThrow(/pending: 0002_agent_leases/);
    expect(await migrationStatus(knex)).toEqual({
      applied: ['0001_reference_schema'],
      pending: [
        '0002_agent_leases',
        '0003_job_states',
        '0004_rerun_isolation',
        '0005_event_stream_index',
        '0006_schedules',
        '0007_claim_order_index',
      ],
    });
    for (const c of AGENT_COLUMNS) expect(await knex.schema.hasColumn('test_results', c)).toBe(false);
    for (const index of AGENT_INDEXES) expect(await hasIndex(knex, 'test_results', index)).toBe(false);
    expect(await tablesPresent(db)).toEqual(REFERENCE_TABLES);

    expect(await migrateDown(knex)).toEqual(['0001_reference_schema']);
    expect(await tablesPresent(db)).toEqual([]);
    expect(await migrationStatus(knex)).toEqual({ applied: [], pending: [...MIGRATION_NAMES] });

    expect(await migrateLatest(knex)).toEqual([...MIGRATION_NAMES]);
    expect(await tablesPresent(db)).toEqual(REFERENCE_TABLES);
    for (const c of AGENT_COLUMNS) expect(await knex.schema.hasColumn('test_results', c)).toBe(true);
  });

  it('seeds log_level with the reference levels', async () => {
    db = await createTestDatabase();
    const rows = await db.knex('log_level').select('value', 'level').orderBy('value');
    expect(rows.map((r: { value: number; level: string }) => [Number(r.value), r.level])).toEqual([
      [-2, 'DEBUG3'],
      [-1, 'DEBUG2'],
      [0, 'DEBUG'],
      [1, 'INFO'],
      [2, 'NOTICE'],
      [3, 'WARNING'],
      [4, 'ERROR'],
      [5, 'CRITICAL'],
    ]);
  });

  it('makes every driver return the same shapes: time strings, JSON text, numbers', async () => {
    db = await createTestDatabase();
    const { knex } = db;
    const created = toDbTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
    const lease = 1_700_000_000_123;
    await knex('test_results').insert({
      hash_id: '0123456789abcdef',
      domain: 'example.test',
      created_at: created,
      fingerprint: 'f'.repeat(32),
      params: toDbJson({ domain: 'example.test', ipv4: true }),
      undelegated: 0,
      lease_expires_at: lease,
    });
    const row = await knex('test_results').where({ hash_id: '0123456789abcdef' }).first();
    expect(row.created_at).toBe('2024-01-02 03:04:05');
    expect(row.started_at).toBeNull();
    expect(typeof row.id).toBe('number');
    expect(row.lease_expires_at).toBe(lease);
    expect(row.attempts).toBe(0);
    expect(row.priority).toBe(10);
    expect(row.queue).toBe(0);
    expect(row.progress).toBe(0);
    expect(row.claimed_by).toBeNull();
    expect(typeof row.params).toBe('string');
    expect(fromDbJson(row.params)).toEqual({ domain: 'example.test', ipv4: true });

    await knex('result_entries').insert({
      hash_id: '0123456789abcdef',
      level: 3,
      module: 'BASIC',
      testcase: 'BASIC01',
      tag: 'B01_PARENT_FOUND',
      timestamp: 0.25,
      args: toDbJson({ domain: 'test', ns_list: 'ns1.test/127.0.0.1' }),
    });
    const entry = await knex('result_entries').where({ hash_id: '0123456789abcdef' }).first();
    expect(entry.timestamp).toBe(0.25);
    expect(typeof entry.args).toBe('string');
    expect(fromDbJson(entry.args)).toEqual({ domain: 'test', ns_list: 'ns1.test/127.0.0.1' });
    const count = await knex('test_results').count({ n: '*' }).first();
    expect(count?.n).toBe(1);
  });

  it('keeps database clocks in UTC: NOW() matches toDbTime()', async () => {
    db = await createTestDatabase();
    const { knex } = db;
    const before = Date.now();
    await knex('batch_jobs').insert({ username: 'clock', created_at: knex.fn.now() });
    const row = await knex('batch_jobs').where({ username: 'clock' }).first();
    expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const stored = fromDbTime(row.created_at).getTime();
    expect(Math.abs(stored - before)).toBeLessThan(5_000);
  });

  it('enforces the reference constraints', async () => {
    db = await createTestDatabase();
    const { knex } = db;
    const row = { hash_id: 'aaaaaaaaaaaaaaaa', domain: 'a.test', created_at: toDbTime(), params: '{}' };
    await knex('test_results').insert(row);
    await expect(knex('test_results').insert(row)).rejects.toThrow();
    const entry = { level: 1, module: 'BASIC', testcase: 'BASIC01', tag: 'X', timestamp: 0, args: '{}' };
    await expect(knex('result_entries').insert({ ...entry, hash_id: 'bbbbbbbbbbbbbbbb' })).rejects.toThrow();
    await expect(
      knex('result_entries').insert({ ...entry, hash_id: 'aaaaaaaaaaaaaaaa', level: 42 }),
    ).rejects.toThrow();
    await knex('users').insert({ username: 'alice', api_key: 'secret' });
    await expect(knex('users').insert({ username: 'alice', api_key: 'other' })).rejects.toThrow();
  });
});
