import { describe, expect, it } from 'vitest';
import { fromDbJson, toDbJson } from '../src/db/json.js';
import { fromDbTime, toApiTime, toDbTime } from '../src/db/time.js';

describe('database time and JSON values', () => {
  const instant = new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 750));

  it('writes UTC text with whole seconds', () => {
    expect(toDbTime(instant)).toBe('2024-02-29 23:59:58');
  });

  it('reads the forms the drivers and the reference produce', () => {
    const second = new Date(Date.UTC(2024, 1, 29, 23, 59, 58));
    expect(fromDbTime('2024-02-29 23:59:58')).toEqual(second);
    expect(fromDbTime('2024-02-29 23:59:58.750')).toEqual(instant);
    expect(fromDbTime('2024-02-29T23:59:58Z')).toEqual(second);
    expect(fromDbTime('2024-03-01 01:59:58+02:00')).toEqual(second);
    expect(fromDbTime(instant.getTime())).toEqual(instant);
    expect(fromDbTime(instant)).toEqual(instant);
    expect(fromDbTime(toDbTime(instant))).toEqual(second);
  });

  it('rejects what is not a time', () => {
    for (const bad of [null, undefined, '', 'yesterday', '2024-13-45 99:99:99', {}]) {
      expect(() => fromDbTime(bad)).toThrow(TypeError);
    }
  });

  it('formats API times', () => {
    expect(toApiTime('2024-02-29 23:59:58')).toBe('2024-02-29T23:59:58Z');
    expect(toApiTime(instant)).toBe('2024-02-29T23:59:58Z');
  });

  it('round-trips JSON from text, buffers and parsed values', () => {
    const value = { domain: 'example.test', nameservers: [{ ns: 'ns1.example.test', ip: '127.0.0.1' }] };
    expect(fromDbJson(toDbJson(value))).toEqual(value);
    expect(fromDbJson(Buffer.from(toDbJson(value)))).toEqual(value);
    expect(fromDbJson(value)).toBe(value);
  });
});
