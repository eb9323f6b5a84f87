import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config/types.js';

export type Dialect = 'sqlite' | 'pg' | 'mysql';

// pg ships no type declarations; only its default type parsers are needed here.
const pgDefaultTypes = (
  createRequire(import.meta.url)('pg') as {
    types: { getTypeParser(oid: number, format?: 'text' | 'binary'): (v: string) => unknown };
  }
).types;

const PG_INT8 = 20;
const PG_JSON = 114;
const PG_JSONB = 3802;
const PG_TIMESTAMP = 1114;

/**
 * One knex instance for the engine named in [DB] engine. All three drivers are made to return the same shapes:
 * DATETIME/TIMESTAMP columns as 'YYYY-MM-DD HH:MM:SS' UTC strings, JSON columns as JSON text, BIGINT as number.
 * Write times with toDbTime() and JSON with toDbJson(): never Date objects or JS arrays.
 */
export function createKnex(config: Config, options: ConnectionOptions = {}): Knex {
  const settings = engineSettings(config, options);
  return knexFactory({ ...settings, log: KNEX_LOG });
}

export interface ConnectionOptions {
  /**
   * SQLite: how long a statement waits for another process's write lock (default 10 s). better-sqlite3 waits
   * synchronously, so this is also how long the event loop may stand still.
   */
  sqliteBusyMs?: number;
}

function engineSettings(config: Config, options: ConnectionOptions): Knex.Config {
  switch (config.DB.engine) {
    case 'SQLite':
      return sqliteSettings(config, options.sqliteBusyMs ?? 10_000);
    case 'PostgreSQL':
      return postgresSettings(config);
    case 'MySQL':
      return mysqlSettings(config);
  }
}

/** knex prints its own warnings with console.log; keep stdout for the programs' output. */
function toStderr(message: unknown): void {
  process.stderr.write(`knex: ${typeof message === 'string' ? message : String(message)}\n`);
}
const KNEX_LOG: Knex.Logger = { warn: toStderr, error: toStderr, deprecate: toStderr, debug: toStderr };

export function dialectOf(knex: Knex): Dialect {
  const client = String((knex.client as { config: Knex.Config }).config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') return 'sqlite';
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') return 'pg';
  if (client === 'mysql2' || client === 'mysql') return 'mysql';
  throw new Error(`unsupported knex client: ${client}`);
}

function sqliteSettings(config: Config, busyMs: number): Knex.Config {
  const filename = config.SQLITE.database_file;
  if (!filename) throw new Error('SQLITE.database_file is required when DB.engine is SQLite');
  mkdirSync(dirname(filename), { recursive: true });
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      afterCreate(
        conn: { pragma(source: string): unknown },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma(`busy_timeout = ${Math.round(busyMs)}`);
          conn.pragma('foreign_keys = ON');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  };
}

/** Per-connection type parsers, so the process-wide pg defaults stay untouched. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_TIMESTAMP) return (v: string) => v.slice(0, 19);
    if (oid === PG_JSON || oid === PG_JSONB) return (v: string) => v;
    if (oid === PG_INT8) return (v: string) => Number(v);
    return pgDefaultTypes.getTypeParser(oid, format ?? 'text');
  },
};

function postgresSettings(config: Config): Knex.Config {
  const s = config.POSTGRESQL;
  return {
    client: 'pg',
    connection: {
      host: s.host ?? '127.0.0.1',
      port: s.port,
      user: s.user,
      password: s.password,
      database: s.database,
      types: pgTypes,
      // NOW() and CURRENT_TIMESTAMP in UTC, like every time we write.
      options: '-c TimeZone=UTC',
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 10 },
  };
}

function mysqlSettings(config: Config): Knex.Config {
  const s = config.MYSQL;
  return {
    client: 'mysql2',
    connection: {
      host: s.host ?? '127.0.0.1',
      port: s.port,
      user: s.user,
      password: s.password,
      database: s.database,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      typeCast: castMysqlField,
    } as Knex.MySql2ConnectionConfig,
    pool: {
      min: 0,
      max: 10,
      afterCreate(
        conn: { query(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.query("SET time_zone = '+00:00'", (err) => done(err, conn));
      },
    },
  };
}

interface MysqlField {
  type: string;
  string(encoding?: string): string | null;
}

/** The reference stores JSON in BLOB columns: hand them back as text like the other engines do. */
function castMysqlField(field: MysqlField, next: () => unknown): unknown {
  if (
    field.type === 'BLOB' ||
    field.type === 'TINY_BLOB' ||
    field.type === 'MEDIUM_BLOB' ||
    field.type === 'LONG_BLOB'
  ) {
    return field.string('utf8');
  }
  return next();
}
