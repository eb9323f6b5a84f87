/**
 * A ceiling on queries per second to one name server address, shared by every run of a process (an agent's
 * `[ZONEMASTER] max_queries_per_second_per_server`). Queries over the ceiling wait their turn; none is dropped.
 *
 * Each address releases its waiting queries one at a time, each at least 1/rate seconds after the previous
 * release, measured when the release actually happens: a busy event loop that fires a timer late makes the next
 * query wait its full interval from then, so late queries are never released in a bunch. In any one-second
 * window an address thus gets at most rate + 1 queries from this process, however many runs ask it at once.
 * Waiting queries leave in the order they asked. A retransmission of an unanswered UDP query (profile
 * resolver.defaults.retrans) does not take a new turn: it only happens when the server did not answer within
 * seconds. Several agents share a ceiling by each taking its share (ceiling / number of agents):
 * see docs/operations.md.
 */

/** Addresses kept at most before idle ones are forgotten. */
const PRUNE_ABOVE = 10_000;

interface Schedule {
  /** performance.now() of the last release */
  last: number;
  waiting: (() => void)[];
  timer: NodeJS.Timeout | undefined;
}

export class PolitenessLimiter {
  private readonly intervalMs: number;
  private readonly schedules = new Map<string, Schedule>();
  private delayed = 0;

  constructor(readonly queriesPerSecond: number) {
    if (!(queriesPerSecond > 0)) throw new Error('queries per second must be greater than 0');
    this.intervalMs = 1000 / queriesPerSecond;
  }

  /** Queries that had to wait for their turn so far. */
  get delayedQueries(): number {
    return this.delayed;
  }

  /** Resolves when a query to `address` may leave (at once when the address is under its ceiling). */
  turn(address: string, signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    let schedule = this.schedules.get(address);
    if (!schedule) {
      if (this.schedules.size >= PRUNE_ABOVE) this.prune(now);
      this.schedules.set(address, (schedule = { last: -Infinity, waiting: [], timer: undefined }));
    }
    if (schedule.waiting.length === 0 && now - schedule.last >= this.intervalMs) {
      schedule.last = now;
      return Promise.resolve();
    }
    if (signal?.aborted) return Promise.resolve();
    this.delayed++;
    const s = schedule;
    return new Promise<void>((resolve) => {
      const release = () => {
        signal?.removeEventListener('abort', giveUp);
        resolve();
      };
      // An aborted run stops waiting; its place in the line is given up.
      const giveUp = () => {
        const i = s.waiting.indexOf(release);
        if (i >= 0) s.waiting.splice(i, 1);
        resolve();
      };
      signal?.addEventListener('abort', giveUp, { once: true });
      s.waiting.push(release);
      this.schedule(s);
    });
  }

  private schedule(s: Schedule): void {
    if (s.timer !== undefined || s.waiting.length === 0) return;
    const wait = Math.max(0, s.last + this.intervalMs - performance.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      const next = s.waiting.shift();
      if (next) {
        s.last = performance.now();
        next();
      }
      this.schedule(s);
    }, wait);
  }

  /** Forgets addresses with nobody waiting whose last query is an interval old (their schedule starts afresh). */
  private prune(now: number): void {
    for (const [address, s] of this.schedules)
      if (s.waiting.length === 0 && s.timer === undefined && now - s.last >= this.intervalMs)
        this.schedules.delete(address);
  }
}
