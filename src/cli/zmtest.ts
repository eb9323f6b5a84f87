/**
 * zmtest: run one domain test through the RPC API and print its results.
 *   zmtest [-s|--server URL] [--noipv4] [--noipv6] [--lang LANG] [--profile NAME] [--level LEVEL] [--json]
 *          [--diff] DOMAIN
 * Progress goes to stderr, followed on the job's live event stream (polled when the API offers none). stdout
 * gets a summary (counts per level and module, then the messages at --level and above, by module), or with --json the get_test_results answer as JSON (keys sorted); with --diff, the job_diff
 * JSON instead: what changed since the previous completed test of the domain with the same parameters. Exit 1 on
 * an RPC error or an unreachable API, 2 on a usage error.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { progressLine, sortedJson } from '../agent/progressBar.js';
import { RpcError, rpcCall, type TestResults } from '../agent/rpcClient.js';
import { waitForResultsLive } from './jobEvents.js';
import { exitQuietlyWhenPipeCloses } from './output.js';

interface Options {
  server: string;
  noipv4?: boolean;
  noipv6?: boolean;
  lang: string;
  profile: string;
  level: string;
  json?: boolean;
  diff?: boolean;
}

/** Most severe first, as a reader scans them. */
const LEVELS = ['CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'] as const;

function parseLevel(raw: string): string {
  const level = raw.toUpperCase();
  if (!(LEVELS as readonly string[]).includes(level))
    throw new InvalidArgumentError(`expected one of ${LEVELS.join(', ')}`);
  return level;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Counts per module and level, then the messages at `minLevel` and above grouped by module. */
function summary(domain: string, results: TestResults, minLevel: string): string {
  const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);
  const modules = [...new Set(results.results.map((r) => r.module))].sort();
  const levels = LEVELS.filter((level) => results.results.some((r) => r.level === level));
  const count = (module: string | undefined, level: string) =>
    results.results.filter((r) => (module === undefined || r.module === module) && r.level === level).length;
  const lines = [`${domain}: test ${results.hash_id}`, ''];
  lines.push(
    ...table([
      ['', ...levels],
      ...modules.map((module) => [module, ...levels.map((level) => String(count(module, level) || '-'))]),
      ['total', ...levels.map((level) => String(count(undefined, level)))],
    ]),
  );
  const shown = results.results.filter((r) => rank(r.level) >= 0 && rank(r.level) <= rank(minLevel));
  lines.push('');
  if (shown.length === 0) lines.push(`No message at ${minLevel} or above.`);
  for (const module of modules) {
    const entries = shown.filter((r) => r.module === module).sort((a, b) => rank(a.level) - rank(b.level));
    if (entries.length === 0) continue;
    lines.push(module);
    for (const r of entries)
      lines.push(
        `  ${r.level.padEnd(8)} ${r.testcase.padEnd(14)} ${r.message.trim().replace(/\s*\n\s*/g, ' ')}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The API's reasons for an error (validation data: one "path: message" per problem). */
function describeRpcError(error: RpcError): string {
  const details = Array.isArray(error.data)
    ? (error.data as Array<{ path?: unknown; message?: unknown }>).map(
        (item) => `\n  ${String(item.path ?? '')}: ${String(item.message ?? '')}`,
      )
    : error.data !== undefined && error.data !== null
      ? [`\n  ${JSON.stringify(error.data)}`]
      : [];
  return `RPC error ${error.code}: ${error.message}${details.join('')}`;
}

/** fetch() says only "fetch failed"; its cause names the refusal, the unknown host or the timeout. */
function describeUnreachable(server: string, error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : String(error.cause ?? error.message);
  return `cannot reach the Zonemaster API at ${server}: ${cause} (is zonemaster-backend-rpcapi running there? --server sets the address)`;
}

let server = '';

const program = new Command('zmtest')
  .description('Test a domain through a Zonemaster RPC API and print the results')
  .argument('<domain>', 'the domain to test')
  .option('-s, --server <url>', 'RPC API address', 'http://localhost:5000/')
  .option('--noipv4', 'do not use IPv4')
  .option('--noipv6', 'do not use IPv6')
  .option('--lang <language>', 'language of the messages', 'en')
  .option('--profile <name>', 'profile to test with', 'default')
  .option(
    '--level <level>',
    `lowest level of the messages listed (${LEVELS.join(', ')})`,
    parseLevel,
    'NOTICE',
  )
  .option('--json', 'print the get_test_results answer as JSON instead of the summary')
  .option('--diff', 'print what changed since the previous test of the domain with the same parameters')
  .exitOverride()
  .action(async (domain: string, opts: Options) => {
    server = opts.server;
    const params: Record<string, unknown> = { domain, profile: opts.profile };
    if (opts.noipv4) params.ipv4 = false;
    if (opts.noipv6) params.ipv6 = false;
    const testId = await rpcCall<string>(opts.server, 'start_domain_test', params);
    const tty = process.stderr.isTTY === true;
    const results = await waitForResultsLive(opts.server, testId, {
      language: opts.lang,
      onProgress: (percent) => process.stderr.write(progressLine(percent, tty)),
    });
    if (opts.diff) {
      const diff = await rpcCall(opts.server, 'job_diff', { job_id: testId, language: opts.lang });
      process.stdout.write(`${sortedJson(diff)}\n`);
      return;
    }
    process.stdout.write(opts.json ? `${sortedJson(results)}\n` : summary(domain, results, opts.level));
  });

exitQuietlyWhenPipeCloses();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  const message =
    error instanceof RpcError
      ? describeRpcError(error)
      : error instanceof TypeError && error.message === 'fetch failed'
        ? describeUnreachable(server, error)
        : (error as Error).message;
  process.stderr.write(`zmtest: ${message}\n`);
  process.exit(1);
}
