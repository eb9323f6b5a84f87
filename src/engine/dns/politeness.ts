/**
 * A ceiling on queries per second to one name server address, shared by every run of a process (an agent's
 * `[ZONEMASTER] max_queries_per_second_per_server`). Queries over the ceiling wait their turn; none is dropped.
 *
 * Each address has a schedule (the generic cell rate algorithm with a burst of one): the n-th query may leave
 * at `first + n / rate`, so in any one-second window an address gets at most rate + 1 queries, however many
 * runs ask it at once. A turn is reserved when asked for, so waiting queries leave in the order they asked.
 * A retransmission of an unanswered UDP query (profile resolver.defaults.retrans) does not take a new turn: it
 * only happens when the server did not answer within seconds, far below any useful ceiling.
 * Several agents share a ceiling by each taking its share (ceiling / number of agents): see docs/operations.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const PRUNE_ABOVE = 10_000;

export class PolitenessLimiter {
  private readonly intervalMs: number;
  /** address → epoch ms at which its next query may leave */
  private readonly nextTurn = new Map<string, number>();
  private delayed = 0;

  constructor(
    readonly queriesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(queriesPerSecond > 0)) throw new Error('queries per second must be greater than 0');
    this.intervalMs = 1000 / queriesPerSecond;
  }

  /** Queries that had to wait for their turn so far. */
  get delayedQueries(): number {
    return this.delayed;
  }

  /** Resolves when a query to `address` may leave (at once when the address is under its ceiling). */
  async turn(address: string, signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextTurn.get(address) ?? now);
    this.nextTurn.set(address, at + this.intervalMs);
    if (this.nextTurn.size > PRUNE_ABOVE) this.prune(now);
    const wait = at - now;
    if (wait <= 0 || signal?.aborted) return;
    this.delayed++;
    // An aborted run stops waiting (the rejection is its only way of saying so).
    await sleep(wait, undefined, signal ? { signal } : {}).catch(() => undefined);
  }

  /** Forgets addresses with no turn reserved ahead (their schedule starts afresh). */
  private prune(now: number): void {
    for (const [address, next] of this.nextTurn) if (next <= now) this.nextTurn.delete(address);
  }
}
