/**
 * The reference's lenient reading of params (rpcapi-reference "Request handling"), applied before validation:
 * - booleans: any value but an object; false, "", "0" and numbers equal to zero are false, everything else
 *   true; null is treated as absent (so the default applies); an object stays as it is and fails validation;
 * - integers: numbers in strings are accepted, fractions are rounded to the nearest integer;
 * - strings: numbers are accepted as their decimal text.
 * The walk follows the schema, so values the schema does not describe are left alone (and rejected later).
 */
import type { Schema } from './schemas.js';

const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export function toBoolean(value: unknown): boolean {
  if (value === false || value === null || value === undefined || value === '' || value === '0') return false;
  if (typeof value === 'number') return value !== 0;
  return true;
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

export function coerce(schema: Schema, value: unknown): unknown {
  if (schema['x-boolean'] === true) return isObject(value) ? value : toBoolean(value);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      let n = value;
      if (typeof n === 'string' && NUMERIC_TEXT.test(n)) n = Number(n);
      if (typeof n === 'number' && schema.type === 'integer' && Number.isFinite(n) && !Number.isInteger(n))
        n = Math.round(n);
      return n;
    }
    case 'string':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    case 'object': {
      const properties = schema.properties as Record<string, Schema> | undefined;
      if (!properties || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      for (const [key, sub] of Object.entries(properties)) {
        if (!Object.hasOwn(obj, key)) continue;
        // A null boolean is an absent one (the reference reads it as undefined: the default applies).
        if (sub['x-boolean'] === true && obj[key] === null) delete obj[key];
        else obj[key] = coerce(sub, obj[key]);
      }
      return obj;
    }
    case 'array': {
      const items = schema.items as Schema | undefined;
      if (!items || !Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++) value[i] = coerce(items, value[i]);
      return value;
    }
    default:
      return value;
  }
}
