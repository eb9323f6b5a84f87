import type { EngineRunner } from '../../src/agent/index.js';
import type { MessageEntry } from '../../src/engine/types.js';

/**
 * An engine stand-in for queue benchmarks: 10 steps of `stepMs` (timers, no CPU), 2 INFO messages and a progress
 * report per step — the shape of a quick real test, 20 messages over ~10 × stepMs.
 */
export function standInEngine(stepMs = 5): EngineRunner {
  return async (run) => {
    const messages: MessageEntry[] = [];
    for (let i = 1; i <= 10; i++) {
      await new Promise((r) => setTimeout(r, stepMs));
      for (const tag of [`T${i}A`, `T${i}B`]) {
        const entry: MessageEntry = {
          timestamp: i / 100,
          module: 'BASIC',
          testcase: 'Basic01',
          tag,
          args: { ns: 'ns1.example' },
          level: 'INFO',
        };
        messages.push(entry);
        run.onMessage?.(entry);
      }
      run.onProgress?.(i, 10);
    }
    return { messages, save: () => '' };
  };
}
