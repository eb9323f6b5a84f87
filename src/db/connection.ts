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
  return knexFactory({ ...settings, log: options.logger ? knexLogThrough(options.logger) : KNEX_LOG });
}

/** The part of a pino logger knex's own warnings go through, so `--logjson` keeps one JSON object per line. */
export interface KnexLogSink {
  warn(obj: object, message: string): void;
  error(obj: object, message: string): void;
  debug(obj: object, message: string): void;
}

function knexLogThrough(logger: KnexLogSink): Knex.Logger {
  const text = (message: unknown) => (typeof message === 'string' ? message : String(message));
  return {
    warn: (message) => logger.warn({ component: 'knex' }, text(message)),
    error: (message) => logger.error({ component: 'knex' }, text(message)),
    deprecate: (method, alternative) =>
      logger.warn({ component: 'knex' }, `${String(method)} is deprecated; use ${String(alternative)}`),
    debug: (message) => logger.debug({ component: 'knex' }, text(message)),
  };
}

/**
 * Start-up check: opens one connection with the driver itself, bounded by [DB] connect_timeout, and throws a
 * one-line reason naming the server (the driver's own words: refused, unknown database, bad password). Going
 * through the pool instead would retry until the pool's acquire timeout and report only "pool is probably full".
 */
export async function assertDatabaseReachable(knex: Knex, config: Config): Promise<void> {
  const seconds = config.DB.connect_timeout;
  const where = describeServer(config);
  const client = knex.client as {
    acquireRawConnection(): Promise<unknown>;
    destroyRawConnection(connection: unknown): Promise<void>;
  };
  let timer: NodeJS.Timeout | undefined;
  const attempt = client.acquireRawConnection();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no connection within ${seconds} s ([DB] connect_timeout)`)),
      seconds * 1000,
    );
  });
  try {
    const connection = await Promise.race([attempt, timeout]);
    await client.destroyRawConnection(connection);
  } catch (error) {
    // A connection that arrives after the timeout is closed, not leaked.
    attempt.then((late) => client.destroyRawConnection(late)).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // Each driver words its own connect timeout differently; say it once, naming the key.
    const reason = /timeout|timed out|ETIMEDOUT/i.test(message)
      ? `no connection within ${seconds} s ([DB] connect_timeout)`
      : message.replace(/\s*[\r\n]+\s*/g, ' ');
    throw new DatabaseUnreachableError(`database ${where} not reachable: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/** An expected start-up failure: its message is the whole story (no stack trace). */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

function describeServer(config: Config): string {
  switch (config.DB.engine) {
    case 'SQLite':
      return `SQLite ${config.SQLITE.database_file ?? ''}`;
    case 'PostgreSQL': {
      const s = config.POSTGRESQL;
      return `PostgreSQL ${s.database ?? ''} at ${s.host ?? '127.0.0.1'}:${s.port}`;
    }
    case 'MySQL': {
      const s = config.MYSQL;
      return `MySQL ${s.database ?? ''} at ${s.host ?? '127.0.0.1'}:${s.port}`;
    }
  }
}

export interface ConnectionOptions {
  /** Where knex's own warnings go (default: stderr as text). */
  logger?: KnexLogSink;
  /**
   * SQLite: how long a statement waits for another process's write lock (default 10 s). better-sqlite3 waits
   * synchronously, so this is also how long the event loop may stand still.
   */
  sqliteBusyMs?: number;
  /**
   * SQLite: commit without waiting for the disk (`synchronous = NORMAL`, safe with the WAL journal). A commit
   * survives the process crashing; only an operating-system crash or power loss may undo the last ones. The
   * agent uses it: a lost completion leaves its test running until the lease expires and recovery takes it.
   */
  sqliteRelaxedSync?: boolean;
}

function engineSettings(config: Config, options: ConnectionOptions): Knex.Config {
  switch (config.DB.engine) {
    case 'SQLite':
      return sqliteSettings(config, options.sqliteBusyMs ?? 10_000, options.sqliteRelaxedSync ?? false);
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

function sqliteSettings(config: Config, busyMs: number, relaxedSync: boolean): Knex.Config {
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
          if (relaxedSync) conn.pragma('synchronous = NORMAL');
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
      connectionTimeoutMillis: config.DB.connect_timeout * 1000,
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
      connectTimeout: config.DB.connect_timeout * 1000,
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
