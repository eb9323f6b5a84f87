import type { Knex } from 'knex';
import { appendManyResultEntries, type RunningTestWrite } from '../db/queue/index.js';

/** What a running test's writer hands to the batcher each interval, and is told back. */
export interface BatchedWriter {
  /**
   * Called every interval. Runs the writer's own checks (fencing) and returns what it has to write, or nothing.
   * `canWrite` is false while the previous combined write is still under way; `now` is the same for every
   * writer of an interval, so their new leases are equal and renewed in one statement.
   */
  collect(canWrite: boolean, now: number): RunningTestWrite | undefined;
  /** The outcome of the write collected: whether the claim held, or the error that failed the whole write. */
  settle(result: boolean | Error): void;
}

/**
 * One timer and one transaction per flush interval for all the tests an agent runs, instead of a timer and a
 * transaction per test (four statements and a commit each, every 250 ms): on SQLite with 20 tests running this
 * cut the agent's CPU outside the engine by about a third (bench/batch.ts). A write that fails fails for
 * every test in it; each writer keeps its entries and retries after its own backoff, as it did alone.
 */
export class WriteBatcher {
  private readonly writers = new Set<BatchedWriter>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly flushMs: number,
  ) {}

  add(writer: BatchedWriter): void {
    this.writers.add(writer);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), this.flushMs);
      this.timer.unref();
    }
  }

  delete(writer: BatchedWriter): void {
    this.writers.delete(writer);
    if (this.writers.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** The combined write under way, if any (a closing writer waits for it). */
  get pending(): Promise<void> | undefined {
    return this.inFlight;
  }

  private tick(): void {
    const canWrite = this.inFlight === undefined;
    const now = Date.now();
    const batch: Array<[BatchedWriter, RunningTestWrite]> = [];
    for (const writer of this.writers) {
      const write = writer.collect(canWrite, now);
      if (write) batch.push([writer, write]);
    }
    if (batch.length === 0) return;
    this.inFlight = appendManyResultEntries(
      this.knex,
      batch.map(([, write]) => write),
    )
      .then(
        (held) => batch.forEach(([writer], i) => writer.settle(held[i] ?? false)),
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const [writer] of batch) writer.settle(failure);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
