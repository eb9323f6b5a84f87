/**
 * `npm start`: the whole service in one process on the configured database (the embedded SQLite by default):
 * migrations, the JSON-RPC API and a test agent.
 *   start [--listen HOST:PORT] [--config FILE] [--loglevel LEVEL] [--logjson]
 * SIGTERM/SIGINT: the agent stops gracefully (see the test agent), the API closes, exit 0.
 */
import { Command } from 'commander';
import type { HostPort } from '../hostport.js';
import { parseListenOption } from './listen.js';
import { AGENT_HEAP_LIMIT_MB, runUnderHeapLimit } from '../agent/heap.js';
import { startAgentService } from '../agent/service.js';
import { findConfigFile, loadConfig } from '../config/index.js';
import { assertDatabaseReachable, createKnex } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createLogger } from '../log.js';
import { startRpcServer } from '../rpc/server.js';
import { abortStartup, assertHintsReadable } from './startup.js';

interface Options {
  listen: HostPort;
  config?: string;
  loglevel?: string;
  logjson?: boolean;
}

// The agent's heap limit plus room for the API (a 100,000-domain batch request).
const COMBINED_HEAP_LIMIT_MB = AGENT_HEAP_LIMIT_MB + 256;

async function main(opts: Options): Promise<void> {
  if (runUnderHeapLimit(COMBINED_HEAP_LIMIT_MB)) return;
  const logOptions = {
    ...(opts.loglevel ? { level: opts.loglevel } : {}),
    ...(opts.logjson ? { json: true } : {}),
  };
  const rpcLogger = createLogger('rpcapi', logOptions);
  const agentLogger = createLogger('testagent', logOptions);
  const { host, port } = opts.listen;
  let config;
  try {
    config = loadConfig(opts.config ?? findConfigFile());
  } catch (error) {
    abortStartup(rpcLogger, error);
  }
  const knex = createKnex(config, { logger: agentLogger });
  try {
    assertHintsReadable(config);
    await assertDatabaseReachable(knex, config);
    const applied = await migrateLatest(knex);
    if (applied.length > 0) agentLogger.info({ applied }, 'Database schema migrated');
    const agent = await startAgentService({ config, logger: agentLogger, knex });
    const rpc = await startRpcServer(config, {
      host,
      port,
      logger: rpcLogger,
      deps: { knex, logger: rpcLogger },
    });
    let stopping = false;
    const stop = () => {
      if (stopping) return void agent.stop(0);
      stopping = true;
      void Promise.all([agent.stop(), rpc.close()])
        .then(() => knex.destroy())
        .then(() => process.exit(0));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // After the handlers: whoever reads the banner may send SIGTERM at once.
    // Under --logjson every line is JSON, the banner too.
    if (opts.logjson) rpcLogger.info({ url: rpc.url, database: config.DB.engine }, 'Zonemaster is running');
    else
      process.stderr.write(
        `Zonemaster is running: JSON-RPC API at ${rpc.url} (database: ${config.DB.engine}). Ctrl-C stops it.\n`,
      );
  } catch (error) {
    await knex.destroy();
    abortStartup(rpcLogger, error);
  }
}

await new Command('start')
  .description('Run the Zonemaster JSON-RPC API and a test agent together')
  .option(
    '--listen <host:port>',
    'where the API listens',
    parseListenOption,
    parseListenOption('127.0.0.1:5000'),
  )
  .option(
    '--config <file>',
    'backend config file (default: $ZONEMASTER_BACKEND_CONFIG_FILE, then the usual places)',
  )
  .option('--loglevel <level>', 'log level', undefined)
  .option('--logjson', 'log one JSON object per line')
  .action(main)
  .parseAsync(process.argv);
