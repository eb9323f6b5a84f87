/** The configuration keys of job recordings and per-user limits: defaults, values, refusals. */
import { describe, expect, it } from 'vitest';
import { makeTestConfig } from './lib/config.js';

describe('[ZONEMASTER] keep_recordings and [RPCAPI] max_waiting_tests_per_user', () => {
  it('default to no recordings of completed tests and no limit', () => {
    const config = makeTestConfig();
    expect(config.ZONEMASTER.keep_recordings).toBe(false);
    expect(config.RPCAPI.max_waiting_tests_per_user).toBeUndefined();
  });

  it('are read when given', () => {
    const config = makeTestConfig({
      ZONEMASTER: { keep_recordings: 'yes' },
      RPCAPI: { max_waiting_tests_per_user: '50000' },
    });
    expect(config.ZONEMASTER.keep_recordings).toBe(true);
    expect(config.RPCAPI.max_waiting_tests_per_user).toBe(50000);
  });

  it.each([
    ['ZONEMASTER', 'keep_recordings', 'sometimes'],
    ['RPCAPI', 'max_waiting_tests_per_user', '0'],
    ['RPCAPI', 'max_waiting_tests_per_user', 'many'],
  ])('refuse [%s] %s = %s, naming the key', (section, key, value) => {
    expect(() => makeTestConfig({ [section]: { [key]: value } })).toThrow(new RegExp(key));
  });
});
