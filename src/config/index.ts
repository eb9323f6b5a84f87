import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { ConfigError, formatConfigError } from './errors.js';
import { parseConfig } from './parse.js';
import type { Config } from './types.js';

export { ConfigError, formatConfigError } from './errors.js';
export type { ConfigErrorLocation } from './errors.js';
export { parseConfig } from './parse.js';
export type { Config, DbEngine, ServerDbConfig } from './types.js';

export const CONFIG_FILE_ENV = 'ZONEMASTER_BACKEND_CONFIG_FILE';

/** The embedded default configuration shipped at the repository root. */
export const EMBEDDED_CONFIG_FILE = join(PROJECT_ROOT, 'zonemaster_backend.ini');

/** System-wide locations tried in order (Linux, then FreeBSD), before the embedded default. */
export const SYSTEM_CONFIG_FILES: readonly string[] = [
  '/etc/zonemaster/backend_config.ini',
  '/usr/local/etc/zonemaster/backend_config.ini',
];

/**
 * The config file to use: $ZONEMASTER_BACKEND_CONFIG_FILE if set (used even if missing, so a typo
 * fails loudly), else the first existing `candidates` path, else the embedded default.
 */
export function findConfigFile(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = SYSTEM_CONFIG_FILES,
): string {
  const fromEnv = env[CONFIG_FILE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return candidates.find((candidate) => existsSync(candidate)) ?? EMBEDDED_CONFIG_FILE;
}

/** Reads and validates a config file (default: the one findConfigFile() picks). */
export function loadConfig(path: string = findConfigFile()): Config {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${String(e)}`;
    throw new ConfigError({ file }, reason);
  }
  return parseConfig(text, file);
}

/** loadConfig for daemons and CLIs: on failure print the one-line reason to stderr and exit 1. */
export function loadConfigOrExit(path?: string): Config {
  try {
    return loadConfig(path);
  } catch (e) {
    process.stderr.write(`${formatConfigError(e)}\n`);
    process.exit(1);
  }
}
