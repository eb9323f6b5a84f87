/**
 * zmb [--help] [--verbose] [--server URL] COMMAND [OPTIONS]: shell bindings of the RPC API. Builds the request,
 * POSTs it, prints the JSON response as received. Commands and options are those of the reference zmb.
 */
import { readFileSync } from 'node:fs';
import { ZMB_COMMANDS, ZmbUsageError } from '../rpc/zmb-requests.js';
import { exitQuietlyWhenPipeCloses } from './output.js';

const USAGE = `Usage: zmb [GLOBAL OPTIONS] COMMAND [OPTIONS]

Global options:
  --help         Show usage
  --verbose      Show the RPC request
  --server URL   The server to connect to (default http://localhost:5000/)

Commands:
  ${['man', ...Object.keys(ZMB_COMMANDS)].join('\n  ')}

Command options:
  start_domain_test  --domain|-d NAME [--ipv4 true|false|null] [--ipv6 true|false|null]
                     [--nameserver|-n NAME[:IP]]... [--ds-info keytag=N,algorithm=N,digtype=N,digest=HEX]...
                     [--client-id ID] [--client-version V] [--profile NAME] [--queue N] [--language LANG]
  test_progress      --test-id|-t ID
  get_test_params    --test-id|-t ID
  get_test_results   --test-id|-t ID --lang|-l LANG
  get_test_history   --domain|-d NAME [--filter|-n all|delegated|undelegated] [--offset|-o N] [--limit|-l N]
  add_api_user       --username|-u USER --api-key|-a KEY
  add_batch_job      --username|-u USER --api-key|-a KEY [--domain|-d NAME]... [--file FILE]
                     and the options of start_domain_test except --domain and --language
                     (--file: one domain per line; empty lines and lines starting with "#" are ignored)
  batch_status       --batch-id|--bi ID [--list-waiting-tests|--list-running-tests|--list-finished-tests true|false|null]
                     [--lw] [--lr] [--lf]
`;

function usage(message?: string, exitCode = 2): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(USAGE);
  process.exit(exitCode);
}

async function main(argv: string[]): Promise<void> {
  let server = 'http://localhost:5000/';
  let verbose = false;
  let help = false;
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const word = argv[i]!;
    if (word === '--help') help = true;
    else if (word === '--verbose') verbose = true;
    else if (word === '--server') server = argv[++i] ?? usage('Option --server requires an argument');
    else if (word.startsWith('--server=')) server = word.slice('--server='.length);
    else usage(`Unknown option: ${word}`);
  }
  const command = argv[i];
  if (command === 'man' || help) {
    process.stdout.write(USAGE);
    return;
  }
  if (command === undefined) usage(undefined, 1);
  const build = Object.hasOwn(ZMB_COMMANDS, command) ? ZMB_COMMANDS[command] : undefined;
  if (!build) usage(`'${command}' is not a command`);
  let request;
  try {
    request = build(argv.slice(i + 1), (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof ZmbUsageError) usage(error.message);
    throw error;
  }
  const json = JSON.stringify(request);
  if (verbose) process.stdout.write(`${json}\n`);
  let response: Response;
  try {
    response = await fetch(server, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: json,
    });
  } catch (error) {
    process.stderr.write(`Cannot reach ${server}: ${(error as Error).cause ?? (error as Error).message}\n`);
    process.exit(1);
  }
  const text = await response.text();
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (!response.ok) process.exit(1);
}

exitQuietlyWhenPipeCloses();
await main(process.argv.slice(2));
