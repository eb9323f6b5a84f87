import { destination as pinoDestination, pino, type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogComponent = 'rpcapi' | 'testagent' | 'cli';

export interface LoggerOptions {
  /** A reference level name (trace ... emergency); default from the component's env var, else info. */
  level?: string;
  /** One JSON object per line instead of readable text; default from the component's env var. */
  json?: boolean;
  /** Append to this file; "-" means stdout. Default: stderr. */
  file?: string;
  /** Write to this stream instead (tests). Takes precedence over `file`. */
  stream?: NodeJS.WritableStream;
}

/**
 * Reference level names (Log::Any) onto pino levels. pino has no notice/alert/emergency: a
 * threshold between two pino levels rounds up to the next one, as no code logs in between.
 */
const LEVELS: Record<string, Level> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  inform: 'info',
  notice: 'warn',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  err: 'error',
  critical: 'fatal',
  crit: 'fatal',
  fatal: 'fatal',
  alert: 'fatal',
  emergency: 'fatal',
};

const ENV_PREFIX: Record<LogComponent, string | undefined> = {
  rpcapi: 'ZM_BACKEND_RPCAPI',
  testagent: 'ZM_BACKEND_TESTAGENT',
  cli: undefined,
};

/** The pino level for a reference level name (case-insensitive); throws on an unknown name. */
export function toPinoLevel(name: string): Level | 'silent' {
  const key = name.trim().toLowerCase();
  if (key === 'silent') return 'silent';
  const level = LEVELS[key];
  if (!level) {
    throw new Error(`unknown log level "${name}"; expected one of ${Object.keys(LEVELS).join(', ')}`);
  }
  return level;
}

/** Environment truthiness in the Perl sense, plus the usual words for "off". */
function isTruthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  return !['', '0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

function destinationFor(opts: LoggerOptions): NodeJS.WritableStream | DestinationStream {
  if (opts.stream) return opts.stream;
  if (opts.file === '-') return pinoDestination({ dest: 1, sync: true });
  if (opts.file) return pinoDestination({ dest: opts.file, sync: true, append: true, mkdir: true });
  return pinoDestination({ dest: 2, sync: true });
}

const LINE_KEYS = new Set(['timestamp', 'pid', 'category', 'level', 'hostname']);

/** `2025-01-31T12:00:00.000Z [pid] [INFO] [rpcapi] message {"extra":1}`, like the reference's text line. */
function textLine(log: Record<string, unknown>, messageKey: string, levelLabel: string): string {
  const level = String(log.level ?? levelLabel).toUpperCase();
  const extra = Object.fromEntries(
    Object.entries(log).filter(([key]) => !LINE_KEYS.has(key) && key !== messageKey),
  );
  const head = `${String(log.timestamp)} [${String(log.pid)}] [${level}] [${String(log.category)}]`;
  const message =
    typeof log[messageKey] === 'string' ? ` ${(log[messageKey] as string).replace(/\r?\n/g, '\\n')}` : '';
  // JSON.stringify escapes newlines (error stacks included), so a log entry stays one line.
  const context = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
  return `${head}${message}${context}`;
}

/**
 * A logger for one process kind. Text goes through pino-pretty as a synchronous stream (no worker
 * thread), so output is written before the call returns.
 */
export function createLogger(component: LogComponent, opts: LoggerOptions = {}): Logger {
  const prefix = ENV_PREFIX[component];
  const fromEnv = (suffix: string) => (prefix ? process.env[`${prefix}_${suffix}`] : undefined) || undefined;
  const level = toPinoLevel(opts.level ?? fromEnv('LOGLEVEL') ?? 'info');
  const json = opts.json ?? isTruthy(fromEnv('LOGJSON'));
  const destination = destinationFor(opts);

  const options = {
    level,
    messageKey: 'message',
    base: { pid: process.pid, category: component },
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (json) return pino(options, destination);

  const text = pretty({
    sync: true,
    colorize: false,
    destination,
    messageKey: 'message',
    ignore: 'timestamp,pid,category,level,hostname',
    // textLine prints the context itself: pino-pretty would spread errors over several lines.
    hideObject: true,
    messageFormat: textLine,
  });
  return pino(options, text);
}
