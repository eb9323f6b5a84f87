/**
 * Whether an error means the database cannot be reached or is not serving (down, restarting, refusing
 * connections, pool exhausted waiting for one), as opposed to a fault in a query.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
]);

// PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart).
const PG_UNAVAILABLE = /^(08|57P)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (e.name === 'KnexTimeoutError' || NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code)) return true;
    if (
      /Connection terminated|connection is closed|Cannot enqueue|server closed the connection/i.test(
        e.message,
      )
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return (error as { errors?: unknown[] } | undefined)?.errors?.some(isDatabaseUnavailable) ?? false;
}

/**
 * A transaction the database rolled back because concurrent agents' transactions conflicted (MySQL/MariaDB
 * deadlock 1213, PostgreSQL 40P01 or 40001, SQLite's write lock held by another process): a normal outcome of
 * several agents claiming the same rows, to be retried, not an outage.
 */
export function isLockConflict(error: unknown): boolean {
  const e = error as { errno?: number; code?: string } | null;
  return e?.errno === 1213 || e?.code === '40P01' || e?.code === '40001' || e?.code === 'SQLITE_BUSY';
}
