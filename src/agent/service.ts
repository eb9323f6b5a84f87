import type { Knex } from 'knex';
import type { Config } from '../config/types.js';
import { createKnex, type KnexLogSink } from '../db/connection.js';
import type { RunOptions } from '../engine/types.js';
import { TestAgent } from './agent.js';
import { createAgentMetrics, type AgentMetrics } from './metrics.js';
import { catchStrayErrors } from './testScope.js';
import type { AgentLogger, EngineRunner } from './types.js';

export interface AgentServiceOptions {
  config: Config;
  logger: AgentLogger;
  knex?: Knex;
  runner?: EngineRunner;
  engineOptions?: Partial<RunOptions>;
}

export interface AgentService {
  agent: TestAgent;
  /** Graceful stop (see TestAgent.stop), then the database pool and metrics are released. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * SQLite waits for a lock synchronously: an agent must keep its event loop free to renew (or fence) its leases,
 * so it waits briefly and retries later, as it does through any database outage.
 */
const AGENT_SQLITE_BUSY_MS = 250;

/** The agent's database connection. */
export function createAgentKnex(config: Config, logger?: KnexLogSink): Knex {
  return createKnex(config, {
    sqliteBusyMs: AGENT_SQLITE_BUSY_MS,
    sqliteRelaxedSync: true,
    ...(logger ? { logger } : {}),
  });
}

/**
 * Start-up checks, then a running agent: the database must answer and every configured profile must load,
 * otherwise this throws and nothing runs (the reference's "Aborting startup").
 */
export async function startAgentService(opts: AgentServiceOptions): Promise<AgentService> {
  const knex = opts.knex ?? createAgentKnex(opts.config, opts.logger);
  let metrics: AgentMetrics | undefined;
  try {
    await knex.raw('SELECT 1');
    metrics = await createAgentMetrics(opts.config, opts.logger);
    const agent = new TestAgent({
      config: opts.config,
      knex,
      logger: opts.logger,
      metrics,
      ...(opts.runner ? { runner: opts.runner } : {}),
      ...(opts.engineOptions ? { engineOptions: opts.engineOptions } : {}),
    });
    const releaseStrayErrors = catchStrayErrors(opts.logger);
    agent.start();
    let stopping: Promise<void> | undefined;
    return {
      agent,
      stop: (graceMs) => {
        if (stopping) return agent.stop(graceMs).then(() => stopping);
        stopping = agent.stop(graceMs).then(async () => {
          releaseStrayErrors();
          await metrics?.close();
          if (!opts.knex) await knex.destroy();
        });
        return stopping;
      },
    };
  } catch (error) {
    await metrics?.close();
    if (!opts.knex) await knex.destroy();
    throw error;
  }
}

/**
 * SIGTERM / SIGINT: first one stops gracefully (running tests get the grace time, then are handed back); a second
 * one hands them back at once. `onStopped` runs once everything is closed.
 */
export function stopOnSignals(service: AgentService, logger: AgentLogger, onStopped: () => void): void {
  let signals = 0;
  const handle = (signal: NodeJS.Signals) => {
    signals += 1;
    logger.info(
      { signal },
      signals === 1 ? 'Stopping: no new tests, waiting for running ones' : 'Stopping now',
    );
    const stopped = signals === 1 ? service.stop() : service.stop(0);
    if (signals === 1) {
      stopped.then(onStopped, (error: unknown) => {
        logger.error({ err: error }, 'Error while stopping');
        onStopped();
      });
    }
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
