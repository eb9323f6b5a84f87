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
import net from 'node:net';
import { messageId } from './codec.js';
import { canonicalAddress } from './address.js';
import { destinationKey, discardSocket, newSocket, releaseSocket, takeIdleSocket } from './udp-pool.js';

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

function familyOf(address: string): 4 | 6 {
  return net.isIPv6(address) ? 6 : 4;
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

/**
 * One abort listener per signal, whatever the number of exchanges waiting on it: a run's signal is shared by
 * every query of the run, and adding and removing an EventTarget listener per query is a measurable cost.
 */
const abortWaiters = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waiters = abortWaiters.get(signal);
  if (!waiters) {
    const set = new Set<() => void>();
    abortWaiters.set(signal, (waiters = set));
    signal.addEventListener('abort', () => [...set].forEach((waiter) => waiter()), { once: true });
  }
  waiters.add(callback);
  return () => waiters.delete(callback);
}

/** One UDP exchange with retries. */
export function udpExchange(query: Uint8Array, opts: ExchangeOptions): Promise<ExchangeOutcome> {
  const id = messageId(query);
  const target = canonicalAddress(opts.address);
  const key = destinationKey(opts.address, opts.port, opts.source);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let started = 0;
    let done = false;
    let stopWaiting: (() => void) | undefined;
    const finish = (outcome: ExchangeOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopWaiting?.();
      // Only a socket that got its answer is reused; see udp-pool.ts.
      if (outcome.kind === 'response') releaseSocket(key, socket);
      else discardSocket(socket);
      resolve(outcome);
    };
    const fail = (err: unknown) => finish(failure(err));
    const lease = {
      onError: fail,
      onMessage(msg: Buffer, rinfo: { address: string; port: number }) {
        // The socket is connected, so the kernel only lets the server's own datagrams through.
        if (rinfo.address !== target && canonicalAddress(rinfo.address) !== target) return;
        if (msg.length >= 2 && messageId(msg) !== id) return; // not ours: keep waiting
        finish({
          kind: 'response',
          raw: new Uint8Array(msg),
          from: { address: target, port: rinfo.port },
          querytime: Date.now() - started,
          tcp: false,
        });
      },
    };
    const pooled = takeIdleSocket(key, lease);
    const socket = pooled ?? newSocket(familyOf(opts.address), lease);
    if (opts.signal?.aborted) return finish({ kind: 'none', reason: 'aborted' });
    if (opts.signal) stopWaiting = onAbort(opts.signal, () => finish({ kind: 'none', reason: 'aborted' }));

    const attempts = Math.max(1, opts.retry);
    const afterSend = (err: Error | null) => {
      if (err) fail(err);
    };
    const send = (attempt: number) => {
      if (done) return;
      try {
        socket.send(query, afterSend);
      } catch (err) {
        return fail(err);
      }
      const last = attempt === attempts - 1;
      timer = setTimeout(
        () =>
          last
            ? finish({ kind: 'none', reason: 'timeout' })
            : (timer = setTimeout(() => send(attempt + 1), opts.retrans * 1000)),
        opts.timeout * 1000,
      );
    };
    // connect() reports EACCES (broadcast), ENETUNREACH (no route, e.g. IPv6 on an IPv4-only host) and the like
    // to its callback only; sending on the unconnected socket would then throw outside this promise.
    const connect = () =>
      socket.connect(opts.port, opts.address, (err?: Error) => {
        if (err) return fail(err);
        started = Date.now();
        send(0);
      });
    try {
      if (pooled) {
        started = Date.now();
        send(0);
      } else if (opts.source) socket.bind({ address: opts.source, port: 0 }, connect);
      else connect();
    } catch (err) {
      fail(err);
    }
  });
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

/**
 * A TCP exchange: sends the query, hands every message with the query's id to `onMessage` until it returns
 * true (done). The timeout restarts with each message. Resolves with the reason when it stops otherwise.
 */
export function tcpStream(
  query: Uint8Array,
  opts: ExchangeOptions,
  onMessage: (raw: Uint8Array, from: { address: string; port: number }, querytime: number) => boolean,
): Promise<ExchangeOutcome | 'done'> {
  const id = messageId(query);
  const target = canonicalAddress(opts.address);
  return new Promise((resolve) => {
    const started = Date.now();
    const framer = new TcpFramer();
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let stopWaiting: (() => void) | undefined;
    let socket: net.Socket;
    try {
      socket = net.connect({
        host: opts.address,
        port: opts.port,
        ...(opts.source ? { localAddress: opts.source } : {}),
      });
    } catch (err) {
      return resolve(failure(err));
    }
    const finish = (outcome: ExchangeOutcome | 'done') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stopWaiting?.();
      socket.destroy();
      resolve(outcome);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'none', reason: 'timeout' }), opts.timeout * 1000);
    };
    if (opts.signal?.aborted) return finish({ kind: 'none', reason: 'aborted' });
    if (opts.signal) stopWaiting = onAbort(opts.signal, () => finish({ kind: 'none', reason: 'aborted' }));
    arm();
    socket.on('connect', () => socket.write(frame(query)));
    socket.on('error', (err) => finish(failure(err)));
    socket.on('close', () => finish({ kind: 'none', reason: 'error', error: 'connection closed' }));
    socket.on('data', (chunk) => {
      for (const msg of framer.push(chunk)) {
        if (done) return;
        if (msg.length >= 2 && messageId(msg) !== id) continue;
        arm();
        try {
          if (onMessage(new Uint8Array(msg), { address: target, port: opts.port }, Date.now() - started))
            return finish('done');
        } catch (err) {
          return finish(failure(err));
        }
      }
    });
  });
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
