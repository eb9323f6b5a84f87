/**
 * JSON columns (params, results, args) are json/jsonb on PostgreSQL, blob on MySQL and text/blob on SQLite.
 * createKnex makes all three drivers return them as JSON text; write them as JSON text too (never a JS array:
 * the pg driver would turn it into a PostgreSQL array literal).
 */

export function toDbJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses a JSON column value (string, Buffer, or an already parsed value). */
export function fromDbJson<T = unknown>(v: unknown): T {
  if (typeof v === 'string') return JSON.parse(v) as T;
  if (Buffer.isBuffer(v)) return JSON.parse(v.toString('utf8')) as T;
  return v as T;
}
