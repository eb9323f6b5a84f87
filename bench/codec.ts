/**
 * The DNS wire codec alone: decode and encode cost per message, over the responses stored in recorded-data
 * files (the reference's t/*.data by default; any directory of *.data files works).
 *
 *   npm run bench:codec -- [DATA_DIR]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeResponse, encodeQuery, parseMessage } from '../src/engine/dns/codec.js';
import { encodeName } from '../src/engine/dns/wire.js';
import { isPacket, type Packet } from '../src/engine/dns/types.js';

const dir = process.argv[2] ?? '/work/ref/zonemaster-engine/t';
const ROUNDS = 7;

const messages: Uint8Array[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.data')))
  for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/"data":"([A-Za-z0-9+/=]*)"/g))
    messages.push(Buffer.from(m[1]!, 'base64'));

const meta = { from: { address: '192.0.2.1', port: 53 }, querytime: 0, tcp: false };

/** Median CPU nanoseconds per item of `fn` over the items, after a warm-up round. */
function measure<T>(items: readonly T[], fn: (item: T) => unknown): number {
  for (const item of items) fn(item);
  const perItem: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    for (const item of items) fn(item);
    const t = process.cpuUsage(t0);
    perItem.push(((t.user + t.system) * 1000) / items.length);
  }
  return perItem.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

// Decoding is measured before any decoded packet outlives its round: packets kept across rounds make V8
// allocate the decoder's objects in the old generation (pretenuring), and the dropped ones then cost far more
// GC than the decoding itself.
const decodeRows: [string, number, number][] = [
  ['decodeResponse (message)', messages.length, measure(messages, (m) => decodeResponse(m, meta))],
  ['parseMessage (message)', messages.length, measure(messages, (m) => parseMessage(m))],
];

const questions = messages
  .map((m) => decodeResponse(m, meta))
  .filter((p): p is Packet => isPacket(p))
  .flatMap((p) => p.question.slice(0, 1));

const rows: [string, number, number][] = [
  ...decodeRows,
  [
    'encodeQuery (EDNS, DO)',
    questions.length,
    measure(questions, (q) =>
      encodeQuery({
        id: 1,
        name: q.name,
        type: q.type,
        class: q.class,
        rd: false,
        cd: false,
        edns: { version: 0, z: 0, do: true, extendedRcode: 0, udpSize: 1232 },
      }),
    ),
  ],
  ['encodeName', questions.length, measure(questions, (q) => encodeName(q.name))],
];
const bytes = messages.reduce((n, m) => n + m.length, 0);
console.log(`${messages.length} messages, ${bytes} bytes, from ${dir}`);
console.log(`${'operation'.padEnd(28)} ${'items'.padStart(8)} ${'ns/item'.padStart(9)}`);
for (const [label, n, ns] of rows)
  console.log(`${label.padEnd(28)} ${String(n).padStart(8)} ${ns.toFixed(0).padStart(9)}`);
