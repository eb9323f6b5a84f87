/**
 * Seeded randomness for the fuzz tests: the seed comes from $FUZZ_SEED or the clock, and every assertion names
 * it, so a failure is replayed with `FUZZ_SEED=<seed> npx vitest run <file>`.
 */

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given !== undefined && given !== '' ? Number(given) : Date.now() % 2 ** 31;
}

export class Fuzz {
  readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = prng(seed);
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
  /** Flips, overwrites, inserts or deletes a few bytes. */
  mutate(input: Buffer): Buffer {
    const out = [...input];
    for (let n = 1 + this.int(4); n > 0; n--) {
      const at = this.int(out.length + 1);
      switch (this.int(4)) {
        case 0:
          if (at < out.length) out[at]! ^= 1 << this.int(8);
          break;
        case 1:
          if (at < out.length) out[at] = this.int(256);
          break;
        case 2:
          out.splice(at, 0, this.int(256));
          break;
        default:
          out.splice(at, 1);
      }
    }
    return Buffer.from(out);
  }
  /** The message the assertions carry, so a failure names its seed. */
  get replay(): string {
    return `replay with FUZZ_SEED=${this.seed}`;
  }
}
