/**
 * Idle connected UDP sockets kept for the next query to the same server. Creating, binding and connecting a
 * socket costs several times the CPU of the exchange itself (measured: ~120 µs against ~25 µs per query on
 * loopback), and a test sends a hundred or more queries to a handful of servers.
 *
 * A socket serves one exchange at a time. Only a socket whose exchange got its answer comes back here: after an
 * error, a timeout or an abort it is closed, so a late answer can never reach a later exchange (which also
 * checks the message id). Idle sockets neither keep the process alive nor live longer than IDLE_MS, and there are
 * never more than MAX_IDLE in all (a test of many servers must not hold a file descriptor per server).
 *
 * Each socket gets its listeners and its idle timer once, for its whole life, and hands events to the exchange
 * that holds it (`Lease`): adding and removing listeners and timers on every exchange cost more CPU than the
 * exchange's own system calls.
 */
import dgram from 'node:dgram';

const MAX_IDLE_PER_DESTINATION = 8;
const IDLE_MS = 5_000;
export const MAX_IDLE = 256;
let idleCount = 0;

/** What an exchange holding a socket wants to hear of it. */
export interface Lease {
  onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void;
  onError(err: Error): void;
}

interface SocketState {
  /** the exchange holding the socket; undefined while idle */
  lease: Lease | undefined;
  /** destination key while idle in the pool */
  idleAt: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

const states = new WeakMap<dgram.Socket, SocketState>();
const idle = new Map<string, dgram.Socket[]>();

export function destinationKey(address: string, port: number, source: string | undefined): string {
  return `${source ?? ''}|${address}|${port}`;
}

function stateOf(socket: dgram.Socket): SocketState {
  let state = states.get(socket);
  if (state) return state;
  const s: SocketState = { lease: undefined, idleAt: undefined, timer: undefined };
  // While idle, an ICMP error or a stray datagram ends the socket's reuse.
  socket.on('message', (msg, rinfo) => (s.lease ? s.lease.onMessage(msg, rinfo) : drop(socket)));
  socket.on('error', (err) => (s.lease ? s.lease.onError(err) : drop(socket)));
  states.set(socket, (state = s));
  return state;
}

/** Takes a socket out of the idle lists (and closes it). */
function drop(socket: dgram.Socket): void {
  const state = states.get(socket);
  const key = state?.idleAt;
  if (state && key !== undefined) {
    const list = idle.get(key);
    const at = list?.indexOf(socket) ?? -1;
    if (list && at >= 0) {
      list.splice(at, 1);
      idleCount -= 1;
      if (list.length === 0) idle.delete(key);
    }
    state.idleAt = undefined;
  }
  if (state?.timer) clearTimeout(state.timer);
  closeQuietly(socket);
}

/** A new socket for an exchange; events go to `lease`. */
export function newSocket(family: 4 | 6, lease: Lease): dgram.Socket {
  const socket = dgram.createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
  stateOf(socket).lease = lease;
  return socket;
}

/** An idle connected socket for the destination, now held by `lease`, or undefined. */
export function takeIdleSocket(key: string, lease: Lease): dgram.Socket | undefined {
  const list = idle.get(key);
  const socket = list?.pop();
  if (!socket) return undefined;
  idleCount -= 1;
  if (list!.length === 0) idle.delete(key);
  const state = stateOf(socket);
  state.idleAt = undefined;
  state.lease = lease;
  socket.ref();
  return socket;
}

/** Hands back a socket whose exchange ended with an answer. */
export function releaseSocket(key: string, socket: dgram.Socket): void {
  const state = stateOf(socket);
  state.lease = undefined;
  const list = idle.get(key);
  if ((list && list.length >= MAX_IDLE_PER_DESTINATION) || idleCount >= MAX_IDLE) {
    drop(socket);
    return;
  }
  socket.unref();
  state.idleAt = key;
  if (state.timer) state.timer.refresh();
  else state.timer = setTimeout(() => state.idleAt !== undefined && drop(socket), IDLE_MS).unref();
  if (list) list.push(socket);
  else idle.set(key, [socket]);
  idleCount += 1;
}

/** Closes a socket whose exchange ended without an answer. */
export function discardSocket(socket: dgram.Socket): void {
  const state = states.get(socket);
  if (state) state.lease = undefined;
  drop(socket);
}

/** Idle sockets held now (at most MAX_IDLE). */
export function idleSocketCount(): number {
  return idleCount;
}

export function closeQuietly(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
