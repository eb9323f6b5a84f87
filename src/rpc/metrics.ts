/**
 * Request metrics: Prometheus (always, GET /metrics) and, when [METRICS] statsd_host is set, the reference's
 * StatsD counter zonemaster.rpcapi.requests.<method>.<status>.
 */
import { StatsD } from 'hot-shots';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config/types.js';
import { METHOD_SCHEMAS } from './schemas.js';

export type RpcStatus =
  | 'RPC_SUCCESS'
  | 'RPC_PARSE_ERROR'
  | 'RPC_INVALID_REQUEST'
  | 'RPC_METHOD_NOT_FOUND'
  | 'RPC_INVALID_PARAMS'
  | 'RPC_INTERNAL_ERROR';

const STATUS_BY_CODE: Record<number, RpcStatus> = {
  [-32700]: 'RPC_PARSE_ERROR',
  [-32600]: 'RPC_INVALID_REQUEST',
  [-32601]: 'RPC_METHOD_NOT_FOUND',
  [-32602]: 'RPC_INVALID_PARAMS',
  [-32603]: 'RPC_INTERNAL_ERROR',
};

export function statusOf(errorCode: number | undefined): RpcStatus {
  return errorCode === undefined ? 'RPC_SUCCESS' : (STATUS_BY_CODE[errorCode] ?? 'RPC_INTERNAL_ERROR');
}

export interface RpcMetrics {
  registry: Registry;
  /** `dispatched`: the request passed parsing and validation (the reference counts only those in StatsD). */
  record(method: string | undefined, status: RpcStatus, seconds: number, dispatched: boolean): void;
  close(): Promise<void>;
}

export interface RpcMetricsSources {
  /** For the queue-depth gauge, read at each scrape. */
  knex?: Knex;
  logger?: Pick<Logger, 'warn'>;
}

export function createRpcMetrics(config: Config, sources: RpcMetricsSources = {}): RpcMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (sources.knex) registerQueueDepth(registry, sources.knex, sources.logger);
  const requests = new Counter({
    name: 'zonemaster_rpcapi_requests_total',
    help: 'JSON-RPC requests by method and outcome',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'zonemaster_rpcapi_request_duration_seconds',
    help: 'Time to answer a JSON-RPC request',
    labelNames: ['method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const statsd = config.METRICS.statsd_host
    ? new StatsD({
        host: config.METRICS.statsd_host,
        port: config.METRICS.statsd_port,
        errorHandler: () => undefined,
      })
    : undefined;

  return {
    registry,
    record(method, status, seconds, dispatched) {
      // Unknown names are folded into one label so clients cannot grow the series without bound.
      const label = method !== undefined && Object.hasOwn(METHOD_SCHEMAS, method) ? method : 'unknown';
      requests.inc({ method: label, status });
      latency.observe({ method: label }, seconds);
      if (statsd && dispatched && method !== undefined)
        statsd.increment(`zonemaster.rpcapi.requests.${method}.${status}`);
    },
    close: () => new Promise<void>((resolve) => (statsd ? statsd.close(() => resolve()) : resolve())),
  };
}

/**
 * Tests waiting to be claimed, per queue and priority, counted when Prometheus scrapes (one indexed GROUP BY).
 * Every rpcapi reports the same figure: aggregate with max(), not sum().
 */
function registerQueueDepth(registry: Registry, knex: Knex, logger?: Pick<Logger, 'warn'>): void {
  new Gauge({
    name: 'zonemaster_queue_waiting_tests',
    help: 'Tests waiting for an agent, by queue and priority (the same figure from every rpcapi)',
    labelNames: ['queue', 'priority'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const rows = (await knex('test_results')
          .where('progress', 0)
          .select('queue', 'priority')
          .count({ waiting: '*' })
          .groupBy('queue', 'priority')) as Array<{
          queue: number;
          priority: number;
          waiting: number | string;
        }>;
        for (const row of rows)
          this.set({ queue: String(row.queue), priority: String(row.priority) }, Number(row.waiting));
      } catch (error) {
        // The scrape still answers (process metrics stay useful); /readyz tells why the database does not.
        logger?.warn({ err: error }, 'queue depth unavailable');
      }
    },
  });
}
