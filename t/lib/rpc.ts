/** The API daemon on a free loopback port for a test database, logging nothing below fatal. */
import type { Config } from '../../src/config/types.js';
import { createLogger } from '../../src/log.js';
import { startRpcServer, type RpcAppDeps, type RunningRpcServer } from '../../src/rpc/server.js';

export function startQuietRpcServer(config: Config, deps: RpcAppDeps = {}): Promise<RunningRpcServer> {
  return startRpcServer(config, { port: 0, deps, logger: createLogger('rpcapi', { level: 'fatal' }) });
}
