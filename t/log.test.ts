import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { createLogger, toPinoLevel, type LoggerOptions } from '../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'zm-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV_KEYS = [
  'ZM_BACKEND_RPCAPI_LOGLEVEL',
  'ZM_BACKEND_RPCAPI_LOGJSON',
  'ZM_BACKEND_TESTAGENT_LOGLEVEL',
  'ZM_BACKEND_TESTAGENT_LOGJSON',
];
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

/** A stream that keeps what is written, split into lines. */
function capture(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.split('\n').filter((line) => line !== '') };
}

/** Logs one message at every pino level and returns the output lines. */
function logAtEveryLevel(component: 'rpcapi' | 'testagent' | 'cli', opts: LoggerOptions = {}): string[] {
  const out = capture();
  const logger = createLogger(component, { ...opts, stream: out.stream });
  logger.trace('t');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  logger.fatal('f');
  return out.lines();
}

describe('toPinoLevel', () => {
  it.each([
    ['trace', 'trace'],
    ['debug', 'debug'],
    ['info', 'info'],
    ['inform', 'info'],
    ['notice', 'warn'],
    ['warning', 'warn'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['err', 'error'],
    ['critical', 'fatal'],
    ['crit', 'fatal'],
    ['fatal', 'fatal'],
    ['alert', 'fatal'],
    ['emergency', 'fatal'],
    ['WARNING', 'warn'],
  ])('%s -> %s', (name, level) => {
    expect(toPinoLevel(name)).toBe(level);
  });

  it('throws a clear error for an unknown level', () => {
    expect(() => toPinoLevel('loud')).toThrow(/unknown log level "loud"/);
    expect(() => createLogger('cli', { level: 'verbose' })).toThrow(/unknown log level "verbose"/);
  });
});

describe('createLogger', () => {
  it('logs at info and above by default', () => {
    const lines = logAtEveryLevel('cli');
    expect(lines.map((line) => line.split(' ')[2])).toEqual(['[INFO]', '[WARN]', '[ERROR]', '[FATAL]']);
  });

  it('honours an explicit reference level name', () => {
    expect(logAtEveryLevel('cli', { level: 'trace' })).toHaveLength(6);
    expect(logAtEveryLevel('cli', { level: 'err' })).toHaveLength(2);
    expect(logAtEveryLevel('cli', { level: 'notice' })).toHaveLength(3);
  });

  it('writes one readable line per entry: time, pid, level, component, message, context', () => {
    const out = capture();
    const logger = createLogger('rpcapi', { stream: out.stream, json: false });
    logger.info({ rpc_method: 'version_info' }, 'multi\nline');
    logger.error({ err: new Error('boom') }, 'failed');
    const [first, second] = out.lines();
    expect(first).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[${process.pid}\\] \\[INFO\\] \\[rpcapi\\] multi\\\\nline \\{"rpc_method":"version_info"\\}$`,
      ),
    );
    expect(second).toContain('[ERROR] [rpcapi] failed {"err":{');
    expect(second).toContain('"message":"boom"');
    expect(out.lines()).toHaveLength(2);
  });

  it('writes one JSON object per line when json is set', () => {
    const out = capture();
    createLogger('testagent', { stream: out.stream, json: true }).warn({ test_id: 'abc' }, 'late');
    const [line] = out.lines();
    expect(JSON.parse(line!)).toMatchObject({
      level: 'warn',
      category: 'testagent',
      pid: process.pid,
      test_id: 'abc',
      message: 'late',
    });
    expect(JSON.parse(line!).timestamp).toMatch(/Z$/);
  });

  it('takes level and JSON from the rpcapi environment variables', () => {
    process.env.ZM_BACKEND_RPCAPI_LOGLEVEL = 'warning';
    process.env.ZM_BACKEND_RPCAPI_LOGJSON = '1';
    const lines = logAtEveryLevel('rpcapi');
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual([
      'warn',
      'error',
      'fatal',
    ]);
  });

  it('takes level and JSON from the testagent environment variables, not the rpcapi ones', () => {
    process.env.ZM_BACKEND_TESTAGENT_LOGLEVEL = 'debug';
    process.env.ZM_BACKEND_TESTAGENT_LOGJSON = '0';
    process.env.ZM_BACKEND_RPCAPI_LOGLEVEL = 'emergency';
    process.env.ZM_BACKEND_RPCAPI_LOGJSON = 'yes';
    const lines = logAtEveryLevel('testagent');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('[DEBUG] [testagent] d');
  });

  it('treats an empty level variable as unset', () => {
    process.env.ZM_BACKEND_RPCAPI_LOGLEVEL = '';
    expect(logAtEveryLevel('rpcapi')).toHaveLength(4);
  });

  it('lets explicit options win over the environment', () => {
    process.env.ZM_BACKEND_RPCAPI_LOGLEVEL = 'debug';
    process.env.ZM_BACKEND_RPCAPI_LOGJSON = '1';
    const lines = logAtEveryLevel('rpcapi', { level: 'error', json: false });
    expect(lines).toEqual([
      expect.stringContaining('[ERROR] [rpcapi] e'),
      expect.stringContaining('[FATAL] [rpcapi] f'),
    ]);
  });

  it('appends to a file synchronously', () => {
    const file = join(dir, 'agent.log');
    const logger = createLogger('testagent', { file, level: 'info', json: true });
    logger.info('one');
    logger.info('two');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['one', 'two']);
  });

  it('appends readable text to a file', () => {
    const file = join(dir, 'rpc.log');
    createLogger('rpcapi', { file, level: 'info', json: false }).info('hello');
    expect(readFileSync(file, 'utf8')).toMatch(/\[INFO\] \[rpcapi\] hello\n$/);
  });

  it('writes to stdout for file "-" and to stderr by default', () => {
    const script = [
      `import('${join(PROJECT_ROOT, 'src/log.ts')}').then((m) => {`,
      "  m.createLogger('cli', { file: '-' }).info('to stdout');",
      "  m.createLogger('cli').info('to stderr');",
      '})',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^\S+ \[\d+\] \[INFO\] \[cli\] to stdout\n$/);
    expect(child.stderr).toMatch(/^\S+ \[\d+\] \[INFO\] \[cli\] to stderr\n$/);
  });
});
