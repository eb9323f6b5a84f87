/**
 * zonemaster-backend-testagent: the test agent daemon.
 *   foreground | start | stop | restart | status
 *   [--config FILE] [--pidfile FILE] [--logfile FILE|-] [--outfile FILE] [--loglevel LEVEL] [--logjson]
 *   [--user USER] [--group GROUP]
 */
import { spawn } from 'node:child_process';
import { agentHeapFlags, runUnderHeapLimit } from '../agent/heap.js';
import { accessSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { pause } from '../agent/backoff.js';
import { isAlive, removePidfile, runningPid, writePidfile } from '../agent/pidfile.js';
import { startAgentService, stopOnSignals } from '../agent/service.js';
import { findConfigFile, formatConfigError, loadConfig } from '../config/index.js';
import { createKnex } from '../db/connection.js';
import { createLogger, toPinoLevel } from '../log.js';
import { abortStartup, checkBeforeStart } from './startup.js';

const DEFAULT_PIDFILE = '/tmp/zonemaster_backend_testagent.pid';
const DEFAULT_LOGFILE = '/var/log/zonemaster/zonemaster_backend_testagent.log';
const DEFAULT_OUTFILE = '/var/log/zonemaster/zonemaster_backend_testagent.out';
const COMMANDS = ['foreground', 'start', 'stop', 'restart', 'status'] as const;
type DaemonCommand = (typeof COMMANDS)[number];

interface Options {
  config?: string;
  pidfile: string;
  logfile?: string;
  outfile: string;
  loglevel: string;
  logjson?: boolean;
  user?: string;
  group?: string;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function level(raw: string): string {
  try {
    toPinoLevel(raw);
    return raw;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Runs the agent in this process until SIGTERM/SIGINT. */
async function foreground(opts: Options): Promise<void> {
  if (runUnderHeapLimit()) return;
  const logger = createLogger('testagent', {
    level: opts.loglevel,
    ...(opts.logjson ? { json: true } : {}),
    ...(opts.logfile !== undefined ? { file: opts.logfile } : {}),
  });
  const abort: (error: unknown) => never = (error) => {
    // The log goes to a file: the console still gets the one line.
    if (opts.logfile !== undefined && opts.logfile !== '-')
      process.stderr.write(`Aborting startup: ${formatConfigError(error)}\n`);
    return abortStartup(logger, error);
  };
  let config;
  try {
    config = loadConfig(opts.config ?? findConfigFile());
  } catch (error) {
    abort(error);
  }
  const knex = createKnex(config, { logger });
  let service;
  try {
    await checkBeforeStart(knex, config, logger);
    service = await startAgentService({ config, logger, knex });
  } catch (error) {
    await knex.destroy();
    abort(error);
  }
  dropPrivileges(opts);
  // Handlers first: `stop` may signal as soon as the pidfile exists.
  stopOnSignals(service, logger, () => {
    removePidfile(opts.pidfile);
    void knex.destroy().finally(() => process.exit(0));
  });
  writePidfile(opts.pidfile);
}

/** --group then --user (after start-up, as the reference does); only root may switch. */
function dropPrivileges(opts: Options): void {
  try {
    if (opts.group !== undefined) process.setgid?.(opts.group);
    if (opts.user !== undefined) process.setuid?.(opts.user);
  } catch (error) {
    fail(`Aborting startup: cannot switch to user/group: ${(error as Error).message}`);
  }
}

function writable(file: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts `foreground` as a detached process and waits until it has written its pidfile. */
async function start(opts: Options): Promise<void> {
  const existing = runningPid(opts.pidfile);
  if (existing !== undefined) return say(`zonemaster-backend-testagent is already running (pid ${existing})`);
  const logfile = opts.logfile ?? DEFAULT_LOGFILE;
  if (logfile !== '-' && !writable(logfile))
    fail(`Cannot write the log file ${logfile}; choose one with --logfile`);
  const outfile = writable(opts.outfile) ? opts.outfile : '/dev/null';
  const args = [
    fileURLToPath(import.meta.url),
    'foreground',
    '--pidfile',
    opts.pidfile,
    '--logfile',
    logfile,
    '--loglevel',
    opts.loglevel,
  ];
  if (opts.config) args.push('--config', opts.config);
  if (opts.logjson) args.push('--logjson');
  if (opts.user) args.push('--user', opts.user);
  if (opts.group) args.push('--group', opts.group);
  const out = openSync(outfile, 'a');
  const child = spawn(process.execPath, [...process.execArgv, ...agentHeapFlags(), ...args], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (runningPid(opts.pidfile) === child.pid)
      return say(`zonemaster-backend-testagent started (pid ${child.pid})`);
    if (child.exitCode !== null || !isAlive(child.pid!)) break;
    await pause(100);
  }
  fail(`zonemaster-backend-testagent failed to start; see ${logfile} and ${outfile}`);
}

/** SIGTERM, then wait for the graceful stop (grace time plus a margin), then SIGKILL. */
async function stop(opts: Options): Promise<void> {
  const pid = runningPid(opts.pidfile);
  if (pid === undefined) return say('zonemaster-backend-testagent is not running');
  let graceSeconds = 30;
  try {
    graceSeconds = loadConfig(opts.config ?? findConfigFile()).ZONEMASTER.shutdown_grace_time;
  } catch {
    // the default grace time
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (graceSeconds + 15) * 1000;
  while (isAlive(pid) && Date.now() < deadline) await pause(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    say(`zonemaster-backend-testagent (pid ${pid}) did not stop in time and was killed`);
  } else {
    say(`zonemaster-backend-testagent stopped (pid ${pid})`);
  }
  removePidfile(opts.pidfile, pid);
}

/** LSB exit codes: 0 running, 3 not running. */
function status(opts: Options): void {
  const pid = runningPid(opts.pidfile);
  if (pid === undefined) {
    say('zonemaster-backend-testagent is not running');
    process.exit(3);
  }
  say(`zonemaster-backend-testagent is running (pid ${pid})`);
}

const program = new Command('zonemaster-backend-testagent')
  .description('Run queued Zonemaster tests')
  .argument('<command>', COMMANDS.join(' | '))
  .option(
    '--config <file>',
    'backend config file (default: $ZONEMASTER_BACKEND_CONFIG_FILE, then the usual places)',
  )
  .option('--pidfile <file>', 'pid file', DEFAULT_PIDFILE)
  .option(
    '--logfile <file>',
    `log file, "-" for stdout (default: stderr in foreground, ${DEFAULT_LOGFILE} with start)`,
  )
  .option('--outfile <file>', "where the daemon's own stdout/stderr go", DEFAULT_OUTFILE)
  .option('--loglevel <level>', 'trace, debug, info, notice, warning, error, critical', level, 'info')
  .option('--logjson', 'log one JSON object per line')
  .option('--user <user>', 'run as this user (when started as root)')
  .option('--group <group>', 'run as this group (when started as root)')
  .action(async (command: string, opts: Options) => {
    if (!(COMMANDS as readonly string[]).includes(command))
      fail(`unknown command "${command}"; expected ${COMMANDS.join(', ')}`);
    switch (command as DaemonCommand) {
      case 'foreground':
        return foreground(opts);
      case 'start':
        return start(opts);
      case 'stop':
        return stop(opts);
      case 'restart':
        await stop(opts);
        return start(opts);
      case 'status':
        return status(opts);
    }
  });

await program.parseAsync(process.argv);
