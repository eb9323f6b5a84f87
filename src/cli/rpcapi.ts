/**
 * zonemaster-backend-rpcapi [--listen HOST:PORT] [--config FILE] [--loglevel LEVEL] [--logjson]
 * The JSON-RPC API daemon in the foreground (default 127.0.0.1:5000). SIGTERM/SIGINT: stop accepting, finish
 * the requests under way, exit 0.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { HostPort } from '../hostport.js';
import { parseListenOption } from './listen.js';
import { findConfigFile, loadConfig } from '../config/index.js';
import { createKnex } from '../db/connection.js';
import { createLogger, toPinoLevel } from '../log.js';
import { profilePath } from '../rpc/context.js';
import { createEngineServices } from '../rpc/engine-adapter.js';
import { startRpcServer, type RunningRpcServer } from '../rpc/server.js';
import { abortStartup, checkBeforeStart } from './startup.js';

interface Options {
  listen: HostPort;
  config?: string;
  loglevel?: string;
  logjson?: boolean;
}

async function main(opts: Options): Promise<void> {
  const logger = createLogger('rpcapi', {
    ...(opts.loglevel ? { level: opts.loglevel } : {}),
    ...(opts.logjson ? { json: true } : {}),
  });
  const { host, port } = opts.listen;
  let config;
  try {
    config = loadConfig(opts.config ?? findConfigFile());
  } catch (error) {
    abortStartup(logger, error);
  }
  const engine = createEngineServices();
  const knex = createKnex(config, { logger });
  let server: RunningRpcServer | undefined;
  // Before start-up ends: a supervisor may send SIGTERM as soon as it sees "RPC API listening".
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the RPC API');
    (server?.close() ?? Promise.resolve())
      .then(() => knex.destroy())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    // Fail at start-up, not at the first request: every profile must load, the hints file must be readable,
    // the database must answer and its schema be current.
    for (const name of [...Object.keys(config.PUBLIC_PROFILES), ...Object.keys(config.PRIVATE_PROFILES)]) {
      engine.ipDefaults(profilePath(config, name));
    }
    await checkBeforeStart(knex, config, logger);
    server = await startRpcServer(config, { host, port, logger, deps: { engine, knex, logger } });
  } catch (error) {
    await knex.destroy();
    abortStartup(logger, error);
  }
}

const program = new Command('zonemaster-backend-rpcapi')
  .description('Zonemaster JSON-RPC API daemon')
  .option(
    '--listen <HOST:PORT>',
    'address to listen on',
    parseListenOption,
    parseListenOption('127.0.0.1:5000'),
  )
  .option(
    '--config <FILE>',
    'configuration file (default: $ZONEMASTER_BACKEND_CONFIG_FILE, /etc/zonemaster/backend_config.ini, ...)',
  )
  .option('--loglevel <LEVEL>', 'log level (default: $ZM_BACKEND_RPCAPI_LOGLEVEL or info)', (raw) => {
    try {
      toPinoLevel(raw);
      return raw;
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  })
  .option('--logjson', 'log one JSON object per line (default: $ZM_BACKEND_RPCAPI_LOGJSON)')
  .action((opts: Options) => main(opts));

await program.parseAsync(process.argv);
