import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../src/config/index.js';

export type ConfigOverrides = Record<string, Record<string, string>>;

/** The smallest valid configuration: SQLite in a file next to the (virtual) config file. */
const TEST_DEFAULTS: ConfigOverrides = {
  DB: { engine: 'SQLite' },
  SQLITE: { database_file: 'zonemaster-test.sqlite' },
};

/**
 * An ini text of the test defaults with `overrides` laid over them, section by section. Values are
 * written as given (`key = value`): quote one that contains ";" or "#".
 */
export function testConfigText(overrides: ConfigOverrides = {}): string {
  const sections = new Map<string, Record<string, string>>();
  for (const [name, keys] of Object.entries(TEST_DEFAULTS)) sections.set(name, { ...keys });
  for (const [name, keys] of Object.entries(overrides))
    sections.set(name, { ...sections.get(name), ...keys });
  const lines: string[] = [];
  for (const [name, keys] of sections) {
    lines.push(`[${name}]`);
    for (const [key, value] of Object.entries(keys)) lines.push(`${key} = ${value}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Parses testConfigText(overrides) as if it were the file `backend_config.ini` in `dir`. */
export function makeTestConfig(overrides: ConfigOverrides = {}, dir: string = tmpdir()): Config {
  return parseConfig(testConfigText(overrides), join(dir, 'backend_config.ini'));
}
