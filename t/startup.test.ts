/**
 * Start-up checks of the daemons and the db CLI: each set-up problem ends start-up with exit 1 and one line that
 * names what to fix (JSON under --logjson), never a stack trace; knex's own warnings go through the logger.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../src/db/connection.js';
import { createLogger } from '../src/log.js';
import { makeTestConfig, testConfigText, type ConfigOverrides } from './lib/config.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'zm-startup-'));

function configFile(name: string, overrides: ConfigOverrides): string {
  const file = join(dir, `${name}.ini`);
  writeFileSync(file, testConfigText(overrides));
  return file;
}

interface Outcome {
  code: number | null;
  output: string;
  seconds: number;
}

/** Runs a CLI from the sources; stops it with SIGTERM after `stopAfterMs` if it is still running. */
/** Runs a CLI until it exits, `stopAfterMs` passes, or its output matches `stopOn` (then it gets SIGTERM). */
function run(cli: string, args: string[], stopAfterMs = 60_000, stopOn?: RegExp): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${cli}.ts`, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (d: unknown) => {
      output += String(d);
      if (stopOn?.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGTERM'), stopAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

let unmigrated: TestDatabase;
let silent: Server;
let silentPort: number;
const sockets = new Set<Socket>();

beforeAll(async () => {
  unmigrated = await createTestDatabase({ migrate: false });
  // Accepts connections and never answers: a server that hangs, or a firewall that lets SYN through only.
  silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  await unmigrated?.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
});

describe('each problem is one line and exit 1', () => {
  const missingHints = () => configFile('hints', { ZONEMASTER: { root_hints: 'no-such.hints' } });
  const hanging = () =>
    configFile('hanging', {
      DB: { engine: 'PostgreSQL', connect_timeout: '2' },
      POSTGRESQL: { host: '127.0.0.1', port: String(silentPort), user: 'root', password: '', database: 'x' },
    });

  it.each([
    ['rpcapi', ['--listen', '127.0.0.1:0'], missingHints, /root hints .*no-such\.hints: file not found/],
    [
      'testagent',
      ['foreground', '--pidfile', join(dir, 'a.pid')],
      missingHints,
      /root hints .*file not found/,
    ],
    [
      'rpcapi',
      ['--listen', '127.0.0.1:0'],
      () => unmigrated.config.file,
      /schema is not up to date.*migrate/,
    ],
    [
      'testagent',
      ['foreground', '--pidfile', join(dir, 'b.pid')],
      () => unmigrated.config.file,
      /not up to date/,
    ],
    [
      'rpcapi',
      ['--listen', '127.0.0.1:0'],
      hanging,
      /not reachable: no connection within 2 s \(\[DB\] connect_timeout\)/,
    ],
  ])('%s %s', async (cli, args, config, reason) => {
    const { code, output, seconds } = await run(cli, [...args, '--config', config(), '--logjson']);
    expect(code, output).toBe(1);
    const [line, ...rest] = lines(output);
    expect(rest, output).toEqual([]);
    const entry = JSON.parse(line!) as { level: string; message: string; err?: unknown };
    expect(entry.level).toBe('fatal');
    expect(entry.message).toMatch(/^Aborting startup: /);
    expect(entry.message).toMatch(reason);
    expect(entry.err).toBeUndefined();
    expect(seconds).toBeLessThan(25);
  });

  it('a config error is one text line without a stack trace', async () => {
    const file = join(dir, 'bad.ini');
    writeFileSync(file, '[DB]  ; a comment after the section name\nengine = SQLite\n');
    const { code, output } = await run('rpcapi', ['--config', file]);
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toMatch(/Aborting startup: .*bad\.ini: line 1: malformed section header/);
  });

  it('the db CLI names an unreachable server within the connect timeout', async () => {
    const { code, output, seconds } = await run('db', ['status', '--config', hanging()]);
    expect(code).toBe(1);
    expect(lines(output)).toEqual([
      `zonemaster-backend-db: database PostgreSQL x at 127.0.0.1:${silentPort} not reachable: no connection within 2 s ([DB] connect_timeout)`,
    ]);
    expect(seconds).toBeLessThan(20);
  });

  it('the db CLI refuses to purge an unmigrated database', async () => {
    const { code, output } = await run('db', [
      'purge',
      '--older-than',
      '1',
      '--config',
      unmigrated.config.file,
    ]);
    expect(code).toBe(1);
    expect(output).toMatch(/schema is not up to date.*zonemaster-backend-db migrate/);
  });
});

it('[DB] auto_migrate = true migrates at start-up, then the API answers', { timeout: 90_000 }, async () => {
  const db = await createTestDatabase({ migrate: false, configOverrides: { DB: { auto_migrate: 'true' } } });
  try {
    const { output } = await run(
      'rpcapi',
      ['--listen', '127.0.0.1:0', '--config', db.config.file],
      60_000,
      /RPC API listening/,
    );
    expect(output).toMatch(/Database schema migrated/);
    expect(output).toMatch(/RPC API listening/);
    const tables = await db.knex.schema.hasTable('test_results');
    expect(tables).toBe(true);
  } finally {
    await db.destroy();
  }
});

it("knex's own warnings go through the logger (one JSON object per line under --logjson)", async () => {
  let written = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  const logger = createLogger('rpcapi', { json: true, stream });
  const knex = createKnex(makeTestConfig({}, dir), { logger });
  try {
    (knex.client as { logger: { warn(m: string): void } }).logger.warn('a warning\nover two lines');
  } finally {
    await knex.destroy();
  }
  const entry = JSON.parse(lines(written)[0]!) as Record<string, unknown>;
  expect(entry).toMatchObject({ level: 'warn', component: 'knex', message: 'a warning\nover two lines' });
  expect(lines(written)).toHaveLength(1);
});

it('npm start under --logjson writes only JSON lines, its banner included', async () => {
  const db = await createTestDatabase({ migrate: false });
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/start.ts',
        '--listen',
        '127.0.0.1:0',
        '--config',
        db.config.file,
        '--logjson',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const running = new Promise<void>((resolve) => {
      const collect = (d: Buffer) => {
        output += String(d);
        if (output.includes('Zonemaster is running')) resolve();
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await Promise.race([running, exited]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const entries = lines(output).map((line) => JSON.parse(line) as { message: string });
    expect(entries.map((e) => e.message)).toContain('Zonemaster is running');
  } finally {
    await db.destroy();
  }
});
