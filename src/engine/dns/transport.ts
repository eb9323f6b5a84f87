/**
 * Sending one wire query and waiting for its answer over UDP or TCP.
 *
 * UDP sockets are *connected*, so an ICMP port unreachable surfaces at once as ECONNREFUSED instead of
 * waiting for the timeout; after a successful exchange they are kept for the next query to the same server
 * (udp-pool.ts). Answers with another message id are ignored (we keep waiting).
 * Retry semantics follow the reference resolver: `retry` sends in all, `retrans` seconds between sends, each
 * send waiting `timeout` seconds; the socket keeps listening across the whole exchange, so a late answer to an
 * earlier send still counts.
 */
import type dgram from 'node:dgram';
import net from 'node:net';
import { messageId } from './codec.js';
import { addressFamily, canonicalAddress } from './address.js';
import {
  destinationKey,
  discardSocket,
  newSocket,
  releaseSocket,
  takeIdleSocket,
  type Lease,
} from './udp-pool.js';

export { canonicalAddress };

export type ExchangeOutcome =
  | {
      kind: 'response';
      raw: Uint8Array;
      from: { address: string; port: number };
      querytime: number;
      tcp: boolean;
    }
  /** nothing came back: timeout, refused, unreachable, reset, aborted */
  | { kind: 'none'; reason: 'timeout' | 'refused' | 'error' | 'aborted'; error?: string };

export interface ExchangeOptions {
  address: string;
  port: number;
  /** seconds each send waits for an answer */
  timeout: number;
  /** UDP: sends in all (at least 1) */
  retry: number;
  /** UDP: seconds between sends */
  retrans: number;
  /** local address to send from ("" or undefined = OS default) */
  source?: string;
  signal?: AbortSignal;
}

/** Any socket error is a non-response of that server for that query. */
function failure(err: unknown): ExchangeOutcome {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return {
    kind: 'none',
    reason: code === 'ECONNREFUSED' ? 'refused' : 'error',
    error: err instanceof Error ? err.message : String(err),
  };
}

/** An exchange waiting on a signal. */
interface AbortWaiter {
  aborted(): void;
}

/**
 * One abort listener per signal, whatever the number of exchanges waiting on it: a run's signal is shared by
 * every query of the run, and adding and removing an EventTarget listener per query is a measurable cost.
 */
const abortWaiters = new WeakMap<AbortSignal, Set<AbortWaiter>>();

function waitForAbort(signal: AbortSignal, waiter: AbortWaiter): void {
  let waiters = abortWaiters.get(signal);
  if (!waiters) {
    const set = new Set<AbortWaiter>();
    abortWaiters.set(signal, (waiters = set));
    signal.addEventListener('abort', () => [...set].forEach((w) => w.aborted()), { once: true });
  }
  waiters.add(waiter);
}

function stopWaitingForAbort(signal: AbortSignal | undefined, waiter: AbortWaiter): void {
  if (signal) abortWaiters.get(signal)?.delete(waiter);
}

/*
 * The exchanges are classes rather than closures made per call: V8 keeps the optimized code of such closures
 * only while one of them lives, so a process sending queries one after another compiled them again after every
 * full garbage collection. Timers and callbacks get the exchange as an argument or through `bind`.
 */

/** One UDP exchange with retries: `attempt` counts the sends so far. */
class UdpExchange implements Lease, AbortWaiter {
  private readonly id: number | undefined;
  private readonly target: string;
  private readonly key: string;
  private readonly attempts: number;
  private readonly socket: dgram.Socket;
  private readonly pooled: boolean;
  private readonly afterSend = sendFailed.bind(this);
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private attempt = 0;
  private done = false;

  constructor(
    private readonly query: Uint8Array,
    private readonly opts: ExchangeOptions,
    private readonly resolve: (outcome: ExchangeOutcome) => void,
  ) {
    this.id = messageId(query);
    this.target = canonicalAddress(opts.address);
    this.key = destinationKey(opts.address, opts.port, opts.source);
    this.attempts = Math.max(1, opts.retry);
    const pooled = takeIdleSocket(this.key, this);
    this.pooled = pooled !== undefined;
    this.socket = pooled ?? newSocket(addressFamily(opts.address), this);
  }

  start(): void {
    const { opts, socket } = this;
    if (opts.signal?.aborted) return this.finish({ kind: 'none', reason: 'aborted' });
    if (opts.signal) waitForAbort(opts.signal, this);
    // connect() reports EACCES (broadcast), ENETUNREACH (no route, e.g. IPv6 on an IPv4-only host) and the like
    // to its callback only; sending on the unconnected socket would then throw outside this promise.
    const connect = () => socket.connect(opts.port, opts.address, connected.bind(this));
    try {
      if (this.pooled) this.first();
      else if (opts.source) socket.bind({ address: opts.source, port: 0 }, connect);
      else connect();
    } catch (err) {
      this.onError(err);
    }
  }

  /** The socket is connected: the first send. */
  first(): void {
    this.started = Date.now();
    this.send();
  }

  send(): void {
    if (this.done) return;
    try {
      this.socket.send(this.query, this.afterSend);
    } catch (err) {
      return this.onError(err);
    }
    this.timer = setTimeout(expired, this.opts.timeout * 1000, this);
  }

  /** The current send got no answer in time: the next one `retrans` seconds later, or the end. */
  expired(): void {
    this.attempt += 1;
    if (this.attempt >= this.attempts) return this.finish({ kind: 'none', reason: 'timeout' });
    this.timer = setTimeout(resend, this.opts.retrans * 1000, this);
  }

  onMessage(msg: Buffer, rinfo: { address: string; port: number }): void {
    const target = this.target;
    // The socket is connected, so the kernel only lets the server's own datagrams through.
    if (rinfo.address !== target && canonicalAddress(rinfo.address) !== target) return;
    if (msg.length >= 2 && messageId(msg) !== this.id) return; // not ours: keep waiting
    this.finish({
      kind: 'response',
      // a plain view, not a copy: each datagram comes in a buffer of its own
      raw: new Uint8Array(msg.buffer, msg.byteOffset, msg.length),
      from: { address: target, port: rinfo.port },
      querytime: Date.now() - this.started,
      tcp: false,
    });
  }

  onError(err: unknown): void {
    this.finish(failure(err));
  }

  aborted(): void {
    this.finish({ kind: 'none', reason: 'aborted' });
  }

  private finish(outcome: ExchangeOutcome): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    stopWaitingForAbort(this.opts.signal, this);
    // Only a socket that got its answer is reused; see udp-pool.ts.
    if (outcome.kind === 'response') releaseSocket(this.key, this.socket);
    else discardSocket(this.socket);
    this.resolve(outcome);
  }
}

function connected(this: UdpExchange, err?: Error): void {
  if (err) this.onError(err);
  else this.first();
}

function sendFailed(this: UdpExchange, err: Error | null): void {
  if (err) this.onError(err);
}

function expired(exchange: UdpExchange): void {
  exchange.expired();
}

function resend(exchange: UdpExchange): void {
  exchange.send();
}

/**
 * A promise and its settling functions. The exchanges start outside the promise's executor: an executor is a
 * closure made per call, and the optimized code of one that inlines an exchange was lost at every full GC too.
 */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One UDP exchange with retries. */
export function udpExchange(query: Uint8Array, opts: ExchangeOptions): Promise<ExchangeOutcome> {
  const { promise, resolve, reject } = deferred<ExchangeOutcome>();
  try {
    new UdpExchange(query, opts, resolve).start();
  } catch (err) {
    reject(err);
  }
  return promise;
}

/** Frames length-prefixed messages from a TCP stream. */
class TcpFramer {
  private pending = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    while (this.pending.length >= 2 && this.pending.length >= 2 + this.pending.readUInt16BE(0)) {
      const len = this.pending.readUInt16BE(0);
      out.push(this.pending.subarray(2, 2 + len));
      this.pending = this.pending.subarray(2 + len);
    }
    return out;
  }
}

function frame(query: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + query.length);
  out.writeUInt16BE(query.length, 0);
  out.set(query, 2);
  return out;
}

type StreamListener = (
  raw: Uint8Array,
  from: { address: string; port: number },
  querytime: number,
) => boolean;

/** A TCP exchange (see tcpStream). */
class TcpStream implements AbortWaiter {
  private readonly id: number | undefined;
  private readonly from: { address: string; port: number };
  private readonly started = Date.now();
  private readonly framer = new TcpFramer();
  private socket: net.Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly query: Uint8Array,
    private readonly opts: ExchangeOptions,
    private readonly onMessage: StreamListener,
    private readonly resolve: (end: ExchangeOutcome | 'done') => void,
  ) {
    this.id = messageId(query);
    this.from = { address: canonicalAddress(opts.address), port: opts.port };
  }

  start(): void {
    const opts = this.opts;
    let socket: net.Socket;
    try {
      socket = net.connect({
        host: opts.address,
        port: opts.port,
        ...(opts.source ? { localAddress: opts.source } : {}),
      });
    } catch (err) {
      return this.resolve(failure(err));
    }
    this.socket = socket;
    if (opts.signal?.aborted) return this.finish({ kind: 'none', reason: 'aborted' });
    if (opts.signal) waitForAbort(opts.signal, this);
    this.arm();
    socket.on('connect', tcpConnected.bind(this));
    socket.on('error', tcpError.bind(this));
    socket.on('close', tcpClosed.bind(this));
    socket.on('data', tcpData.bind(this));
  }

  /** (Re)starts the wait for the next message. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(tcpTimeout, this.opts.timeout * 1000, this);
  }

  connected(): void {
    this.socket!.write(frame(this.query));
  }

  data(chunk: Buffer): void {
    for (const msg of this.framer.push(chunk)) {
      if (this.done) return;
      if (msg.length >= 2 && messageId(msg) !== this.id) continue;
      this.arm();
      try {
        if (this.onMessage(new Uint8Array(msg), this.from, Date.now() - this.started))
          return this.finish('done');
      } catch (err) {
        return this.finish(failure(err));
      }
    }
  }

  aborted(): void {
    this.finish({ kind: 'none', reason: 'aborted' });
  }

  finish(end: ExchangeOutcome | 'done'): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    stopWaitingForAbort(this.opts.signal, this);
    this.socket!.destroy();
    this.resolve(end);
  }
}

function tcpConnected(this: TcpStream): void {
  this.connected();
}

function tcpError(this: TcpStream, err: Error): void {
  this.finish(failure(err));
}

function tcpClosed(this: TcpStream): void {
  this.finish({ kind: 'none', reason: 'error', error: 'connection closed' });
}

function tcpData(this: TcpStream, chunk: Buffer): void {
  this.data(chunk);
}

function tcpTimeout(stream: TcpStream): void {
  stream.finish({ kind: 'none', reason: 'timeout' });
}

/**
 * A TCP exchange: sends the query, hands every message with the query's id to `onMessage` until it returns
 * true (done). The timeout restarts with each message. Resolves with the reason when it stops otherwise.
 */
export function tcpStream(
  query: Uint8Array,
  opts: ExchangeOptions,
  onMessage: StreamListener,
): Promise<ExchangeOutcome | 'done'> {
  const { promise, resolve, reject } = deferred<ExchangeOutcome | 'done'>();
  try {
    new TcpStream(query, opts, onMessage, resolve).start();
  } catch (err) {
    reject(err);
  }
  return promise;
}

/** One query over TCP, one answer. */
export async function tcpExchange(query: Uint8Array, opts: ExchangeOptions): Promise<ExchangeOutcome> {
  let answer: ExchangeOutcome | undefined;
  const end = await tcpStream(query, opts, (raw, from, querytime) => {
    answer = { kind: 'response', raw, from, querytime, tcp: true };
    return true;
  });
  return end === 'done' ? answer! : end;
}
