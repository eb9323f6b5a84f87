/**
 * API keys are stored as scrypt hashes: "scrypt$N$r$p$<salt b64>$<hash b64>". A stored value without that
 * prefix is a plaintext key written by the reference backend (its keys can never contain "$").
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PREFIX = 'scrypt';
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashApiKey(apiKey: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(apiKey, salt, PARAMS);
  return [PREFIX, PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function isHashedApiKey(stored: string): boolean {
  return stored.startsWith(`${PREFIX}$`);
}

/** Constant-time comparison against a stored hash or a stored plaintext key. */
export async function verifyApiKey(apiKey: string, stored: string): Promise<boolean> {
  if (!isHashedApiKey(stored)) return safeEqual(Buffer.from(apiKey), Buffer.from(stored));
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!n || !r || !p || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(apiKey, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return safeEqual(actual, expected);
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
