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
import dgram from 'node:dgram';
import net from 'node:net';
import { messageId } from './codec.js';
import { canonicalAddress } from './address.js';
import { closeQuietly, destinationKey, releaseSocket, takeIdleSocket } from './udp-pool.js';

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

/** One UDP exchange with retries. */
export function udpExchange(query: Uint8Array, opts: ExchangeOptions): Promise<ExchangeOutcome> {
  const id = messageId(query);
  const target = canonicalAddress(opts.address);
  const key = destinationKey(opts.address, opts.port, opts.source);
  return new Promise((resolve) => {
    const pooled = takeIdleSocket(key);
    const socket = pooled ?? dgram.createSocket({ type: familyOf(opts.address) === 6 ? 'udp6' : 'udp4' });
    const timers: NodeJS.Timeout[] = [];
    let started = 0;
    let done = false;
    const finish = (outcome: ExchangeOutcome) => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', onAbort);
      // Only a socket that got its answer is reused; see udp-pool.ts.
      if (outcome.kind === 'response') releaseSocket(key, socket);
      else closeQuietly(socket);
      resolve(outcome);
    };
    const fail = (err: unknown) => finish(failure(err));
    const onAbort = () => finish({ kind: 'none', reason: 'aborted' });
    if (opts.signal?.aborted) return finish({ kind: 'none', reason: 'aborted' });
    opts.signal?.addEventListener('abort', onAbort);

    socket.on('error', (err) => fail(err));
    socket.on('message', (msg, rinfo) => {
      if (canonicalAddress(rinfo.address) !== target) return;
      if (msg.length >= 2 && messageId(msg) !== id) return; // not ours: keep waiting
      finish({
        kind: 'response',
        raw: new Uint8Array(msg),
        from: { address: target, port: rinfo.port },
        querytime: Date.now() - started,
        tcp: false,
      });
    });

    const attempts = Math.max(1, opts.retry);
    const send = (attempt: number) => {
      if (done) return;
      try {
        socket.send(query, (err) => {
          if (err) fail(err);
        });
      } catch (err) {
        return fail(err);
      }
      const last = attempt === attempts - 1;
      timers.push(
        setTimeout(
          () =>
            last
              ? finish({ kind: 'none', reason: 'timeout' })
              : timers.push(setTimeout(() => send(attempt + 1), opts.retrans * 1000)),
          opts.timeout * 1000,
        ),
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
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: 'none', reason: 'aborted' });
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish({ kind: 'none', reason: 'timeout' }), opts.timeout * 1000);
    };
    if (opts.signal?.aborted) return finish({ kind: 'none', reason: 'aborted' });
    opts.signal?.addEventListener('abort', onAbort);
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
