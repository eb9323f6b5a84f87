/**
 * Times are UTC everywhere. The database holds 'YYYY-MM-DD HH:MM:SS' (what the reference backend writes and what
 * createKnex makes every driver return); the API shows 'YYYY-MM-DDTHH:MM:SSZ'.
 */

/** A Date as the database's UTC text form 'YYYY-MM-DD HH:MM:SS' (whole seconds). */
export function toDbTime(d: Date = new Date()): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A database time (string, Date or epoch milliseconds) as a Date. Throws on null or unparsable values. */
export function fromDbTime(v: unknown): Date {
  if (v instanceof Date) return checked(new Date(v.getTime()), v);
  if (typeof v === 'number') return checked(new Date(v), v);
  if (typeof v === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      v.trim(),
    );
    if (m) return checked(new Date(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`), v);
  }
  throw new TypeError(`not a database time: ${String(v)}`);
}

/** A database time as the API's 'YYYY-MM-DDTHH:MM:SSZ'. */
export function toApiTime(v: unknown): string {
  return fromDbTime(v).toISOString().slice(0, 19) + 'Z';
}

function checked(d: Date, original: unknown): Date {
  if (Number.isNaN(d.getTime())) throw new TypeError(`not a database time: ${String(original)}`);
  return d;
}
