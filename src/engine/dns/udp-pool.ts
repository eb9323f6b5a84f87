/**
 * Idle connected UDP sockets kept for the next query to the same server. Creating, binding and connecting a
 * socket costs several times the CPU of the exchange itself (measured: ~120 µs against ~25 µs per query on
 * loopback), and a test sends a hundred or more queries to a handful of servers.
 *
 * A socket serves one exchange at a time. Only a socket whose exchange got its answer comes back here: after an
 * error, a timeout or an abort it is closed, so a late answer can never reach a later exchange (which also
 * checks the message id). Idle sockets neither keep the process alive nor live longer than IDLE_MS, and there are
 * never more than MAX_IDLE in all (a test of many servers must not hold a file descriptor per server).
 */
import dgram from 'node:dgram';

const MAX_IDLE_PER_DESTINATION = 8;
const IDLE_MS = 5_000;
export const MAX_IDLE = 256;
let idleCount = 0;

interface IdleSocket {
  socket: dgram.Socket;
  timer: NodeJS.Timeout;
}

const idle = new Map<string, IdleSocket[]>();

export function destinationKey(address: string, port: number, source: string | undefined): string {
  return `${source ?? ''}|${address}|${port}`;
}

function drop(key: string, entry: IdleSocket): void {
  const list = idle.get(key);
  const at = list?.indexOf(entry) ?? -1;
  if (list && at >= 0) {
    list.splice(at, 1);
    idleCount -= 1;
  }
  if (list && list.length === 0) idle.delete(key);
  clearTimeout(entry.timer);
  closeQuietly(entry.socket);
}

/** An idle connected socket for the destination, ready for an exchange, or undefined. */
export function takeIdleSocket(key: string): dgram.Socket | undefined {
  const entry = idle.get(key)?.pop();
  if (!entry) return undefined;
  idleCount -= 1;
  if (idle.get(key)?.length === 0) idle.delete(key);
  clearTimeout(entry.timer);
  entry.socket.removeAllListeners();
  entry.socket.ref();
  return entry.socket;
}

/** Hands back a socket whose exchange ended with an answer; the caller has removed its own listeners. */
export function releaseSocket(key: string, socket: dgram.Socket): void {
  const list = idle.get(key) ?? [];
  if (list.length >= MAX_IDLE_PER_DESTINATION || idleCount >= MAX_IDLE) {
    closeQuietly(socket);
    return;
  }
  socket.removeAllListeners();
  socket.unref();
  const entry: IdleSocket = { socket, timer: setTimeout(() => drop(key, entry), IDLE_MS).unref() };
  // While idle, an ICMP error or a stray datagram ends the socket's reuse.
  socket.on('error', () => drop(key, entry));
  socket.on('message', () => drop(key, entry));
  list.push(entry);
  idleCount += 1;
  idle.set(key, list);
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
