/**
 * Answers shared across the runs of one process (an agent's `[ZONEMASTER] shared_dns_cache`), so that a batch of
 * many domains under one TLD asks the root and TLD servers each distinct question once per TTL instead of once
 * per test. Off by default, as the reference engine's global cache.
 *
 * What may be shared is narrow, because a test must give the same findings with the cache on and off:
 * - only questions about names outside the tested zone (and outside every name an undelegated test overrides),
 *   asked of servers that are not the tested zone's own name servers: the parent side and the recursion above
 *   the zone, whose answers do not depend on which zone is being tested;
 * - keyed on the server (address, port, source address) and on every query parameter that can change the
 *   answer: the exact query name (case-preservation tests compare case), type, class, RD, CD, EDNS fields, DO,
 *   UDP size, transport and TCP fallback;
 * - kept for the smallest TTL of the answer (a negative answer: its SOA's TTL and minimum, RFC 2308), never
 *   longer than `maxTtl`; an answer with no record to take a TTL from is not kept;
 * - a non-answer (timeout, refusal of the socket) is kept for NO_ANSWER_SECONDS only, so that a dead TLD
 *   server costs one timeout per few seconds rather than one per test, without hiding a recovery;
 * - bounded: least recently used entries are dropped above `maxEntries`.
 * Entries hold the bytes as received; each run decodes its own copy, so no run sees another's objects.
 * Concurrent runs asking the same question share one query in flight.
 */
import type { Packet, RR } from './types.js';

/** Seconds a "nothing came back" outcome is shared. */
export const NO_ANSWER_SECONDS = 5;

/** What the cache holds for one question: the response bytes and how they came, or null for no response. */
export interface SharedAnswer {
  response: {
    raw: Uint8Array;
    from: { address: string; port: number };
    querytime: number;
    tcp: boolean;
  } | null;
  /** epoch seconds when the response arrived */
  arrived: number;
}

interface Entry {
  answer: SharedAnswer;
  /** epoch ms after which the entry is stale */
  expires: number;
}

export interface SharedCacheOptions {
  /** Entries kept at most (least recently used dropped first). */
  maxEntries: number;
  /** Longest time in seconds any answer is kept, whatever its TTL. */
  maxTtl?: number;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

export interface SharedCacheStats {
  hits: number;
  misses: number;
  stored: number;
  entries: number;
}

/** The smallest TTL of a response's records; for NXDOMAIN/NODATA the SOA's min(TTL, MINIMUM). 0: not cacheable. */
export function answerTtl(packet: Packet): number {
  const records: RR[] = [...packet.answer, ...packet.authority, ...packet.additional];
  if (records.length === 0) return 0;
  let ttl = Infinity;
  for (const rr of records) {
    ttl = Math.min(ttl, rr.ttl);
    if (rr.type === 'SOA' && typeof rr.data?.minimum === 'number')
      ttl = Math.min(ttl, rr.data.minimum as number);
  }
  return Number.isFinite(ttl) ? Math.max(0, ttl) : 0;
}

export class SharedAnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SharedAnswer | undefined>>();
  private readonly maxEntries: number;
  private readonly maxTtl: number;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private stored = 0;

  constructor(options: SharedCacheOptions) {
    this.maxEntries = Math.max(1, options.maxEntries);
    this.maxTtl = options.maxTtl ?? 86_400;
    this.now = options.now ?? Date.now;
  }

  get stats(): SharedCacheStats {
    return { hits: this.hits, misses: this.misses, stored: this.stored, entries: this.entries.size };
  }

  /** A fresh answer for `key`, or undefined. */
  get(key: string): SharedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) {
      // Re-inserting moves the key to the end of the Map's order: the front is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.hits++;
      return entry.answer;
    }
    if (entry) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  /** Keeps `answer` for `ttl` seconds (capped by maxTtl; nothing is kept for 0). */
  set(key: string, answer: SharedAnswer, ttl: number): void {
    const seconds = Math.min(ttl, this.maxTtl);
    if (!(seconds > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { answer, expires: this.now() + seconds * 1000 });
    this.stored++;
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * The answer for `key`: from the cache, from a query already in flight for it, or from `ask` (whose result
   * is then kept for the TTL it gives). `ask` resolving undefined (e.g. its run was aborted) keeps nothing, and
   * a run that was waiting on it then asks for itself. A waiter whose `signal` aborts stops waiting at once
   * (undefined), so that a cancelled test does not wait for another test's query.
   */
  async resolve(
    key: string,
    ask: () => Promise<{ answer: SharedAnswer; ttl: number } | undefined>,
    signal?: AbortSignal,
  ): Promise<{ answer: SharedAnswer; shared: boolean } | undefined> {
    const pending = this.inFlight.get(key);
    if (pending) {
      const answer = await untilAborted(pending, signal);
      if (signal?.aborted) return undefined;
      if (answer) {
        this.hits++;
        return { answer, shared: true };
      }
    }
    const cached = this.get(key);
    if (cached) return { answer: cached, shared: true };
    let settle: (answer: SharedAnswer | undefined) => void = () => undefined;
    const mine = new Promise<SharedAnswer | undefined>((resolve) => (settle = resolve));
    this.inFlight.set(key, mine);
    try {
      const asked = await ask();
      if (asked) this.set(key, asked.answer, asked.ttl);
      settle(asked?.answer);
      return asked ? { answer: asked.answer, shared: false } : undefined;
    } catch (error) {
      settle(undefined);
      throw error;
    } finally {
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
    }
  }
}

/** `promise`, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
