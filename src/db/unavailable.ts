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
