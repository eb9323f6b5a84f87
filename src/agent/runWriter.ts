import type { Knex } from 'knex';
import { appendResultEntries, type ResultEntryInput } from '../db/queue/index.js';
import { LEVEL_VALUE, type Level, type MessageEntry } from '../engine/types.js';
import { backoffDelay, pause } from './backoff.js';
import type { AgentLogger } from './types.js';

export interface RunWriterOptions {
  knex: Knex;
  testId: string;
  agentId: string;
  leaseMs: number;
  /** How often buffered entries and progress are written (default 250 ms). */
  flushMs: number;
  /** Entries below this level are not stored (the reference stores INFO and above). */
  minLevel: Level;
  logger: AgentLogger;
  /** Longest wait for a write under way when the run ends (a query stuck on a dead connection). */
  closeTimeoutMs?: number;
  /** When the claim's lease runs out unless renewed (epoch ms; the claim's own lease at first). */
  leaseUntil: number;
  /** Called once if the claim is lost (another agent owns the test now) or about to be (fenced). */
  onLost: (why: 'lost' | 'fenced') => void;
}

/**
 * The share of the lease kept in reserve: a run that could not renew its lease by then is stopped (fenced), so
 * it has ended before any other agent may take the test over, whatever the database outage.
 */
const FENCE_RESERVE = 1 / 5;

/**
 * Streams one running test's findings to the database: entries are buffered and written with the progress every
 * flush interval, and each write renews the lease. With nothing new to write the lease is still renewed in time.
 * A failed write (database down) keeps its entries for the next attempt, after a backoff. A run whose lease
 * could not be renewed in time is fenced: onLost('fenced') is called while the lease still holds.
 */
export class RunWriter {
  private buffer: ResultEntryInput[] = [];
  private progress = 1;
  private writtenProgress = 1;
  private lastWriteAt = Date.now();
  private failures = 0;
  private retryAt = 0;
  private lost = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly minValue: number;
  private leaseUntil: number;

  constructor(private readonly opts: RunWriterOptions) {
    this.minValue = LEVEL_VALUE[opts.minLevel];
    this.leaseUntil = opts.leaseUntil;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.flushMs);
    this.timer.unref();
  }

  push(entry: MessageEntry): void {
    if (this.timer === undefined || LEVEL_VALUE[entry.level] < this.minValue) return;
    const { level, module, testcase, tag, timestamp, args } = entry;
    this.buffer.push({ level, module, testcase, tag, timestamp, args });
  }

  /** progress = finished / planned test cases, kept within 1..99 until the test completes. */
  setProgress(finished: number, planned: number): void {
    if (planned <= 0) return;
    const percent = Math.min(99, Math.max(1, Math.floor((100 * finished) / planned)));
    if (percent > this.progress) this.progress = percent;
  }

  get claimLost(): boolean {
    return this.lost;
  }

  /** Stops writing and returns the entries not yet stored (the completion stores them). */
  async close(): Promise<ResultEntryInput[]> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.inFlight) await Promise.race([this.inFlight, pause(this.opts.closeTimeoutMs ?? 30_000)]);
    return this.buffer.splice(0);
  }

  private tick(): void {
    if (this.lost) return;
    // Checked before anything else: a write may hang on a dead connection for longer than the lease.
    if (Date.now() >= this.leaseUntil - this.opts.leaseMs * FENCE_RESERVE) {
      this.lost = true;
      this.opts.onLost('fenced');
      return;
    }
    if (this.inFlight || Date.now() < this.retryAt) return;
    const leaseDue = Date.now() - this.lastWriteAt >= this.opts.leaseMs / 3;
    if (this.buffer.length === 0 && this.progress === this.writtenProgress && !leaseDue) return;
    this.inFlight = this.flush().finally(() => {
      this.inFlight = undefined;
    });
  }

  private async flush(): Promise<void> {
    const batch = this.buffer.splice(0);
    const progress = this.progress;
    const { knex, testId, agentId, leaseMs } = this.opts;
    const leaseUntil = Date.now() + leaseMs;
    try {
      const held = await appendResultEntries(knex, testId, { agentId, leaseUntil }, batch, progress);
      this.failures = 0;
      if (!held) {
        if (!this.lost) this.opts.onLost('lost');
        // kept for close(): when the test was cancelled, these findings are still stored
        this.buffer.unshift(...batch);
        this.lost = true;
        return;
      }
      this.leaseUntil = Math.max(this.leaseUntil, leaseUntil);
      this.writtenProgress = progress;
      this.lastWriteAt = Date.now();
    } catch (error) {
      this.buffer.unshift(...batch);
      this.failures += 1;
      this.retryAt = Date.now() + backoffDelay(this.failures);
      this.opts.logger.warn({ err: error, hash_id: testId }, 'Cannot write test progress; will retry');
    }
  }
}
