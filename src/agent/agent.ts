import { setMaxListeners } from 'node:events';
import type { Knex } from 'knex';
import pLimit, { type LimitFunction } from 'p-limit';
import { pino } from 'pino';
import type { Config } from '../config/types.js';
import {
  cancelledAmong,
  claimTests,
  handBackTest,
  recoverExpiredTests,
  rerunWaiting,
  type ClaimedTest,
  type TestKind,
} from '../db/queue/index.js';
import type { Level, RunOptions } from '../engine/types.js';
import { isLockConflict } from '../db/unavailable.js';
import { Monitor } from '../monitoring/monitor.js';
import { newAgentId } from './agentId.js';
import { backoffDelay, pause, withTimeout } from './backoff.js';
import { CpuMeter } from './cpuMeter.js';
import { engineRunTest } from './defaultRunner.js';
import { noMetrics, type AgentMetrics } from './metrics.js';
import { ProfileCatalog } from './profiles.js';
import { runClaimedTest, type RunContext } from './runClaimedTest.js';
import { sharedDnsOptions } from './sharedDns.js';
import type { AgentLogger, EngineRunner, RunOutcome } from './types.js';
import { WriteBatcher } from './writeBatcher.js';

export interface AgentOptions {
  config: Config;
  knex: Knex;
  logger?: AgentLogger;
  /** The engine; the real runTest by default (tests pass stand-ins). */
  runner?: EngineRunner;
  agentId?: string;
  metrics?: AgentMetrics;
  /** Merged into every engine call, e.g. { port } to send DNS to a test server's port. */
  engineOptions?: Partial<RunOptions>;
  /** Lowest level stored in result_entries (default INFO). */
  minLevel?: Level;
  /** Entry and progress write interval (default 250 ms). */
  flushMs?: number;
  /** Lease duration in ms (default ZONEMASTER.lease_time seconds). */
  leaseMs?: number;
  /** Polling interval in ms when the queue is empty (default DB.polling_interval seconds). */
  pollMs?: number;
  /** How often expired leases are looked for (default a quarter of the lease). */
  recoveryMs?: number;
  /** How long an aborted engine run may take to return (default 5 s). */
  abortGraceMs?: number;
  /** Longest wait for one claim or recovery query before it is abandoned as lost (default 30 s). */
  dbTimeoutMs?: number;
  /** How often the running tests are checked for cancellation (default 1 s). */
  cancelCheckMs?: number;
  /** How often schedules and webhooks are looked at (default 1 s); [MONITORING] enable = no turns it off. */
  monitorTickMs?: number;
  /** Called after each test this agent ends (tests and the CLI observe it). */
  onTestEnd?: (test: ClaimedTest, outcome: RunOutcome) => void;
}

const KINDS: readonly TestKind[] = ['frontend', 'batch'];

/**
 * One test agent: claims waiting tests while it has free slots of their kind (frontend or batch), runs them
 * concurrently, and recovers tests whose lease expired. stop() stops claiming, waits up to the grace time for
 * running tests, then hands the rest back to the queue.
 */
export class TestAgent {
  readonly id: string;
  private readonly ctx: RunContext;
  private readonly slots: Record<TestKind, { limit: LimitFunction; size: number }>;
  private readonly metrics: AgentMetrics;
  private readonly pollMs: number;
  private readonly recoveryMs: number;
  private readonly stopping = new AbortController();
  private readonly handBack = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly runs = new Set<Promise<void>>();
  /** Running tests by id, each with the controller that cancels it. */
  private readonly cancellers = new Map<string, AbortController>();
  private cancelTimer: NodeJS.Timeout | undefined;
  private checkingCancels = false;
  private lastRecovery = 0;
  private readonly dbTimeoutMs: number;
  /** A recovered test being re-run alone (see claimMode). */
  private isolated: string | undefined;
  /** Schedules and webhooks (src/monitoring), beside the claim loop. */
  private monitor: Monitor | undefined;
  /** Whether a recovered test waits for its re-run, as last asked, and when to ask again (epoch ms). */
  private rerunPending = false;
  private rerunCheckDue = 0;
  /** Per kind: the last claim found the queue empty; no claim query of that kind before this time (epoch ms). */
  private readonly emptyUntil: Record<TestKind, number> = { frontend: 0, batch: 0 };

  constructor(private readonly opts: AgentOptions) {
    const z = opts.config.ZONEMASTER;
    this.id = opts.agentId ?? newAgentId();
    const leaseMs = opts.leaseMs ?? z.lease_time * 1000;
    const logger = opts.logger ?? pino({ level: 'silent' });
    const flushMs = opts.flushMs ?? 250;
    this.ctx = {
      knex: opts.knex,
      config: opts.config,
      agentId: this.id,
      runner: opts.runner ?? engineRunTest,
      profiles: new ProfileCatalog(opts.config),
      logger,
      leaseMs,
      flushMs,
      minLevel: opts.minLevel ?? 'INFO',
      abortGraceMs: opts.abortGraceMs ?? 5000,
      engineOptions: { ...sharedDnsOptions(opts.config), ...opts.engineOptions },
      cpu: new CpuMeter(),
      writes: new WriteBatcher(opts.knex, flushMs),
    };
    this.slots = {
      frontend: slot(z.number_of_processes_for_frontend_testing),
      batch: slot(z.number_of_processes_for_batch_testing),
    };
    // Every running test listens for the hand-back signal.
    setMaxListeners(0, this.handBack.signal);
    this.metrics = opts.metrics ?? noMetrics;
    this.pollMs = opts.pollMs ?? opts.config.DB.polling_interval * 1000;
    this.recoveryMs = opts.recoveryMs ?? leaseMs / 4;
    this.dbTimeoutMs = opts.dbTimeoutMs ?? 30_000;
  }

  /** Number of tests running now. */
  get running(): number {
    return this.slots.frontend.limit.activeCount + this.slots.batch.limit.activeCount;
  }

  /** Loads the profiles (fails on a broken one) and starts claiming. */
  start(): void {
    if (this.loop) return;
    this.ctx.profiles.preload();
    this.metrics.maximumProcesses(this.slots.frontend.size + this.slots.batch.size);
    this.ctx.logger.info(
      { agent_id: this.id, queue: this.opts.config.ZONEMASTER.lock_on_queue },
      'Test agent started',
    );
    this.loop = this.claimLoop();
    if (this.opts.config.MONITORING.enable) {
      this.monitor = new Monitor({
        config: this.opts.config,
        knex: this.opts.knex,
        agentId: this.id,
        logger: this.ctx.logger,
        metrics: this.metrics,
        dbTimeoutMs: this.dbTimeoutMs,
        ...(this.opts.monitorTickMs !== undefined ? { tickMs: this.opts.monitorTickMs } : {}),
      });
      this.monitor.start();
    }
    this.cancelTimer = setInterval(() => void this.checkCancels(), this.opts.cancelCheckMs ?? 1000);
    this.cancelTimer.unref();
  }

  /**
   * Stops the running tests that were cancelled. One query per agent and interval; a failure is left to the
   * next interval (a test's lease renewal also fails once it is cancelled).
   */
  private async checkCancels(): Promise<void> {
    this.ctx.cpu.sample();
    if (this.checkingCancels || this.cancellers.size === 0) return;
    this.checkingCancels = true;
    try {
      for (const testId of await cancelledAmong(this.ctx.knex, this.id, [...this.cancellers.keys()]))
        this.cancellers.get(testId)?.abort();
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'Cannot check running tests for cancellation');
    } finally {
      this.checkingCancels = false;
    }
  }

  /**
   * Graceful stop: no new claims; running tests get graceMs (default ZONEMASTER.shutdown_grace_time) to finish,
   * then the unfinished ones are handed back to the queue. Resolves when every run has ended.
   */
  async stop(graceMs: number = this.opts.config.ZONEMASTER.shutdown_grace_time * 1000): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await Promise.all([this.loop, this.monitor?.stop()]);
    const allDone = Promise.all([...this.runs]);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace'>((resolve) => {
      timer = setTimeout(() => resolve('grace'), graceMs);
    });
    if ((await Promise.race([allDone, graceOver])) === 'grace' && this.runs.size > 0) {
      this.ctx.logger.info({ running: this.runs.size }, 'Grace time over; handing unfinished tests back');
      this.handBack.abort();
    }
    clearTimeout(timer);
    await Promise.all([...this.runs]);
    clearInterval(this.cancelTimer);
    this.ctx.logger.info({ agent_id: this.id }, 'Test agent stopped');
  }

  private free(kind: TestKind): boolean {
    return this.freeSlots(kind) > 0;
  }

  private freeSlots(kind: TestKind): number {
    const { limit, size } = this.slots[kind];
    return size - limit.activeCount - limit.pendingCount;
  }

  private async claimLoop(): Promise<void> {
    const signal = this.stopping.signal;
    let failures = 0;
    while (!signal.aborted) {
      let claimed = false;
      try {
        await this.recoverIfDue();
        const mode = await this.claimMode();
        for (const kind of KINDS) {
          while (
            !signal.aborted &&
            mode !== 'none' &&
            this.isolated === undefined &&
            this.free(kind) &&
            Date.now() >= this.emptyUntil[kind]
          ) {
            // All free slots in one query; a re-run alone.
            const wanted = mode === 'rerun' ? 1 : this.freeSlots(kind);
            const started = performance.now();
            const claim = claimTests(
              this.ctx.knex,
              {
                agentId: this.id,
                queue: this.opts.config.ZONEMASTER.lock_on_queue,
                kind,
                leaseMs: this.ctx.leaseMs,
                rerun: mode === 'rerun',
              },
              wanted,
            );
            const tests = await withTimeout(claim, this.dbTimeoutMs, 'claiming a test').catch(
              (error: unknown) => {
                this.handBackLateClaim(claim);
                throw error;
              },
            );
            this.metrics.fetchDuration(performance.now() - started);
            if (mode === 'rerun') this.rerunCheckDue = 0;
            // Fewer than asked for: nothing more of this kind waits; ask again after a polling interval.
            if (tests.length < wanted) this.emptyUntil[kind] = Date.now() + this.pollMs;
            if (tests.length === 0) break;
            claimed = true;
            for (const test of tests) {
              if (mode === 'rerun') {
                this.isolated = test.testId;
                this.ctx.logger.warn({ hash_id: test.testId }, 'Re-running a recovered test alone');
              }
              this.launch(kind, test);
            }
          }
        }
        failures = 0;
      } catch (error) {
        if (isLockConflict(error)) {
          // Another agent's claim (or a schedule's insert) took the same rows first: claim again at once.
          this.ctx.logger.debug({ err: error }, 'Claim conflicted with another transaction; claiming again');
          await pause(10 + Math.random() * 40, signal);
          continue;
        }
        failures += 1;
        const delay = backoffDelay(failures);
        this.ctx.logger.error({ err: error, retry_in_ms: delay }, 'Database unavailable; retrying');
        await pause(delay, signal);
        continue;
      }
      if (!claimed) await this.idle();
    }
  }

  /**
   * A test recovered after its agent died may have died of a neighbour: it is re-run alone, so that only its
   * own failure can end it with TEST_DIED. While one waits, the agent claims nothing else and drains; once idle
   * it claims the re-run, and nothing beside it until it ends.
   */
  private async claimMode(): Promise<'fresh' | 'rerun' | 'none'> {
    if (this.isolated !== undefined) return 'none';
    // Asked once per polling interval, not before every claim: a fresh claim never takes a re-run (attempts = 0).
    if (Date.now() >= this.rerunCheckDue) {
      const queue = this.opts.config.ZONEMASTER.lock_on_queue;
      this.rerunPending = await withTimeout(
        rerunWaiting(this.ctx.knex, queue),
        this.dbTimeoutMs,
        'looking for re-runs',
      );
      this.rerunCheckDue = Date.now() + this.pollMs;
    }
    if (!this.rerunPending) return 'fresh';
    return this.runs.size === 0 ? 'rerun' : 'none';
  }

  /**
   * A claim we stopped waiting for may still succeed in the database; without this its test would stay claimed,
   * with nobody running it, until the lease expired (and lose an attempt).
   */
  private handBackLateClaim(claim: Promise<ClaimedTest[]>): void {
    claim
      .then(async (tests) => {
        for (const late of tests) {
          const returned = await handBackTest(this.ctx.knex, late.testId, this.id);
          this.ctx.logger.warn(
            { hash_id: late.testId, returned },
            'Handed back a test claimed after the claim timed out',
          );
        }
      })
      .catch(() => undefined); // failed claim, or the database is away: the lease expires and recovery takes over
  }

  /** Sleeps one polling interval, or less when a slot frees up or stop() is called. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      this.wake = done;
    });
  }

  private async recoverIfDue(): Promise<void> {
    if (Date.now() - this.lastRecovery < this.recoveryMs) return;
    this.lastRecovery = Date.now();
    const started = Date.now();
    const { requeued, died } = await withTimeout(
      recoverExpiredTests(this.ctx.knex),
      this.dbTimeoutMs,
      'recovery',
    );
    this.metrics.cleanupDuration(Date.now() - started);
    if (requeued.length > 0) this.rerunCheckDue = 0;
    if (requeued.length > 0)
      this.ctx.logger.warn({ hash_ids: requeued }, 'Re-queued tests whose agent stopped renewing');
    if (died.length > 0)
      this.ctx.logger.error({ hash_ids: died }, 'Tests failed twice; ended with TEST_DIED');
    for (let i = 0; i < died.length; i++) this.metrics.testDied();
  }

  private launch(kind: TestKind, test: ClaimedTest): void {
    this.metrics.testStarted();
    this.ctx.logger.info(
      { hash_id: test.testId, domain: test.domain, kind, attempt: test.attempts },
      'Test started',
    );
    const canceller = new AbortController();
    this.cancellers.set(test.testId, canceller);
    const run = this.slots[kind]
      .limit(() => runClaimedTest(this.ctx, test, this.handBack.signal, canceller.signal))
      .catch((error: unknown): RunOutcome => {
        this.ctx.logger.error({ err: error, hash_id: test.testId }, 'Unexpected agent error');
        return 'lost';
      })
      .then((outcome) => {
        this.record(test, outcome);
        this.opts.onTestEnd?.(test, outcome);
      })
      .finally(() => {
        if (this.isolated === test.testId) this.isolated = undefined;
        this.runs.delete(run);
        this.cancellers.delete(test.testId);
        this.metrics.runningProcesses(this.running);
        this.wake?.();
      });
    this.runs.add(run);
    this.metrics.runningProcesses(this.running);
  }

  private record(test: ClaimedTest, outcome: RunOutcome): void {
    const ms = Date.now() - test.startedAt;
    this.ctx.logger.info({ hash_id: test.testId, outcome, duration_ms: ms }, 'Test ended');
    if (outcome === 'completed' || outcome === 'timed_out') {
      this.metrics.testCompleted();
      this.metrics.testDuration(ms);
    } else if (outcome === 'died') {
      this.metrics.testDied();
      this.metrics.testDuration(ms);
    }
  }
}

function slot(size: number): { limit: LimitFunction; size: number } {
  return { limit: pLimit(Math.max(1, size)), size };
}
