/**
 * The agents' side of schedules: each tick, start the tests of due schedules, compare the tests that ended with
 * their schedule's previous one (queueing a webhook delivery on change), and send the deliveries that are due.
 * Every step is a claim in the database, so any number of agents may run a monitor: each scheduled test starts
 * once, each change is queued once, each delivery attempt is made by one agent.
 */
import type { Knex } from 'knex';
import type { Config } from '../config/types.js';
import { isLockConflict } from '../db/unavailable.js';
import { backoffDelay, pause, withTimeout } from '../agent/backoff.js';
import type { AgentLogger } from '../agent/types.js';
import { postWebhook } from './postWebhook.js';
import {
  claimDelivery,
  compareEndedTests,
  countDueSchedules,
  recordAttempt,
  startDueSchedules,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from './queries/index.js';
import { targetPolicy, type TargetPolicy } from './targetPolicy.js';

export interface MonitorMetrics {
  schedulesDue(n: number): void;
  webhookDelivery(outcome: DeliveryOutcome): void;
}

export interface MonitorOptions {
  config: Config;
  knex: Knex;
  agentId: string;
  logger: AgentLogger;
  metrics: MonitorMetrics;
  /** How often the schedules are looked at (default 1 s: the smallest interval a schedule may have). */
  tickMs?: number;
  /** Longest wait for one query before it is abandoned as lost (default 30 s). */
  dbTimeoutMs?: number;
}

/** Deliveries one agent sends at once; the rest wait for the next tick (or another agent). */
const MAX_SENDING = 10;
const MAX_RETRY_DELAY_MS = 3_600_000;

/** Delay before the attempt after attempt `attempt`: the configured delay, doubled each time, capped, ±10 %. */
export function retryDelayMs(attempt: number, baseSeconds: number): number {
  const exp = Math.min(MAX_RETRY_DELAY_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.9 + Math.random() * 0.2));
}

/**
 * How long a claimed delivery stays with its agent: the POST (bounded by webhook_timeout) and the write of its
 * result, with room to spare; an agent that died holding it leaves it to the others after that.
 */
export function deliveryLeaseMs(timeoutSeconds: number): number {
  return (2 * timeoutSeconds + 10) * 1000;
}

export class Monitor {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly sending = new Set<Promise<void>>();
  private readonly policy: TargetPolicy;
  private readonly settings: Config['MONITORING'];
  private readonly tickMs: number;
  private readonly dbTimeoutMs: number;

  constructor(private readonly opts: MonitorOptions) {
    this.settings = opts.config.MONITORING;
    this.policy = targetPolicy(this.settings.allowed_webhook_hosts);
    this.tickMs = opts.tickMs ?? 1000;
    this.dbTimeoutMs = opts.dbTimeoutMs ?? 30_000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops looking for work; waits for the deliveries being sent (each bounded by webhook_timeout). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.all([...this.sending]);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.tick();
        failures = 0;
      } catch (error) {
        if (isLockConflict(error)) {
          // Another agent's transaction won this time; the next tick tries again.
          this.opts.logger.debug({ err: error }, 'Schedules: lock conflict; retrying');
          await pause(this.tickMs, signal);
          continue;
        }
        failures += 1;
        const delay = backoffDelay(failures);
        this.opts.logger.error(
          { err: error, retry_in_ms: delay },
          'Schedules: database unavailable; retrying',
        );
        await pause(delay, signal);
        continue;
      }
      await pause(this.tickMs, signal);
    }
  }

  private db<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.dbTimeoutMs, what);
  }

  private async tick(): Promise<void> {
    const { knex, logger } = this.opts;
    this.opts.metrics.schedulesDue(await this.db(countDueSchedules(knex), 'counting due schedules'));
    for (const started of await this.db(startDueSchedules(knex), 'starting scheduled tests'))
      logger.info({ schedule_id: started.scheduleId, hash_id: started.testId }, 'Scheduled test queued');
    for (const compared of await this.db(compareEndedTests(knex), 'comparing scheduled tests'))
      if (compared.deliveryId !== undefined)
        logger.info(
          { schedule_id: compared.scheduleId, hash_id: compared.testId, delivery_id: compared.deliveryId },
          'Findings changed; webhook queued',
        );
    while (!this.stopping.signal.aborted && this.sending.size < MAX_SENDING) {
      const claim = await this.db(
        claimDelivery(knex, {
          agentId: this.opts.agentId,
          leaseMs: deliveryLeaseMs(this.settings.webhook_timeout),
          maxAttempts: this.settings.webhook_max_attempts,
        }),
        'claiming a webhook delivery',
      );
      if (!claim) break;
      const sent = this.send(claim).finally(() => this.sending.delete(sent));
      this.sending.add(sent);
    }
  }

  /** A lost attempt's result would mean a second POST after the lease: a lock conflict is retried at once. */
  private async retryingConflicts<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db(write(), 'recording a webhook attempt');
      } catch (error) {
        if (attempt >= 3 || !isLockConflict(error)) throw error;
      }
    }
  }

  private async send(claim: ClaimedDelivery): Promise<void> {
    const { logger } = this.opts;
    const startedAt = Date.now();
    const result = await postWebhook(claim.url, claim.body, {
      secret: claim.secret,
      deliveryId: claim.deliveryId,
      timeoutMs: this.settings.webhook_timeout * 1000,
      policy: this.policy,
    });
    const durationMs = Date.now() - startedAt;
    const delivered = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    const error = result.error ?? (delivered ? undefined : `HTTP ${result.statusCode}`);
    try {
      const outcome = await this.retryingConflicts(() =>
        recordAttempt(
          this.opts.knex,
          { deliveryId: claim.deliveryId, attempt: claim.attempt, agentId: this.opts.agentId },
          {
            startedAt,
            durationMs,
            delivered,
            ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
            ...(error !== undefined ? { error } : {}),
            ...(result.refused ? { final: true } : {}),
          },
          {
            maxAttempts: this.settings.webhook_max_attempts,
            retryAt: Date.now() + retryDelayMs(claim.attempt, this.settings.webhook_retry_delay),
          },
        ),
      );
      if (outcome === undefined) return;
      this.opts.metrics.webhookDelivery(outcome);
      const fields = { delivery_id: claim.deliveryId, attempt: claim.attempt, outcome, error };
      if (outcome === 'delivered') logger.info(fields, 'Webhook delivered');
      else logger.warn(fields, 'Webhook not delivered');
    } catch (err) {
      // The lease expires and another attempt is made: at worst the receiver gets the change twice.
      logger.error({ err, delivery_id: claim.deliveryId }, 'Cannot record a webhook attempt');
    }
  }
}
