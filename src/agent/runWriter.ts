import type { ResultEntryInput, RunningTestWrite } from '../db/queue/index.js';
import { LEVEL_VALUE, type Level, type MessageEntry } from '../engine/types.js';
import { backoffDelay, pause } from './backoff.js';
import type { AgentLogger } from './types.js';
import type { BatchedWriter, WriteBatcher } from './writeBatcher.js';

export interface RunWriterOptions {
  testId: string;
  agentId: string;
  leaseMs: number;
  /** Entries below this level are not stored (the reference stores INFO and above). */
  minLevel: Level;
  logger: AgentLogger;
  /** Longest wait for a write under way when the run ends (a query stuck on a dead connection). */
  closeTimeoutMs?: number;
  /** When the claim's lease runs out unless renewed (epoch ms; the claim's own lease at first). */
  leaseUntil: number;
  /** Called once if the claim is lost (another agent owns the test now) or about to be (fenced). */
  onLost: (why: 'lost' | 'fenced') => void;
  /** The agent's shared writer: this test's writes join those of the other running tests. */
  batcher: WriteBatcher;
}

/**
 * The share of the lease kept in reserve: a run that could not renew its lease by then is stopped (fenced), so
 * it has ended before any other agent may take the test over, whatever the database outage.
 */
const FENCE_RESERVE = 1 / 5;

/**
 * Streams one running test's findings to the database: entries are buffered and written with the progress every
 * flush interval (with those of the agent's other tests, WriteBatcher), and each write renews the lease. With
 * nothing new to write the lease is still renewed in time. A failed write (database down) keeps its entries for
 * the next attempt, after a backoff. A run whose lease could not be renewed in time is fenced: onLost('fenced')
 * is called while the lease still holds.
 */
export class RunWriter implements BatchedWriter {
  private buffer: ResultEntryInput[] = [];
  private progress = 1;
  private writtenProgress = 1;
  private lastWriteAt = Date.now();
  private failures = 0;
  private retryAt = 0;
  private lost = false;
  private started = false;
  /** The write collected and not yet settled: its entries and progress. */
  private inFlight: { entries: ResultEntryInput[]; progress: number; leaseUntil: number } | undefined;
  private readonly minValue: number;
  private leaseUntil: number;

  constructor(private readonly opts: RunWriterOptions) {
    this.minValue = LEVEL_VALUE[opts.minLevel];
    this.leaseUntil = opts.leaseUntil;
  }

  start(): void {
    this.started = true;
    this.opts.batcher.add(this);
  }

  push(entry: MessageEntry): void {
    if (!this.started || LEVEL_VALUE[entry.level] < this.minValue) return;
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
    this.started = false;
    this.opts.batcher.delete(this);
    const pending = this.opts.batcher.pending;
    if (this.inFlight && pending) await Promise.race([pending, pause(this.opts.closeTimeoutMs ?? 30_000)]);
    return this.buffer.splice(0);
  }

  collect(canWrite: boolean, now: number = Date.now()): RunningTestWrite | undefined {
    if (this.lost) return undefined;
    // Checked before anything else: a write may hang on a dead connection for longer than the lease.
    if (now >= this.leaseUntil - this.opts.leaseMs * FENCE_RESERVE) {
      this.lost = true;
      this.opts.onLost('fenced');
      return undefined;
    }
    if (!canWrite || this.inFlight || now < this.retryAt) return undefined;
    const leaseDue = now - this.lastWriteAt >= this.opts.leaseMs / 3;
    if (this.buffer.length === 0 && this.progress === this.writtenProgress && !leaseDue) return undefined;
    const { testId, agentId, leaseMs } = this.opts;
    this.inFlight = {
      entries: this.buffer.splice(0),
      progress: this.progress,
      leaseUntil: now + leaseMs,
    };
    const { entries, progress, leaseUntil } = this.inFlight;
    return { testId, lease: { agentId, leaseUntil }, entries, progress };
  }

  settle(result: boolean | Error): void {
    const write = this.inFlight;
    this.inFlight = undefined;
    if (!write) return;
    if (result instanceof Error) {
      this.buffer.unshift(...write.entries);
      this.failures += 1;
      this.retryAt = Date.now() + backoffDelay(this.failures);
      this.opts.logger.warn(
        { err: result, hash_id: this.opts.testId },
        'Cannot write test progress; will retry',
      );
      return;
    }
    this.failures = 0;
    if (!result) {
      if (!this.lost) this.opts.onLost('lost');
      // kept for close(): when the test was cancelled, these findings are still stored
      this.buffer.unshift(...write.entries);
      this.lost = true;
      return;
    }
    this.leaseUntil = Math.max(this.leaseUntil, write.leaseUntil);
    this.writtenProgress = write.progress;
    this.lastWriteAt = Date.now();
  }
}
