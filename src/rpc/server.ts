/**
 * The RPC API daemon: an express app answering JSON-RPC over HTTP POST at any path (always HTTP 200, the GUI
 * ignores the body of any other status), Prometheus metrics at GET /metrics, the API description at
 * GET /openrpc.json, and GET /, /healthz and /readyz (health.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { createKnex } from '../db/connection.js';
import { createLogger } from '../log.js';
import { batchResultsHandler } from './batch-results.js';
import { offeredLanguages, type ApiContext } from './context.js';
import { createDispatcher } from './dispatch.js';
import { createEngineServices, type EngineServices } from './engine-adapter.js';
import { jobEventsHandler } from './events/handler.js';
import { EventHub, type EventHubOptions } from './events/hub.js';
import { createRpcHttpHandler } from './http-handler.js';
import { createRpcMetrics, type RpcMetrics } from './metrics.js';
import { readiness, SERVICE_INDEX } from './health.js';
import { discoverMethods, openRpcDocument } from './openrpc.js';
import { batchManagementMethods } from './methods/batchManagement.js';
import { batchMethods } from './methods/batches.js';
import { infoMethods } from './methods/info.js';
import { jobMethods } from './methods/jobs.js';
import { lookupMethods } from './methods/lookup.js';
import { scheduleMethods } from './methods/schedules.js';
import { testMethods } from './methods/tests.js';
import { usageMethods } from './methods/usage.js';
import { isAuthorized, userMethods } from './methods/users.js';
import { trustChecker } from './remote.js';
import { withNormalizationMemo, withRequestScope } from './request-memo.js';
import { createChecks, createParamsValidator } from './validate.js';

export interface RpcAppDeps {
  knex?: Knex;
  engine?: EngineServices;
  logger?: Logger;
  metrics?: RpcMetrics;
  now?: () => Date;
  /** Timing of the live event streams (tests shorten it). */
  events?: EventHubOptions;
}

export interface RpcApp extends Express {
  /** The node:http listener the daemon uses: JSON-RPC POSTs straight to the handler, the rest through express. */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Ends the live event streams (they would otherwise hold their connections open). */
  closeStreams(): void;
  /** Releases what the app created itself (database pool, StatsD socket). */
  closeResources(): Promise<void>;
}

const ADMIN_METHODS = ['add_api_user', 'user_create'];
const BATCH_METHODS = ['add_batch_job', 'batch_create'];
const SCHEDULE_METHODS = ['schedule_create', 'schedule_list', 'schedule_delete', 'schedule_deliveries'];

export function createRpcApp(config: Config, deps: RpcAppDeps = {}): RpcApp {
  const logger = deps.logger ?? createLogger('rpcapi');
  const knex = deps.knex ?? createKnex(config, { logger });
  const engine = withNormalizationMemo(deps.engine ?? createEngineServices());
  const metrics = deps.metrics ?? createRpcMetrics(config, { knex, logger });
  const api: ApiContext = { config, knex, engine, logger, now: deps.now ?? (() => new Date()) };

  const languages = new Set(offeredLanguages(config, engine.languages()));
  const profiles = new Set([...Object.keys(config.PUBLIC_PROFILES), ...Object.keys(config.PRIVATE_PROFILES)]);
  const validate = createParamsValidator(
    createChecks({ normalizeName: engine.normalizeName, profiles, languages }),
    engine.renderMessage,
  );
  const disabled = new Set<string>([
    ...(config.RPCAPI.enable_add_api_user ? [] : ADMIN_METHODS),
    ...(config.RPCAPI.enable_add_batch_job ? [] : BATCH_METHODS),
    ...(config.MONITORING.enable ? [] : SCHEDULE_METHODS),
  ]);
  const dispatch = createDispatcher({
    handlers: {
      ...infoMethods(api),
      ...lookupMethods(api),
      ...testMethods(api),
      ...userMethods(api),
      ...batchMethods(api),
      ...jobMethods(api),
      ...batchManagementMethods(api),
      ...usageMethods(api),
      ...scheduleMethods(api),
      ...discoverMethods(),
    },
    disabled,
    validate,
    languages,
    renderMessage: engine.renderMessage,
    metrics,
    logger,
    authenticate: (user, key) => isAuthorized(knex, user, key),
  });
  const trusted = trustChecker(config.RPCAPI.trusted_proxies);

  const app = express() as unknown as RpcApp;
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/', (_req, res) => void res.json(SERVICE_INDEX));
  app.get('/openrpc.json', (_req, res) => void res.json(openRpcDocument()));
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const state = await readiness(knex);
    res
      .status(state.ready ? 200 : 503)
      .json(state.ready ? { status: 'ready' } : { status: 'not ready', reason: state.reason });
  });

  app.get('/batches/:batchId/results', batchResultsHandler(api));
  const events = new EventHub(api, { ...deps.events, registry: metrics.registry });
  app.get('/jobs/:jobId/events', jobEventsHandler(api, events));

  // JSON-RPC at any path, any content type: every mistake gets a JSON-RPC answer with HTTP 200.
  const rpcHandler = createRpcHttpHandler({
    dispatch: withRequestScope(dispatch),
    trusted,
    maxRequestSize: config.RPCAPI.max_request_size,
    metrics,
    logger,
  });
  app.post('/{*path}', (req: Request, res: Response) => rpcHandler(req, res));

  // Faults of our own outside JSON-RPC (GET /metrics): logged, answered without details.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    logger.error({ err }, 'unexpected error answering a request');
    res.status(500).end();
  });

  app.listener = (req, res) => (req.method === 'POST' ? rpcHandler(req, res) : app(req, res));
  app.closeStreams = () => events.stop();
  app.closeResources = async () => {
    events.stop();
    await metrics.close();
    if (!deps.knex) await knex.destroy();
  };
  return app;
}

export interface StartOptions {
  host?: string;
  port?: number;
  logger?: Logger;
  deps?: RpcAppDeps;
}

export interface RunningRpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 10_000;

/** Starts the daemon on host:port (default 127.0.0.1:5000; port 0 picks a free port). */
export async function startRpcServer(config: Config, opts: StartOptions = {}): Promise<RunningRpcServer> {
  const logger = opts.logger ?? opts.deps?.logger ?? createLogger('rpcapi');
  const app = createRpcApp(config, { ...opts.deps, logger });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(app.listener);
    s.once('error', reject);
    s.listen(opts.port ?? 5000, host, () => resolve(s));
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  logger.info({ url }, 'RPC API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        app.closeStreams();
        server.closeIdleConnections();
        // Keep-alive connections still busy get CLOSE_GRACE_MS to finish their request, then are cut.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }).then(() => app.closeResources())),
  };
}
