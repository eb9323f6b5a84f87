/**
 * A finished test leaves nothing of itself in the agent's memory, even when something it created lives on: a
 * pooled UDP socket or a timer carries the async scope of the test that created it (testScope.ts). In a long
 * batch, a scope that held the run kept every finished test in the heap, and the agent spent its time collecting.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import type { RunOptions, RunResult } from '../src/engine/types.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { allDone, insertTests, waitFor } from './agent.helpers.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.destroy());

const outliving: NodeJS.Timeout[] = [];
const noop = () => undefined;

/** A timer made in a function of its own, so that its callback holds nothing of the run but the async scope. */
function outlive(): void {
  outliving.push(setInterval(noop, 60_000).unref());
}

it('keeps no finished run reachable through what outlives it', async () => {
  const runs: WeakRef<object>[] = [];
  const runner = async (opts: RunOptions): Promise<RunResult> => {
    const state = { answers: new Array<number>(50_000).fill(1) };
    runs.push(new WeakRef(state));
    // The recording function closes over the run's state, as the engine's does.
    opts.onRecording?.(() => String(state.answers.length));
    // Created inside the run, like a socket that goes back to the pool: it outlives the test.
    outlive();
    opts.onMessage?.({
      timestamp: 0,
      module: 'BASIC',
      testcase: 'BASIC01',
      tag: 'T1',
      level: 'INFO',
      args: {},
    });
    return { messages: [], save: () => '' };
  };
  const ids = await insertTests(
    db.knex,
    Array.from({ length: 6 }, (_, i) => ({ domain: `run${i}.test` })),
  );
  const agent = new TestAgent({ config: db.config, knex: db.knex, pollMs: 20, flushMs: 20, runner });
  agent.start();
  try {
    await waitFor(() => allDone(db.knex, ids));
  } finally {
    await agent.stop(0);
  }
  expect(runs).toHaveLength(ids.length);
  for (let i = 0; i < 5 && runs.some((run) => run.deref() !== undefined); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  expect(runs.filter((run) => run.deref() !== undefined)).toHaveLength(0);
  outliving.forEach(clearInterval);
});
