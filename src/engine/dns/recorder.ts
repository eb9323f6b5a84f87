/**
 * Record / replay in the reference engine's recorded-data format:
 * one line per (server name, address): `NAME SP ADDRESS SP JSON`, JSON mapping cache key → packet or null.
 */
import type { BrokenResponse, Packet } from './types.js';
import { isPacket } from './types.js';
import { canonicalAddress } from './address.js';
import { decodeResponse } from './codec.js';
import type { CacheEntry, DnsContext } from './context.js';
import { createNameserver } from './nameserver.js';
import { packetTimestamp, setPacketTimestamp } from './timestamps.js';

export const NONAME = '$$$NONAME';
const OUTER = 'Zonemaster::Engine::Packet';
const INNER = 'Zonemaster::LDNS::Packet';

interface StoredPacket {
  data: string;
  answerfrom?: string;
  timestamp?: number;
  querytime?: number;
}

function sortedObject<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function storeValue(entry: CacheEntry): unknown {
  const r = entry.result;
  if (r === null) return null;
  const inner: StoredPacket = sortedObject<string | number>([
    ['data', Buffer.from(r.raw).toString('base64')],
    ['answerfrom', r.from.address],
    ['timestamp', (isPacket(r) ? packetTimestamp(r) : undefined) ?? entry.timestamp],
    ['querytime', isPacket(r) ? r.querytime : 0],
  ]) as unknown as StoredPacket;
  return { [OUTER]: { [INNER]: inner } };
}

/** The recorded-data text of everything a context has cached (fake answers are never cached). */
export function saveRecording(ctx: DnsContext): string {
  const lines: string[] = [];
  const named = new Set<string>();
  const line = (name: string, address: string) => {
    const cache = ctx.cache.get(address) ?? new Map<string, CacheEntry>();
    const json = sortedObject([...cache].map(([key, entry]) => [key, storeValue(entry)]));
    return `${name} ${address} ${JSON.stringify(json)}`;
  };
  for (const ns of ctx.nameservers.values()) {
    named.add(ns.address);
    lines.push(line(ns.name, ns.address));
  }
  for (const address of ctx.cache.keys()) if (!named.has(address)) lines.push(line(NONAME, address));
  return lines.sort().join('\n') + (lines.length ? '\n' : '');
}

function unwrap(value: unknown): StoredPacket | null {
  if (value === null) return null;
  let v = value as Record<string, unknown>;
  if (v && typeof v === 'object' && OUTER in v) v = v[OUTER] as Record<string, unknown>;
  if (v && typeof v === 'object' && INNER in v) v = v[INNER] as Record<string, unknown>;
  if (!v || typeof v !== 'object' || typeof v.data !== 'string') throw new Error('unrecognised cache value');
  return v as unknown as StoredPacket;
}

function restore(stored: StoredPacket | null, address: string): CacheEntry {
  if (stored === null) return { result: null, timestamp: 0 };
  const raw = new Uint8Array(Buffer.from(stored.data, 'base64'));
  const from = { address: stored.answerfrom ? canonicalAddress(stored.answerfrom) : address, port: 53 };
  const result: Packet | BrokenResponse = decodeResponse(raw, {
    from,
    querytime: stored.querytime ?? 0,
    tcp: false,
  });
  const timestamp = stored.timestamp ?? 0;
  if (isPacket(result) && stored.timestamp !== undefined) setPacketTimestamp(result, timestamp);
  return { result, timestamp };
}

/**
 * Preloads a context's cache from recorded data. For an address on several lines the first line's data wins
 * (the reference keeps one cache per IP). Each named line also makes its server known to the context.
 * Returns the number of cache entries loaded.
 */
export function loadRecording(ctx: DnsContext, text: string): number {
  const seen = new Set<string>();
  let loaded = 0;
  for (const rawLine of text.split('\n')) {
    const lineText = rawLine.trimEnd();
    if (lineText === '') continue;
    const first = lineText.indexOf(' ');
    const second = lineText.indexOf(' ', first + 1);
    if (first < 0 || second < 0) throw new Error(`bad recording line: ${lineText.slice(0, 80)}`);
    const name = lineText.slice(0, first);
    const address = canonicalAddress(lineText.slice(first + 1, second));
    const map = JSON.parse(lineText.slice(second + 1)) as Record<string, unknown>;
    if (name !== NONAME) createNameserver(name, address, ctx);
    if (seen.has(address)) continue;
    seen.add(address);
    const cache = ctx.cacheFor(address);
    for (const [key, value] of Object.entries(map)) {
      cache.set(key, restore(unwrap(value), address));
      loaded++;
    }
  }
  return loaded;
}
