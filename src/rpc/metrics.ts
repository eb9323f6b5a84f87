/**
 * Request metrics: Prometheus (always, GET /metrics) and, when [METRICS] statsd_host is set, the reference's
 * StatsD counter zonemaster.rpcapi.requests.<method>.<status>.
 */
import { StatsD } from 'hot-shots';
import { Counter, Histogram, Registry } from 'prom-client';
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

export function createRpcMetrics(config: Config): RpcMetrics {
  const registry = new Registry();
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
