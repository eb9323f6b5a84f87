/**
 * zmtest: run one domain test through the RPC API and print its results.
 *   zmtest [-s|--server URL] [--noipv4] [--noipv6] [--lang LANG] [--profile NAME] [--diff] DOMAIN
 * Progress goes to stderr, the get_test_results JSON (keys sorted) to stdout; with --diff, the job_diff JSON
 * instead: what changed since the previous completed test of the domain with the same parameters. Exit 1 on an
 * RPC error, 2 on a usage error.
 */
import { Command, CommanderError } from 'commander';
import { progressLine, sortedJson } from '../agent/progressBar.js';
import { RpcError, rpcCall, waitForResults } from '../agent/rpcClient.js';

interface Options {
  server: string;
  noipv4?: boolean;
  noipv6?: boolean;
  lang: string;
  profile: string;
  diff?: boolean;
}

const program = new Command('zmtest')
  .description('Test a domain through a Zonemaster RPC API and print the results')
  .argument('<domain>', 'the domain to test')
  .option('-s, --server <url>', 'RPC API address', 'http://localhost:5000/')
  .option('--noipv4', 'do not use IPv4')
  .option('--noipv6', 'do not use IPv6')
  .option('--lang <language>', 'language of the messages', 'en')
  .option('--profile <name>', 'profile to test with', 'default')
  .option('--diff', 'print what changed since the previous test of the domain with the same parameters')
  .exitOverride()
  .action(async (domain: string, opts: Options) => {
    const params: Record<string, unknown> = { domain, profile: opts.profile };
    if (opts.noipv4) params.ipv4 = false;
    if (opts.noipv6) params.ipv6 = false;
    const testId = await rpcCall<string>(opts.server, 'start_domain_test', params);
    const tty = process.stderr.isTTY === true;
    const results = await waitForResults(opts.server, testId, {
      language: opts.lang,
      onProgress: (percent) => process.stderr.write(progressLine(percent, tty)),
    });
    const output = opts.diff
      ? await rpcCall(opts.server, 'job_diff', { job_id: testId, language: opts.lang })
      : results;
    process.stdout.write(`${sortedJson(output)}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  const message =
    error instanceof RpcError ? `RPC error ${error.code}: ${error.message}` : (error as Error).message;
  process.stderr.write(`zmtest: ${message}\n`);
  process.exit(1);
}
