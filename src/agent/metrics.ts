import { createServer, type Server } from 'node:http';
import { StatsD } from 'hot-shots';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config/types.js';
import { parseHostPort } from '../hostport.js';
import type { AgentLogger } from './types.js';

/**
 * The agent's metrics, under the reference's StatsD names (zonemaster.testagent.*; timings in milliseconds, the
 * StatsD convention) and, when METRICS.agent_prometheus_listen is set, the same figures on a Prometheus /metrics
 * endpoint (zonemaster_testagent_*, durations in seconds, counters ending in _total as Prometheus names them,
 * and the process metrics every Node.js exporter has).
 */
export interface AgentMetrics {
  testStarted(): void;
  testCompleted(): void;
  testDied(): void;
  testDuration(ms: number): void;
  fetchDuration(ms: number): void;
  cleanupDuration(ms: number): void;
  runningProcesses(n: number): void;
  maximumProcesses(n: number): void;
  /** Schedules due and not started yet (monitoring). */
  schedulesDue(n: number): void;
  /** One webhook attempt's outcome: delivered, retry, failed (gave up) or refused (target not allowed). */
  webhookDelivery(outcome: string): void;
  close(): Promise<void>;
}

export const noMetrics: AgentMetrics = {
  testStarted() {},
  testCompleted() {},
  testDied() {},
  testDuration() {},
  fetchDuration() {},
  cleanupDuration() {},
  runningProcesses() {},
  maximumProcesses() {},
  schedulesDue() {},
  webhookDelivery() {},
  close: () => Promise.resolve(),
};

class StatsdMetrics implements AgentMetrics {
  private readonly client: StatsD;
  constructor(host: string, port: number, logger: AgentLogger) {
    this.client = new StatsD({
      host,
      port,
      prefix: 'zonemaster.testagent.',
      errorHandler: (error) => logger.debug({ err: error }, 'StatsD send failed'),
    });
  }
  testStarted() {
    this.client.increment('tests_started');
  }
  testCompleted() {
    this.client.increment('tests_completed');
  }
  testDied() {
    this.client.increment('tests_died');
  }
  testDuration(ms: number) {
    this.client.timing('tests_duration_seconds', ms);
  }
  fetchDuration(ms: number) {
    this.client.timing('fetchtests_duration_seconds', ms);
  }
  cleanupDuration(ms: number) {
    this.client.timing('cleanup_duration_seconds', ms);
  }
  runningProcesses(n: number) {
    this.client.gauge('running_processes', n);
  }
  maximumProcesses(n: number) {
    this.client.gauge('maximum_processes', n);
  }
  schedulesDue(n: number) {
    this.client.gauge('schedules_due', n);
  }
  webhookDelivery(outcome: string) {
    this.client.increment(`webhook_deliveries.${outcome}`);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.client.close(() => resolve()));
  }
}

export class PrometheusMetrics implements AgentMetrics {
  readonly registry = new Registry();
  private readonly started = new Counter({
    name: 'zonemaster_testagent_tests_started_total',
    help: 'Tests started',
    registers: [this.registry],
  });
  private readonly completed = new Counter({
    name: 'zonemaster_testagent_tests_completed_total',
    help: 'Tests completed',
    registers: [this.registry],
  });
  private readonly died = new Counter({
    name: 'zonemaster_testagent_tests_died_total',
    help: 'Tests that died',
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'zonemaster_testagent_tests_duration_seconds',
    help: 'Test run time',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  private readonly fetch = new Histogram({
    name: 'zonemaster_testagent_fetchtests_duration_seconds',
    help: 'Claim time',
    registers: [this.registry],
  });
  private readonly cleanup = new Histogram({
    name: 'zonemaster_testagent_cleanup_duration_seconds',
    help: 'Recovery time',
    registers: [this.registry],
  });
  private readonly running = new Gauge({
    name: 'zonemaster_testagent_running_processes',
    help: 'Tests running',
    registers: [this.registry],
  });
  private readonly maximum = new Gauge({
    name: 'zonemaster_testagent_maximum_processes',
    help: 'Test slots',
    registers: [this.registry],
  });
  private readonly due = new Gauge({
    name: 'zonemaster_testagent_schedules_due',
    help: 'Schedules due and not started yet',
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'zonemaster_testagent_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private server: Server | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  testStarted() {
    this.started.inc();
  }
  testCompleted() {
    this.completed.inc();
  }
  testDied() {
    this.died.inc();
  }
  testDuration(ms: number) {
    this.duration.observe(ms / 1000);
  }
  fetchDuration(ms: number) {
    this.fetch.observe(ms / 1000);
  }
  cleanupDuration(ms: number) {
    this.cleanup.observe(ms / 1000);
  }
  runningProcesses(n: number) {
    this.running.set(n);
  }
  maximumProcesses(n: number) {
    this.maximum.set(n);
  }
  schedulesDue(n: number) {
    this.due.set(n);
  }
  webhookDelivery(outcome: string) {
    this.deliveries.inc({ outcome });
  }

  /** Serves GET /metrics on HOST:PORT; resolves with the bound port. */
  async listen(hostPort: string): Promise<number> {
    const target = parseHostPort(hostPort);
    if (!target) throw new Error(`agent_prometheus_listen: expected HOST:PORT, got "${hostPort}"`);
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry
        .metrics()
        .then((text) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text))
        .catch(() => res.writeHead(500).end());
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(target.port, target.host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : target.port;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

class FanOut implements AgentMetrics {
  constructor(private readonly sinks: AgentMetrics[]) {}
  testStarted() {
    for (const s of this.sinks) s.testStarted();
  }
  testCompleted() {
    for (const s of this.sinks) s.testCompleted();
  }
  testDied() {
    for (const s of this.sinks) s.testDied();
  }
  testDuration(ms: number) {
    for (const s of this.sinks) s.testDuration(ms);
  }
  fetchDuration(ms: number) {
    for (const s of this.sinks) s.fetchDuration(ms);
  }
  cleanupDuration(ms: number) {
    for (const s of this.sinks) s.cleanupDuration(ms);
  }
  runningProcesses(n: number) {
    for (const s of this.sinks) s.runningProcesses(n);
  }
  maximumProcesses(n: number) {
    for (const s of this.sinks) s.maximumProcesses(n);
  }
  schedulesDue(n: number) {
    for (const s of this.sinks) s.schedulesDue(n);
  }
  webhookDelivery(outcome: string) {
    for (const s of this.sinks) s.webhookDelivery(outcome);
  }
  async close() {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
}

/** The metrics the [METRICS] section asks for (none when it is empty). */
export async function createAgentMetrics(config: Config, logger: AgentLogger): Promise<AgentMetrics> {
  const sinks: AgentMetrics[] = [];
  if (config.METRICS.statsd_host)
    sinks.push(new StatsdMetrics(config.METRICS.statsd_host, config.METRICS.statsd_port, logger));
  if (config.METRICS.agent_prometheus_listen) {
    const prometheus = new PrometheusMetrics();
    const port = await prometheus.listen(config.METRICS.agent_prometheus_listen);
    logger.info({ port }, 'Prometheus metrics served on /metrics');
    sinks.push(prometheus);
  }
  return sinks.length === 0 ? noMetrics : sinks.length === 1 ? sinks[0]! : new FanOut(sinks);
}
