/**
 * The live event streams of one daemon. The database is the only source: agents write entries and progress as
 * they run, and any daemon can serve any stream.
 *
 * One shared poller asks, every TICK_MS while streams are open, for the progress and state of all watched tests
 * (one statement per 500 tests) and for the new entries of the running ones (one statement per 200 tests), and
 * fans the answer out: N streams of M tests cost about M/200 + M/500 statements per tick, not N.
 *
 * A stream that is behind the poller (it just connected, resumed with Last-Event-ID, or its client was slow)
 * catches up on its own, page by page from its cursor, then rejoins the shared feed. Writing waits for the
 * client: a stream holds at most one page beyond what its socket took, and one that takes nothing for STALL_MS is
 * cut. So memory is bounded by streams × page, whatever the clients do.
 */
import type { ServerResponse } from 'node:http';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  entriesAfter,
  hasEnded,
  jobStreamStates,
  newEntries,
  STATES_PER_QUERY,
  testOverallResult,
  TESTS_PER_QUERY,
  type StreamEntry,
  type StreamJobState,
} from '../../db/api/eventStream.js';
import type { HistoryItem } from '../../db/api/tests.js';
import { LEVEL_VALUE } from '../../engine/types.js';
import type { ApiContext } from '../context.js';
import { renderResult } from '../results.js';
import { endEvent, findingEvent, heartbeat, progressEvent, streamStart } from './format.js';

export interface EventHubOptions {
  /** Poll interval (ms). */
  tickMs?: number;
  /** Interval of keep-alive comments (ms). */
  heartbeatMs?: number;
  /** A client that takes nothing for this long (ms) is disconnected. */
  stallMs?: number;
  /** Prometheus registry for the streams gauge and the query counter. */
  registry?: Registry;
}

const TICK_MS = 300;
const HEARTBEAT_MS = 15_000;
const STALL_MS = 60_000;
// Entries per catch-up read: the most one slow stream holds in memory.
const PAGE = 100;
// Entries per shared read (per 200 tests); a test cut off by it ends on a later tick.
const SHARED_LIMIT = 2000;

class Stream {
  /** Id of the last entry passed (sent, or skipped as below INFO). */
  cursor: number;
  progress = -1;
  /** Catching up or waiting for its client: the shared feed leaves it alone. */
  busy = true;
  /** The client has gone. */
  closed = false;
  /** The response was ended: nothing more is written, the client may still be reading. */
  finished = false;

  constructor(
    readonly res: ServerResponse,
    readonly testId: string,
    readonly language: string,
    lastEventId: number,
  ) {
    this.cursor = lastEventId;
  }

  /** False when the socket's buffer is full: wait for drain before writing more. */
  write(chunk: string): boolean {
    return this.closed || this.finished || chunk === '' ? true : this.res.write(chunk);
  }

  /** Ends the response after `chunk`; later writes are dropped. */
  finish(chunk = ''): void {
    if (this.closed || this.finished) return;
    this.finished = true;
    this.res.end(chunk);
  }
}

interface Watched {
  streams: Set<Stream>;
  /** Id of the last entry the poller has read (undefined until a stream joins the feed). */
  cursor?: number;
  overall?: HistoryItem['overall_result'];
}

export class EventHub {
  private readonly tests = new Map<string, Watched>();
  private open = 0;
  private ticker?: NodeJS.Timeout;
  private beater?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;
  private readonly tickMs: number;
  private readonly heartbeatMs: number;
  private readonly stallMs: number;
  private readonly queries?: Counter;
  private readonly gauge?: Gauge;

  constructor(
    private readonly api: ApiContext,
    options: EventHubOptions = {},
  ) {
    this.tickMs = options.tickMs ?? TICK_MS;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.stallMs = options.stallMs ?? STALL_MS;
    if (options.registry) {
      this.gauge = new Gauge({
        name: 'zonemaster_rpcapi_event_streams',
        help: 'Open live event streams (GET /jobs/<id>/events)',
        registers: [options.registry],
      });
      this.queries = new Counter({
        name: 'zonemaster_rpcapi_event_stream_queries_total',
        help: 'Database statements made for live event streams',
        registers: [options.registry],
      });
    }
  }

  /** Streams open now (including those still catching up). */
  get size(): number {
    return this.open;
  }

  /**
   * Serves a job's stream on `res` (headers not sent yet) from `lastEventId` on: what is stored first, then what
   * arrives, until the job ends or the client goes. `state` is the job's state as just read.
   */
  start(
    res: ServerResponse,
    testId: string,
    language: string,
    lastEventId: number,
    state: StreamJobState,
  ): void {
    const stream = new Stream(res, testId, language, lastEventId);
    this.open++;
    this.gauge?.inc();
    res.on('close', () => this.forget(stream));
    // A socket error ends in 'close' as well; without a listener it would be thrown.
    res.on('error', () => undefined);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx: pass events on at once instead of buffering them
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    stream.write(streamStart());
    const watched = this.tests.get(testId) ?? { streams: new Set<Stream>() };
    watched.streams.add(stream);
    this.tests.set(testId, watched);
    this.startTimers();
    void this.catchUp(stream, state);
  }

  /** Ends every stream and stops polling (daemon shutdown). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    clearInterval(this.beater);
    this.ticker = this.beater = undefined;
    for (const watched of this.tests.values()) for (const stream of watched.streams) stream.finish();
  }

  private startTimers(): void {
    if (this.ticker || this.stopped) return;
    this.ticker = setInterval(() => void this.tick(), this.tickMs).unref();
    this.beater = setInterval(() => this.beat(), this.heartbeatMs).unref();
  }

  private forget(stream: Stream): void {
    if (stream.closed) return;
    stream.closed = true;
    this.open--;
    this.gauge?.dec();
    const watched = this.tests.get(stream.testId);
    watched?.streams.delete(stream);
    if (watched?.streams.size === 0) this.tests.delete(stream.testId);
    if (this.tests.size === 0) {
      clearInterval(this.ticker);
      clearInterval(this.beater);
      this.ticker = this.beater = undefined;
    }
  }

  private beat(): void {
    for (const watched of this.tests.values())
      for (const stream of watched.streams) if (!stream.busy) stream.write(heartbeat());
  }

  /** One round of the shared feed. */
  private async tick(): Promise<void> {
    if (this.ticking || this.tests.size === 0) return;
    this.ticking = true;
    try {
      const testIds = [...this.tests.keys()];
      const states = await jobStreamStates(this.api.knex, testIds);
      this.queries?.inc(Math.ceil(testIds.length / STATES_PER_QUERY));
      // Only tests some stream follows live, and only once they run: a waiting test has no entries.
      const cursors = new Map<string, number>();
      for (const testId of testIds) {
        const watched = this.tests.get(testId);
        const state = states.get(testId);
        if (watched?.cursor !== undefined && state !== undefined && state.state !== 'waiting')
          cursors.set(testId, watched.cursor);
      }
      const fresh = cursors.size > 0 ? await newEntries(this.api.knex, cursors, SHARED_LIMIT) : undefined;
      if (cursors.size > 0) this.queries?.inc(Math.ceil(cursors.size / TESTS_PER_QUERY));
      const byTest = new Map<string, StreamEntry[]>();
      for (const entry of fresh?.entries ?? []) {
        const list = byTest.get(entry.testId);
        if (list) list.push(entry);
        else byTest.set(entry.testId, [entry]);
      }
      for (const testId of testIds) {
        const watched = this.tests.get(testId);
        if (watched === undefined) continue;
        const state = states.get(testId);
        if (state === undefined) {
          // The test was deleted (purged): nothing more will come.
          for (const stream of watched.streams) stream.finish();
          continue;
        }
        const before = cursors.get(testId);
        const entries = byTest.get(testId) ?? [];
        if (entries.length > 0) watched.cursor = Math.max(watched.cursor ?? 0, entries.at(-1)!.id);
        const ended = before !== undefined && hasEnded(state.state) && !fresh!.unfinished.has(testId);
        await this.deliver(watched, state, before, entries, ended);
      }
    } catch (error) {
      this.api.logger.warn({ err: error }, 'event streams: cannot read new entries; will retry');
    } finally {
      this.ticking = false;
    }
  }

  /** The shared feed's news for one test, to each of its streams that is in step with the feed. */
  private async deliver(
    watched: Watched,
    state: StreamJobState,
    before: number | undefined,
    entries: StreamEntry[],
    ended: boolean,
  ): Promise<void> {
    const rendered = new Map<string, string[]>();
    for (const stream of watched.streams) {
      if (stream.busy || stream.closed || stream.finished) continue;
      if (before === undefined || stream.cursor < before) {
        // behind the feed (or the feed has not read this test yet): read from the database
        if (before !== undefined || state.state !== 'waiting') void this.catchUp(stream);
        else if (state.progress !== stream.progress) this.send(stream, this.progressChunk(stream, state));
        continue;
      }
      let lines = rendered.get(stream.language);
      if (lines === undefined) {
        lines = await this.render(entries, stream.language);
        rendered.set(stream.language, lines);
      }
      let chunk = '';
      entries.forEach((entry, i) => {
        if (entry.id <= stream.cursor) return;
        chunk += lines[i]!;
        stream.cursor = entry.id;
      });
      chunk += this.progressChunk(stream, state);
      if (ended) {
        watched.overall ??= await this.overall(stream.testId);
        chunk += endEvent(stream.cursor, state.state, watched.overall);
      }
      this.send(stream, chunk, ended);
    }
  }

  private progressChunk(stream: Stream, state: StreamJobState): string {
    if (state.progress === stream.progress) return '';
    stream.progress = state.progress;
    return progressEvent(stream.cursor, state.progress);
  }

  /** Writes; ends the response after it when `last`; on a full buffer, leaves the feed until the client drains. */
  private send(stream: Stream, chunk: string, last = false): void {
    if (last) return stream.finish(chunk);
    const flowing = stream.write(chunk);
    if (flowing) return;
    stream.busy = true;
    void this.drained(stream).then(() => (stream.busy = false));
  }

  /** Reads what `stream` has not seen from the database, page by page, then hands it to the shared feed. */
  private async catchUp(stream: Stream, known?: StreamJobState): Promise<void> {
    stream.busy = true;
    try {
      // State before entries: when it says ended, the last entries were committed with it.
      const state = known ?? (await this.stateOf(stream.testId));
      if (state === undefined) return stream.finish();
      if (!stream.write(this.progressChunk(stream, state))) await this.drained(stream);
      for (;;) {
        if (stream.closed) return;
        const page = await entriesAfter(this.api.knex, stream.testId, stream.cursor, PAGE);
        this.queries?.inc();
        if (stream.closed) return;
        const lines = await this.render(page, stream.language);
        if (page.length > 0) stream.cursor = page.at(-1)!.id;
        if (!stream.write(lines.join(''))) await this.drained(stream);
        if (page.length < PAGE) break;
      }
      if (stream.closed) return;
      if (hasEnded(state.state)) {
        stream.finish(endEvent(stream.cursor, state.state, await this.overall(stream.testId)));
        return;
      }
      const watched = this.tests.get(stream.testId);
      // The feed reads from the lowest cursor of the streams that joined it; those ahead skip what they had.
      if (watched) watched.cursor = Math.min(watched.cursor ?? stream.cursor, stream.cursor);
      stream.busy = false;
    } catch (error) {
      this.api.logger.warn({ err: error, hash_id: stream.testId }, 'event stream: cannot read; closing it');
      stream.finish();
    }
  }

  private async stateOf(testId: string): Promise<StreamJobState | undefined> {
    this.queries?.inc();
    return (await jobStreamStates(this.api.knex, [testId])).get(testId);
  }

  private async overall(testId: string): Promise<HistoryItem['overall_result']> {
    this.queries?.inc();
    return testOverallResult(this.api.knex, testId);
  }

  /** Each entry's `finding` event in `language` ('' for entries a stream does not show), same order. */
  private async render(entries: readonly StreamEntry[], language: string): Promise<string[]> {
    const lines: string[] = [];
    for (const entry of entries) {
      const result =
        entry.levelValue >= LEVEL_VALUE.INFO
          ? await renderResult(entry, language, this.api.engine)
          : undefined;
      lines.push(result === undefined ? '' : findingEvent(entry.id, result));
    }
    return lines;
  }

  /** Resolves when the client has taken what was written, or has gone; cuts a client stalled for stallMs. */
  private drained(stream: Stream): Promise<void> {
    const { res } = stream;
    if (stream.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => res.destroy(), this.stallMs);
      const done = () => {
        clearTimeout(timer);
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  }
}
