import type { Knex } from 'knex';
import {
  appendManyResultEntries,
  completeTests,
  type Completion,
  type RunningTestWrite,
} from '../db/queue/index.js';

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

interface QueuedCompletion {
  completion: Completion;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
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
  private readonly completions: QueuedCompletion[] = [];
  private completing: Promise<void> | undefined;

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

  /**
   * Ends a test (completeTest) in one transaction with the other tests ending meanwhile: the completions that
   * arrive while one transaction is under way go together in the next, started at once (no waiting for an
   * interval). Resolves to whether this test's completion was stored; rejects when it could not be written.
   */
  complete(completion: Completion): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.completions.push({ completion, resolve, reject });
      this.completing ??= this.completeQueued();
    });
  }

  private async completeQueued(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.completions.length > 0) {
      const batch = this.completions.splice(0);
      try {
        const stored = await completeTests(
          this.knex,
          batch.map((q) => q.completion),
        );
        batch.forEach((q, i) => q.resolve(stored[i] ?? false));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // Nothing of the batch was written; alone, a completion the database refuses fails only itself.
        else
          await Promise.all(
            batch.map((q) =>
              completeTests(this.knex, [q.completion]).then(
                ([stored]) => q.resolve(stored ?? false),
                q.reject,
              ),
            ),
          );
      }
    }
    this.completing = undefined;
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
