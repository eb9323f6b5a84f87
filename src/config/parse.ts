import { parse as parseIniText } from 'ini';
import { dirname, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { ConfigError } from './errors.js';
import { scanIni } from './scan.js';
import type { Config, ServerDbConfig } from './types.js';
import {
  ValueError,
  isProfileName,
  parseAddressList,
  parseBoolean,
  parseByteSize,
  parseEngine,
  parseHost,
  parseHostList,
  parseIntegerInRange,
  parseListenAddress,
  parseLocales,
  parseMariadbIdentifier,
  parsePassword,
  parsePath,
  parsePort,
  parsePositiveDecimal,
  parsePostgresIdentifier,
  parseShortInteger,
} from './values.js';

const PROFILE_SECTIONS = ['PUBLIC PROFILES', 'PRIVATE PROFILES'] as const;

/** Known keys per section (interface facts of the reference backend_config.ini, plus our "new" keys). */
const KNOWN_KEYS: Record<string, readonly string[]> = {
  DB: ['engine', 'polling_interval', 'connect_timeout', 'auto_migrate'],
  MYSQL: ['host', 'port', 'user', 'password', 'database'],
  POSTGRESQL: ['host', 'port', 'user', 'password', 'database'],
  SQLITE: ['database_file'],
  ZONEMASTER: [
    'max_zonemaster_execution_time',
    'number_of_processes_for_frontend_testing',
    'number_of_processes_for_batch_testing',
    'lock_on_queue',
    'age_reuse_previous_test',
    'root_hints',
    'lease_time',
    'shutdown_grace_time',
    'keep_recordings',
    'shared_dns_cache',
    'shared_dns_cache_size',
    'max_queries_per_second_per_server',
  ],
  RPCAPI: [
    'enable_add_api_user',
    'enable_add_batch_job',
    'enable_user_create',
    'enable_batch_create',
    'trusted_proxies',
    'max_request_size',
    'max_waiting_tests_per_user',
    'max_event_streams',
  ],
  LANGUAGE: ['locale'],
  METRICS: ['statsd_host', 'statsd_port', 'agent_prometheus_listen'],
  MONITORING: [
    'enable',
    'min_interval',
    'allowed_webhook_hosts',
    'webhook_timeout',
    'webhook_max_attempts',
    'webhook_retry_delay',
  ],
};

type RawSections = Map<string, Map<string, string>>;

/** Reads one section of a parsed file, turning value parser failures into located ConfigErrors. */
class SectionReader {
  constructor(
    private readonly file: string,
    private readonly section: string,
    private readonly raw: Map<string, string>,
  ) {}

  has(key: string): boolean {
    return this.raw.has(key);
  }

  optional<T>(key: string, parse: (raw: string) => T): T | undefined {
    const value = this.raw.get(key);
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (e) {
      if (e instanceof ValueError) throw this.error(key, e.message);
      throw e;
    }
  }

  withDefault<T>(key: string, parse: (raw: string) => T, fallback: T): T {
    return this.optional(key, parse) ?? fallback;
  }

  required<T>(key: string, parse: (raw: string) => T, because: string): T {
    const value = this.optional(key, parse);
    if (value === undefined) throw this.error(key, `required ${because}`);
    return value;
  }

  error(key: string | undefined, reason: string): ConfigError {
    return new ConfigError({ file: this.file, section: this.section, key }, reason);
  }
}

/**
 * Parses the text of a backend config file found at `file`, validates every section and key, and
 * returns a deep-frozen Config. Throws ConfigError naming the file, section/key and reason.
 */
export function parseConfig(text: string, file: string): Config {
  const absoluteFile = resolve(file);
  const raw = readSections(text, absoluteFile);
  const configDir = dirname(absoluteFile);
  const reader = (section: string) => new SectionReader(absoluteFile, section, raw.get(section) ?? new Map());

  const db = reader('DB');
  const engine = db.required('engine', parseEngine, '(MySQL, PostgreSQL or SQLite)');
  const config: Config = {
    file: absoluteFile,
    DB: {
      engine,
      polling_interval: db.withDefault('polling_interval', parsePositiveDecimal, 0.5),
      connect_timeout: db.withDefault('connect_timeout', parseIntegerInRange(1, 3600), 10),
      auto_migrate: db.withDefault('auto_migrate', parseBoolean, false),
    },
    MYSQL: readServerDb(
      reader('MYSQL'),
      3306,
      parseMariadbIdentifier(80),
      parseMariadbIdentifier(64),
      engine === 'MySQL',
    ),
    POSTGRESQL: readServerDb(
      reader('POSTGRESQL'),
      5432,
      parsePostgresIdentifier,
      parsePostgresIdentifier,
      engine === 'PostgreSQL',
    ),
    SQLITE: readSqlite(reader('SQLITE'), configDir, engine === 'SQLite'),
    ZONEMASTER: readZonemaster(reader('ZONEMASTER'), configDir),
    RPCAPI: readRpcapi(reader('RPCAPI')),
    LANGUAGE: { locale: reader('LANGUAGE').withDefault('locale', parseLocales, ['en_US']) },
    ...readProfiles(raw, absoluteFile, configDir),
    METRICS: readMetrics(reader('METRICS')),
    MONITORING: readMonitoring(reader('MONITORING')),
  };
  return deepFreeze(config);
}

function readSections(text: string, file: string): RawSections {
  const scanned = scanIni(text, file);
  for (const [section, line] of scanned.sections) {
    const known = section in KNOWN_KEYS || (PROFILE_SECTIONS as readonly string[]).includes(section);
    if (!known) throw new ConfigError({ file, section }, `unknown section (line ${line})`);
  }
  for (const { section, key, line } of scanned.keys) {
    const keys = KNOWN_KEYS[section];
    if (keys && !keys.includes(key))
      throw new ConfigError({ file, section, key }, `unknown key (line ${line})`);
  }

  // Section and key names were checked above, so the `ini` package cannot have nested or arrayed them.
  const decoded = parseIniText(scanned.normalizedText) as Record<string, Record<string, unknown>>;
  const sections: RawSections = new Map();
  for (const { section, key } of scanned.keys) {
    let values = sections.get(section);
    if (!values) sections.set(section, (values = new Map()));
    values.set(key, decodedValueText(decoded[section]?.[key]));
  }
  return sections;
}

/** The `ini` package turns the words true, false and null into JSON values; we want the text back. */
function decodedValueText(value: unknown): string {
  if (value === null) return 'null';
  return String(value ?? '');
}

type ServerDb = Partial<ServerDbConfig> & { port: number };

function readServerDb(
  section: SectionReader,
  defaultPort: number,
  parseUser: (raw: string) => string,
  parseDatabase: (raw: string) => string,
  selected: boolean,
): ServerDb {
  const because = '(the DB engine uses this section)';
  const pick = <T>(key: string, parse: (raw: string) => T) =>
    selected ? section.required(key, parse, because) : section.optional(key, parse);
  const result: ServerDb = { port: section.withDefault('port', parsePort, defaultPort) };
  const host = pick('host', parseHost);
  const user = pick('user', parseUser);
  const password = pick('password', parsePassword);
  const database = pick('database', parseDatabase);
  if (host !== undefined) result.host = host;
  if (user !== undefined) result.user = user;
  if (password !== undefined) result.password = password;
  if (database !== undefined) result.database = database;
  return result;
}

function readSqlite(section: SectionReader, configDir: string, selected: boolean): Config['SQLITE'] {
  // Unlike the reference, a relative database_file is allowed: it is taken relative to the config file.
  const parse = parsePath(configDir);
  const file = selected
    ? section.required('database_file', parse, '(the DB engine is SQLite)')
    : section.optional('database_file', parse);
  return file === undefined ? {} : { database_file: file };
}

function readZonemaster(section: SectionReader, configDir: string): Config['ZONEMASTER'] {
  const positive = parseShortInteger(false);
  const nonNegative = parseShortInteger(true);
  return {
    max_zonemaster_execution_time: section.withDefault('max_zonemaster_execution_time', positive, 600),
    number_of_processes_for_frontend_testing: section.withDefault(
      'number_of_processes_for_frontend_testing',
      positive,
      20,
    ),
    number_of_processes_for_batch_testing: section.withDefault(
      'number_of_processes_for_batch_testing',
      nonNegative,
      20,
    ),
    lock_on_queue: section.withDefault('lock_on_queue', nonNegative, 0),
    age_reuse_previous_test: section.withDefault('age_reuse_previous_test', positive, 600),
    root_hints: section.withDefault(
      'root_hints',
      parsePath(configDir),
      resolve(PROJECT_ROOT, 'share', 'named.root'),
    ),
    lease_time: section.withDefault('lease_time', parseIntegerInRange(5, 3600), 60),
    shutdown_grace_time: section.withDefault('shutdown_grace_time', parseIntegerInRange(0, 3600), 30),
    keep_recordings: section.withDefault('keep_recordings', parseBoolean, false),
    shared_dns_cache: section.withDefault('shared_dns_cache', parseBoolean, false),
    shared_dns_cache_size: section.withDefault(
      'shared_dns_cache_size',
      parseIntegerInRange(1, 10_000_000),
      50_000,
    ),
    max_queries_per_second_per_server: section.withDefault(
      'max_queries_per_second_per_server',
      parseIntegerInRange(0, 1_000_000),
      0,
    ),
  };
}

/** Reads a boolean that may also be given under its experimental alias; giving both is an error. */
function readAliasedBoolean(section: SectionReader, key: string, alias: string, fallback: boolean): boolean {
  if (section.has(key) && section.has(alias)) {
    throw section.error(alias, `is an alias of "${key}"; give only one of them`);
  }
  return section.optional(alias, parseBoolean) ?? section.withDefault(key, parseBoolean, fallback);
}

function readRpcapi(section: SectionReader): Config['RPCAPI'] {
  return {
    enable_add_api_user: readAliasedBoolean(section, 'enable_add_api_user', 'enable_user_create', false),
    enable_add_batch_job: readAliasedBoolean(section, 'enable_add_batch_job', 'enable_batch_create', true),
    trusted_proxies: section.withDefault('trusted_proxies', parseAddressList, []),
    max_request_size: section.withDefault('max_request_size', parseByteSize, '64mb'),
    max_waiting_tests_per_user: section.optional(
      'max_waiting_tests_per_user',
      parseIntegerInRange(1, 1_000_000_000),
    ),
    max_event_streams: section.withDefault('max_event_streams', parseIntegerInRange(0, 1_000_000), 1000),
  };
}

function readProfiles(
  raw: RawSections,
  file: string,
  configDir: string,
): Pick<Config, 'PUBLIC_PROFILES' | 'PRIVATE_PROFILES'> {
  const parse = parsePath(configDir);
  const seenIn = new Map<string, string>();
  const read = (sectionName: (typeof PROFILE_SECTIONS)[number]): Record<string, string> => {
    const section = new SectionReader(file, sectionName, raw.get(sectionName) ?? new Map());
    const profiles: Record<string, string> = {};
    for (const name of raw.get(sectionName)?.keys() ?? []) {
      if (!isProfileName(name)) {
        throw section.error(
          name,
          'invalid profile name (1 to 32 letters, digits, "-" or "_", not starting or ending with "-" or "_")',
        );
      }
      const lower = name.toLowerCase();
      if (sectionName === 'PRIVATE PROFILES' && lower === 'default') {
        throw section.error(name, 'the "default" profile cannot be private');
      }
      const earlier = seenIn.get(lower);
      if (earlier !== undefined) throw section.error(name, `profile name already defined in [${earlier}]`);
      seenIn.set(lower, sectionName);
      profiles[lower] = section.optional(name, parse)!;
    }
    return profiles;
  };
  const publicProfiles = read('PUBLIC PROFILES');
  const privateProfiles = read('PRIVATE PROFILES');
  return { PUBLIC_PROFILES: { default: '', ...publicProfiles }, PRIVATE_PROFILES: privateProfiles };
}

function readMetrics(section: SectionReader): Config['METRICS'] {
  const metrics: Config['METRICS'] = { statsd_port: section.withDefault('statsd_port', parsePort, 8125) };
  const host = section.optional('statsd_host', parseHost);
  const listen = section.optional('agent_prometheus_listen', parseListenAddress);
  if (host !== undefined) metrics.statsd_host = host;
  if (listen !== undefined) metrics.agent_prometheus_listen = listen;
  return metrics;
}

function readMonitoring(section: SectionReader): Config['MONITORING'] {
  return {
    enable: section.withDefault('enable', parseBoolean, true),
    min_interval: section.withDefault('min_interval', parseIntegerInRange(1, 31_536_000), 300),
    allowed_webhook_hosts: section.withDefault('allowed_webhook_hosts', parseHostList, []),
    webhook_timeout: section.withDefault('webhook_timeout', parseIntegerInRange(1, 300), 10),
    webhook_max_attempts: section.withDefault('webhook_max_attempts', parseIntegerInRange(1, 20), 5),
    webhook_retry_delay: section.withDefault('webhook_retry_delay', parseIntegerInRange(1, 3600), 10),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
