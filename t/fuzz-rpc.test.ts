/**
 * Fuzzing the API daemon on $TARGET, bounded and seeded: random bytes, random JSON, requests of every method with
 * random and half-valid params, batches, and mutated or truncated valid bodies. Every answer must be HTTP 200
 * JSON with only documented error codes, and -32603 only with a documented message (never "Internal server
 * error", which would be a fault of ours). Lookups go to a root at 127.77.255.1 where nothing listens.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { METHOD_SCHEMAS, type Schema } from '../src/rpc/schemas.js';
import type { RunningRpcServer } from '../src/rpc/server.js';
import { startQuietRpcServer } from './lib/rpc.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { Fuzz, fuzzSeed } from './lib/fuzz.js';
import { writeHints } from './lib/zones.js';

const BODIES = 1200;
const DOCUMENTED_CODES = new Set([-32700, -32600, -32601, -32602, -32603]);
const DOCUMENTED_INTERNAL = [
  /^Test not found$/,
  /^Unknown batch$/,
  /^User already exists$/,
  /^User not authorized to use batch mode$/,
  /^Call to "\w+" method not permitted from a remote IP$/,
];

let db: TestDatabase;
let server: RunningRpcServer;
const fuzz = new Fuzz(fuzzSeed());

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zmt-fuzz-'));
  const hints = writeHints(dir, [{ name: 'a.root.test', address: '127.77.255.1' }]);
  db = await createTestDatabase({
    configOverrides: {
      RPCAPI: { max_request_size: '256kb', enable_add_api_user: 'yes' },
      ZONEMASTER: { root_hints: hints },
    },
  });
  server = await startQuietRpcServer(db.config, { knex: db.knex });
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const STRINGS = [
  '',
  'a',
  'example.com',
  'xn--bcher-kva.example',
  'bücher.example',
  '..',
  '-a-.test',
  '1.2.3.4',
  '::1',
  'fe80::1%eth0',
  '0123456789abcdef',
  'ABCDEF0123456789',
  'en',
  'sv',
  'default',
  'user-1',
  'key_1',
  '\u0000',
  '\ud800',
  '😀.test',
  'İ.test',
  'a'.repeat(64) + '.test',
  'x'.repeat(3000),
  '9999999999999999999999',
  '-1',
  '1e400',
  '2147483648',
];

function randomJson(depth = 0): unknown {
  switch (fuzz.int(depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return fuzz.next() < 0.5;
    case 2:
      return fuzz.pick([0, 1, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 65535, 255]);
    case 3:
    case 4:
      return fuzz.pick(STRINGS);
    case 5:
      return Array.from({ length: fuzz.int(4) }, () => randomJson(depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let n = fuzz.int(4); n > 0; n--)
        out[fuzz.pick(['domain', 'ns', 'ip', 'x', '__proto__', 'constructor'])] = randomJson(depth + 1);
      return out;
    }
  }
}

/** Params shaped by the method's schema: each property plausible, random or missing; sometimes an extra one. */
function paramsFor(schema: Schema, depth = 0): unknown {
  if (fuzz.next() < 0.15 || depth > 3) return randomJson(depth);
  if (schema.type === 'array') {
    const items = (schema.items ?? {}) as Schema;
    return Array.from({ length: fuzz.int(4) }, () => paramsFor(items, depth + 1));
  }
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
      if (fuzz.next() < 0.8) out[key] = paramsFor(sub, depth + 1);
    if (fuzz.next() < 0.1) out.unexpected = randomJson(depth + 1);
    return out;
  }
  if (schema.type === 'integer') return fuzz.pick([0, 1, 5, -3, 2 ** 31 - 1, 2 ** 31, '12', 'x', 1.7]);
  return fuzz.pick(STRINGS);
}

function request(): Record<string, unknown> {
  const methods = Object.keys(METHOD_SCHEMAS);
  const method =
    fuzz.next() < 0.9 ? fuzz.pick(methods) : fuzz.pick(['nope', 'Version_Info', '', 'a b', '__proto__']);
  const req: Record<string, unknown> = {
    jsonrpc: fuzz.next() < 0.9 ? '2.0' : fuzz.pick(['1.0', 2, null]),
    id: fuzz.pick([1, 'a', null, 2.5, {}, [], undefined, 1]),
    method,
  };
  if (fuzz.next() < 0.9) req.params = paramsFor(METHOD_SCHEMAS[method] ?? {});
  return req;
}

function body(): Buffer {
  const valid = () => Buffer.from(JSON.stringify(request()));
  switch (fuzz.int(12)) {
    case 0:
      return fuzz.bytes(fuzz.int(200));
    case 1:
      return Buffer.from(JSON.stringify(randomJson()));
    case 2:
      return Buffer.from(JSON.stringify(Array.from({ length: fuzz.int(4) }, () => request())));
    case 3:
      return fuzz.mutate(valid());
    case 4: {
      const text = valid();
      return text.subarray(0, fuzz.int(text.length));
    }
    case 5:
      return Buffer.from('['.repeat(fuzz.int(20_000)) + ']'.repeat(fuzz.int(20_000)));
    default:
      return valid();
  }
}

it(`${BODIES} random and mutated bodies: only documented answers, the daemon keeps serving`, async () => {
  const codes = new Map<number | string, number>();
  const post = async (data: Buffer) => {
    const res = await fetch(server.url, { method: 'POST', body: data });
    const text = await res.text();
    expect(res.status, fuzz.replay).toBe(200);
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(text)), `${fuzz.replay}: ${text.slice(0, 200)}`).not.toThrow();
    for (const answer of (Array.isArray(parsed) ? parsed : [parsed]) as Array<{
      error?: { code: number; message: string };
    }>) {
      const code = answer.error?.code ?? 'result';
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (!answer.error) continue;
      expect(DOCUMENTED_CODES.has(answer.error.code), `${fuzz.replay}: ${JSON.stringify(answer.error)}`).toBe(
        true,
      );
      if (answer.error.code === -32603)
        expect(
          DOCUMENTED_INTERNAL.some((re) => re.test(answer.error!.message)),
          `${fuzz.replay}: ${data.toString().slice(0, 300)} → ${answer.error.message}`,
        ).toBe(true);
    }
  };
  for (let sent = 0; sent < BODIES; sent += 8)
    await Promise.all(Array.from({ length: 8 }, () => post(body())));
  const version = await fetch(server.url, {
    method: 'POST',
    body: '{"jsonrpc":"2.0","id":1,"method":"version_info"}',
  });
  expect(((await version.json()) as { result?: unknown }).result, fuzz.replay).toBeDefined();
  process.stderr.write(`fuzz-rpc seed ${fuzz.seed}: ${JSON.stringify(Object.fromEntries(codes))}\n`);
}, 120_000);
