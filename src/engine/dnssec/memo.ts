/**
 * A bounded memo for pure functions of bytes (a key's parsing, a signature's verification): the same RRset,
 * signature and key come back from every server of a zone and from several test cases, and one ECDSA or RSA
 * verification costs a hundred times the lookup. Emptied when full, so it never holds more than `max` entries.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, compute: () => V): V {
    const known = this.entries.get(key);
    if (known !== undefined || this.entries.has(key)) return known as V;
    const value = compute();
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
