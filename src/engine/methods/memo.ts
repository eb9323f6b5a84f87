/** Each method's set is computed once per run: the first call starts the work, later calls share its promise. */
export class Memo {
  private readonly pending = new Map<string, Promise<unknown>>();

  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let result = this.pending.get(key) as Promise<T> | undefined;
    if (!result) {
      result = compute();
      this.pending.set(key, result);
    }
    return result;
  }
}
