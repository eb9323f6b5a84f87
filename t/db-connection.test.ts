import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentKnex } from '../src/agent/service.js';
import { createKnex, dialectOf } from '../src/db/connection.js';
import { makeTestConfig } from './lib/config.js';
import { createTestDatabase, target, type TestDatabase } from './lib/db.js';

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe(`connection to ${target()}`, () => {
  it('opens the engine the config names, with UTC sessions and SQLite safety settings', async () => {
    db = await createTestDatabase({ migrate: false });
    const { knex, config } = db;
    const dialect = dialectOf(knex);
    expect(dialect).toBe({ SQLite: 'sqlite', PostgreSQL: 'pg', MySQL: 'mysql' }[target()]);
    if (dialect === 'sqlite') {
      const pragma = async (name: string) =>
        Object.values((await knex.raw(`PRAGMA ${name}`))[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(10000);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(2); // FULL: what the RPC API accepted survives a power cut
      // The agent's own connection waits briefly for locks and commits without waiting for the disk.
      const agentKnex = createAgentKnex(config);
      try {
        const agentPragma = async (name: string) =>
          Object.values((await agentKnex.raw(`PRAGMA ${name}`))[0] as object)[0];
        expect(await agentPragma('synchronous')).toBe(1); // NORMAL
        expect(await agentPragma('busy_timeout')).toBe(250);
        expect(await agentPragma('journal_mode')).toBe('wal');
      } finally {
        await agentKnex.destroy();
      }
      // createKnex made the (missing) folder; the first query made the file
      expect(existsSync(config.SQLITE.database_file!)).toBe(true);
    } else if (dialect === 'pg') {
      const result = await knex.raw('SHOW TimeZone');
      expect(result.rows[0].TimeZone).toBe('UTC');
    } else {
      const [rows] = await knex.raw('SELECT @@session.time_zone AS tz');
      expect(rows[0].tz).toBe('+00:00');
    }
  });

  it('fails loudly when the database cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zmt-conn-'));
    try {
      if (target() === 'SQLite') {
        // a plain file where the database folder should be
        writeFileSync(join(dir, 'not-a-folder'), '');
        const config = makeTestConfig(
          { SQLITE: { database_file: join(dir, 'not-a-folder', 'db.sqlite') } },
          dir,
        );
        expect(() => createKnex(config)).toThrow();
      } else {
        const section = target() === 'PostgreSQL' ? 'POSTGRESQL' : 'MYSQL';
        const config = makeTestConfig(
          {
            DB: { engine: target() },
            [section]: { host: '127.0.0.1', port: '1', user: 'root', password: '', database: 'test' },
          },
          dir,
        );
        const knex = createKnex(config);
        try {
          await expect(knex.raw('SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
        } finally {
          await knex.destroy();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
