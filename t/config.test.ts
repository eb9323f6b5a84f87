import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  EMBEDDED_CONFIG_FILE,
  SYSTEM_CONFIG_FILES,
  findConfigFile,
  formatConfigError,
  loadConfig,
  parseConfig,
} from '../src/config/index.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { makeTestConfig, testConfigText } from './lib/config.js';

const dir = mkdtempSync(join(tmpdir(), 'zm-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'backend_config.ini');

/** The ConfigError thrown by parsing `text`, or a failure if it parses. */
function errorOf(text: string): ConfigError {
  try {
    parseConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, but the text parsed');
}

function overrideError(overrides: Record<string, Record<string, string>>): ConfigError {
  return errorOf(testConfigText(overrides));
}

describe('defaults', () => {
  const config = makeTestConfig({}, dir);

  it.each([
    ['DB', 'polling_interval', 0.5],
    ['DB', 'connect_timeout', 10],
    ['DB', 'auto_migrate', false],
    ['MYSQL', 'port', 3306],
    ['POSTGRESQL', 'port', 5432],
    ['ZONEMASTER', 'max_zonemaster_execution_time', 600],
    ['ZONEMASTER', 'number_of_processes_for_frontend_testing', 20],
    ['ZONEMASTER', 'number_of_processes_for_batch_testing', 20],
    ['ZONEMASTER', 'lock_on_queue', 0],
    ['ZONEMASTER', 'age_reuse_previous_test', 600],
    ['ZONEMASTER', 'root_hints', join(PROJECT_ROOT, 'share', 'named.root')],
    ['ZONEMASTER', 'lease_time', 60],
    ['ZONEMASTER', 'shutdown_grace_time', 30],
    ['RPCAPI', 'enable_add_api_user', false],
    ['RPCAPI', 'enable_add_batch_job', true],
    ['RPCAPI', 'trusted_proxies', []],
    ['RPCAPI', 'max_request_size', '64mb'],
    ['LANGUAGE', 'locale', ['en_US']],
    ['PUBLIC_PROFILES', 'default', ''],
    ['METRICS', 'statsd_port', 8125],
  ])('[%s] %s = %j', (section, key, expected) => {
    expect((config as unknown as Record<string, Record<string, unknown>>)[section]![key]).toEqual(expected);
  });

  it('leaves optional keys unset', () => {
    expect(config.MYSQL).toEqual({ port: 3306 });
    expect(config.POSTGRESQL).toEqual({ port: 5432 });
    expect(config.METRICS).toEqual({ statsd_port: 8125 });
    expect(config.PRIVATE_PROFILES).toEqual({});
  });

  it('records the absolute config file path and is deeply frozen', () => {
    expect(config.file).toBe(file);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ZONEMASTER)).toBe(true);
    expect(Object.isFrozen(config.LANGUAGE.locale)).toBe(true);
    expect(() => {
      (config.DB as { polling_interval: number }).polling_interval = 1;
    }).toThrow(TypeError);
  });
});

describe('the embedded zonemaster_backend.ini', () => {
  it('selects SQLite in <repo>/var and holds the defaults', () => {
    const config = loadConfig(EMBEDDED_CONFIG_FILE);
    expect(config.DB).toEqual({
      engine: 'SQLite',
      polling_interval: 0.5,
      connect_timeout: 10,
      auto_migrate: false,
    });
    expect(config.SQLITE.database_file).toBe(join(PROJECT_ROOT, 'var', 'zonemaster.sqlite'));
    expect(config.LANGUAGE.locale).toEqual([
      'da_DK',
      'en_US',
      'es_ES',
      'fi_FI',
      'fr_FR',
      'nb_NO',
      'sl_SI',
      'sv_SE',
    ]);
    expect(config.ZONEMASTER.lease_time).toBe(60);
    expect(config.RPCAPI).toEqual({
      enable_add_api_user: false,
      enable_add_batch_job: true,
      trusted_proxies: [],
      max_request_size: '64mb',
      max_event_streams: 1000,
    });
  });
});

describe('valid values', () => {
  it('accepts the DB engines case-insensitively, MariaDB as MySQL', () => {
    const server = { host: '127.0.0.1', user: 'root', password: '', database: 'test' };
    expect(makeTestConfig({ DB: { engine: 'sqlite' } }).DB.engine).toBe('SQLite');
    expect(makeTestConfig({ DB: { engine: 'POSTGRESQL' }, POSTGRESQL: server }).DB.engine).toBe('PostgreSQL');
    expect(makeTestConfig({ DB: { engine: 'MariaDB' }, MYSQL: server }).DB.engine).toBe('MySQL');
    const mysql = makeTestConfig({ DB: { engine: 'mysql' }, MYSQL: { ...server, port: '3307' } });
    expect(mysql.MYSQL).toEqual({ ...server, port: 3307 });
  });

  it('reads the value text of true/false/null words, quotes and inline comments', () => {
    const config = makeTestConfig({
      RPCAPI: { enable_add_api_user: 'TRUE', enable_add_batch_job: 'no ; comment' },
      POSTGRESQL: { password: '"pa;ss#word"' },
    });
    expect(config.RPCAPI.enable_add_api_user).toBe(true);
    expect(config.RPCAPI.enable_add_batch_job).toBe(false);
    expect(config.POSTGRESQL.password).toBe('pa;ss#word');
  });

  it('resolves a relative SQLite database_file against the config folder, keeps an absolute one', () => {
    const relative = makeTestConfig({ SQLITE: { database_file: 'data/zm.sqlite' } }, dir);
    expect(relative.SQLITE.database_file).toBe(join(dir, 'data', 'zm.sqlite'));
    const absolute = makeTestConfig({ SQLITE: { database_file: '/srv/zm/db.sqlite' } }, dir);
    expect(absolute.SQLITE.database_file).toBe('/srv/zm/db.sqlite');
  });

  it('resolves root_hints and profile paths against the config folder', () => {
    const config = makeTestConfig(
      {
        ZONEMASTER: { root_hints: 'hints/named.root' },
        'PUBLIC PROFILES': { Default: 'profiles/default.json', Fast: '/opt/fast.json' },
        'PRIVATE PROFILES': { batch: 'batch.json' },
      },
      dir,
    );
    expect(config.ZONEMASTER.root_hints).toBe(join(dir, 'hints', 'named.root'));
    expect(config.PUBLIC_PROFILES).toEqual({
      default: join(dir, 'profiles', 'default.json'),
      fast: '/opt/fast.json',
    });
    expect(config.PRIVATE_PROFILES).toEqual({ batch: join(dir, 'batch.json') });
  });

  it('maps the experimental aliases onto the original keys', () => {
    const config = makeTestConfig({ RPCAPI: { enable_user_create: 'true', enable_batch_create: 'false' } });
    expect(config.RPCAPI.enable_add_api_user).toBe(true);
    expect(config.RPCAPI.enable_add_batch_job).toBe(false);
  });

  it('reads the new keys', () => {
    const config = makeTestConfig({
      RPCAPI: { trusted_proxies: '127.0.0.1  ::1 10.0.0.0/8', max_request_size: '1GB' },
      METRICS: { statsd_host: 'localhost', agent_prometheus_listen: '[::1]:9100' },
      LANGUAGE: { locale: 'en_US sv_SE fr_FR' },
      ZONEMASTER: {
        lease_time: '5',
        shutdown_grace_time: '0',
        shared_dns_cache: 'yes',
        shared_dns_cache_size: '1000',
        max_queries_per_second_per_server: '50',
      },
    });
    expect(config.RPCAPI.trusted_proxies).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(config.RPCAPI.max_request_size).toBe('1gb');
    expect(config.METRICS).toEqual({
      statsd_host: 'localhost',
      statsd_port: 8125,
      agent_prometheus_listen: '[::1]:9100',
    });
    expect(config.LANGUAGE.locale).toEqual(['en_US', 'sv_SE', 'fr_FR']);
    expect(config.ZONEMASTER.lease_time).toBe(5);
    expect(config.ZONEMASTER.shutdown_grace_time).toBe(0);
    expect(config.ZONEMASTER.shared_dns_cache).toBe(true);
    expect(config.ZONEMASTER.shared_dns_cache_size).toBe(1000);
    expect(config.ZONEMASTER.max_queries_per_second_per_server).toBe(50);
  });

  it('accepts comments, blank lines, indentation and CRLF line ends', () => {
    const text =
      '; comment\r\n# another\r\n\r\n  [DB]\r\n  engine = SQLite\r\n[SQLITE]\r\ndatabase_file=/x.sqlite\r\n';
    expect(parseConfig(text, file).SQLITE.database_file).toBe('/x.sqlite');
  });
});

describe('invalid values name the section and key', () => {
  it.each([
    ['DB', 'engine', 'Oracle'],
    ['DB', 'polling_interval', '0'],
    ['DB', 'polling_interval', '0.1234'],
    ['DB', 'polling_interval', '123456'],
    ['MYSQL', 'host', 'bad_host!'],
    ['MYSQL', 'port', '70000'],
    ['MYSQL', 'user', 'bad-user'],
    ['MYSQL', 'password', '<secret'],
    ['MYSQL', 'database', 'x'.repeat(65)],
    ['POSTGRESQL', 'host', '-leading.example'],
    ['POSTGRESQL', 'port', 'abc'],
    ['POSTGRESQL', 'user', '1user'],
    ['POSTGRESQL', 'password', 'p'.repeat(101)],
    ['POSTGRESQL', 'database', 'x'.repeat(64)],
    ['SQLITE', 'database_file', ''],
    ['ZONEMASTER', 'max_zonemaster_execution_time', '0'],
    ['ZONEMASTER', 'number_of_processes_for_frontend_testing', '0'],
    ['ZONEMASTER', 'number_of_processes_for_batch_testing', '-1'],
    ['ZONEMASTER', 'lock_on_queue', '123456'],
    ['ZONEMASTER', 'age_reuse_previous_test', '0'],
    ['ZONEMASTER', 'root_hints', ''],
    ['DB', 'connect_timeout', '0'],
    ['DB', 'auto_migrate', 'sometimes'],
    ['ZONEMASTER', 'lease_time', '4'],
    ['ZONEMASTER', 'shutdown_grace_time', '3601'],
    ['ZONEMASTER', 'shared_dns_cache', 'maybe'],
    ['ZONEMASTER', 'shared_dns_cache_size', '0'],
    ['ZONEMASTER', 'max_queries_per_second_per_server', '-5'],
    ['RPCAPI', 'enable_add_api_user', 'maybe'],
    ['RPCAPI', 'enable_add_batch_job', '1'],
    ['RPCAPI', 'enable_user_create', 'on'],
    ['RPCAPI', 'enable_batch_create', 'off'],
    ['RPCAPI', 'trusted_proxies', '127.0.0.1 proxy.example'],
    ['RPCAPI', 'max_request_size', '64 megabytes'],
    ['LANGUAGE', 'locale', 'en'],
    ['LANGUAGE', 'locale', ''],
    ['LANGUAGE', 'locale', 'en_US en_GB'],
    ['METRICS', 'statsd_host', 'a..b'],
    ['METRICS', 'statsd_port', '0'],
    ['METRICS', 'agent_prometheus_listen', '127.0.0.1'],
  ])('[%s] %s = %j', (section, key, value) => {
    const error = overrideError({ [section]: { [key]: value } });
    expect(error.section).toBe(section);
    expect(error.key).toBe(key);
    expect(error.message).toMatch(new RegExp(`^${file}: \\[${section}\\] ${key}: \\S`));
    expect(error.message).not.toContain('\n');
  });

  it('requires DB.engine', () => {
    expect(errorOf('[DB]\npolling_interval = 1\n').message).toBe(
      `${file}: [DB] engine: required (MySQL, PostgreSQL or SQLite)`,
    );
  });

  it.each([
    ['MySQL', 'MYSQL'],
    ['PostgreSQL', 'POSTGRESQL'],
  ])('requires host, user, password and database when the engine is %s', (engine, section) => {
    const complete = { host: 'db.example', user: 'zm', password: 'pw', database: 'zm' };
    for (const key of Object.keys(complete)) {
      const partial: Record<string, string> = { ...complete };
      delete partial[key];
      const error = overrideError({ DB: { engine }, [section]: partial });
      expect([error.section, error.key]).toEqual([section, key]);
      expect(error.reason).toMatch(/^required/);
    }
  });

  it('requires SQLITE.database_file when the engine is SQLite', () => {
    const error = errorOf('[DB]\nengine = SQLite\n');
    expect(error.message).toBe(`${file}: [SQLITE] database_file: required (the DB engine is SQLite)`);
  });
});

describe('structure errors', () => {
  it('rejects an unknown section', () => {
    const error = overrideError({ 'TLD URL SETTINGS': { enable_tld_url: 'true' } });
    expect(error.message).toMatch(new RegExp(`^${file}: \\[TLD URL SETTINGS\\]: unknown section`));
  });

  it('rejects an unknown key', () => {
    const error = overrideError({ ZONEMASTER: { number_of_workers: '3' } });
    expect(error.message).toMatch(new RegExp(`^${file}: \\[ZONEMASTER\\] number_of_workers: unknown key`));
  });

  it('rejects a repeated key, which the ini package would merge', () => {
    const error = errorOf('[DB]\nengine = SQLite\nengine = MySQL\n');
    expect(error.message).toBe(`${file}: [DB] engine: key repeated (lines 2 and 3)`);
  });

  it('rejects a repeated section', () => {
    const error = errorOf('[DB]\nengine = SQLite\n[SQLITE]\ndatabase_file = a\n[DB]\npolling_interval = 1\n');
    expect(error.message).toBe(`${file}: [DB]: section repeated (lines 1 and 5)`);
  });

  it.each([
    ['[DB]\nengine SQLite\n', 2],
    ['engine = SQLite\n', 1],
    ['[DB]\n[SQLITE\n', 2],
    ['[DB]\n= SQLite\n', 2],
  ])('reports the line of a syntax error in %j', (text, line) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^${file}: line ${line}: \\S`));
  });

  it('rejects a key written with array brackets', () => {
    expect(errorOf('[DB]\nengine[] = SQLite\n').key).toBe('engine[]');
  });

  it('rejects both an alias and its original key', () => {
    const error = overrideError({ RPCAPI: { enable_add_batch_job: 'true', enable_batch_create: 'true' } });
    expect([error.section, error.key]).toEqual(['RPCAPI', 'enable_batch_create']);
    const other = overrideError({ RPCAPI: { enable_add_api_user: 'false', enable_user_create: 'true' } });
    expect(other.key).toBe('enable_user_create');
  });
});

describe('profiles', () => {
  it('keeps "default" public with no file unless remapped', () => {
    const config = makeTestConfig({ 'PUBLIC PROFILES': { quick: '/p/quick.json' } });
    expect(config.PUBLIC_PROFILES).toEqual({ default: '', quick: '/p/quick.json' });
  });

  it('rejects "default" as a private profile, in any case', () => {
    const error = overrideError({ 'PRIVATE PROFILES': { DEFAULT: '/p/d.json' } });
    expect([error.section, error.key]).toEqual(['PRIVATE PROFILES', 'DEFAULT']);
  });

  it('rejects names repeated across sections or differing only in case', () => {
    const across = overrideError({
      'PUBLIC PROFILES': { fast: '/a.json' },
      'PRIVATE PROFILES': { FAST: '/b.json' },
    });
    expect([across.section, across.key]).toEqual(['PRIVATE PROFILES', 'FAST']);
    const within = overrideError({ 'PUBLIC PROFILES': { fast: '/a.json', Fast: '/b.json' } });
    expect([within.section, within.key]).toEqual(['PUBLIC PROFILES', 'Fast']);
  });

  it('rejects invalid profile names and empty paths', () => {
    expect(overrideError({ 'PUBLIC PROFILES': { '-bad': '/a.json' } }).key).toBe('-bad');
    expect(overrideError({ 'PUBLIC PROFILES': { ['x'.repeat(33)]: '/a.json' } }).key).toBe('x'.repeat(33));
    expect(overrideError({ 'PRIVATE PROFILES': { batch: '' } }).key).toBe('batch');
  });
});

describe('findConfigFile', () => {
  const existing = join(dir, 'etc-backend_config.ini');
  const later = join(dir, 'later.ini');
  writeFileSync(existing, testConfigText());
  writeFileSync(later, testConfigText());
  const missing = join(dir, 'missing.ini');

  it('prefers $ZONEMASTER_BACKEND_CONFIG_FILE, even over existing candidates', () => {
    expect(findConfigFile({ ZONEMASTER_BACKEND_CONFIG_FILE: '/some/where.ini' }, [existing])).toBe(
      '/some/where.ini',
    );
  });

  it('then takes the first candidate that exists', () => {
    expect(findConfigFile({}, [missing, existing, later])).toBe(existing);
    expect(findConfigFile({ ZONEMASTER_BACKEND_CONFIG_FILE: '' }, [later, existing])).toBe(later);
  });

  it('falls back to the embedded zonemaster_backend.ini', () => {
    expect(findConfigFile({}, [missing])).toBe(join(PROJECT_ROOT, 'zonemaster_backend.ini'));
  });

  it('looks in /etc/zonemaster/backend_config.ini first by default', () => {
    expect(SYSTEM_CONFIG_FILES[0]).toBe('/etc/zonemaster/backend_config.ini');
    const expected = SYSTEM_CONFIG_FILES.find((path) => existsSync(path)) ?? EMBEDDED_CONFIG_FILE;
    expect(findConfigFile({})).toBe(expected);
  });
});

describe('loadConfig', () => {
  it('reads and parses a file', () => {
    const path = join(dir, 'load.ini');
    writeFileSync(path, testConfigText({ ZONEMASTER: { lock_on_queue: '7' } }));
    expect(loadConfig(path).ZONEMASTER.lock_on_queue).toBe(7);
  });

  it('reports a missing file as a one-line ConfigError', () => {
    const path = join(dir, 'nope.ini');
    expect(() => loadConfig(path)).toThrow(ConfigError);
    expect(() => loadConfig(path)).toThrow(`${path}: file not found`);
  });

  it('formats any error as one line', () => {
    expect(formatConfigError(new ConfigError({ file: '/f.ini', section: 'DB' }, 'bad\nthing'))).toBe(
      '/f.ini: [DB]: bad thing',
    );
    expect(formatConfigError(new Error('a\nb'))).toBe('a b');
    expect(formatConfigError('plain')).toBe('plain');
  });

  it('loadConfigOrExit prints the one line to stderr and exits 1', () => {
    const path = join(dir, 'broken.ini');
    writeFileSync(path, '[DB]\nengine = Oracle\n');
    const script = `import('${join(PROJECT_ROOT, 'src/config/index.ts')}').then((m) => m.loadConfigOrExit(process.argv[1]))`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, path], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(child.status).toBe(1);
    expect(child.stderr).toBe(`${path}: [DB] engine: expected MySQL, PostgreSQL or SQLite, got "Oracle"\n`);
  });
});
