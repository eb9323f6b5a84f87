/**
 * Which test a piece of code runs for, carried across callbacks and promises (AsyncLocalStorage), so that an
 * error nobody catches (thrown from a timer or socket callback, a promise nobody awaits) ends the test it came
 * from instead of the process and every test beside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AgentLogger } from './types.js';

export interface TestScope {
  testId: string;
  /** Ends the test as died with this error (no effect once it has ended). */
  fail(error: unknown): void;
}

const scope = new AsyncLocalStorage<TestScope>();

/**
 * Runs `work` in the scope of one test. Whatever the test creates keeps the scope: its timers, and sockets that
 * outlive it in a pool for later tests. So, once the test has ended (`end()`), the scope lets go of the test's
 * `fail` (whose closure holds the whole run: its cache, recording and writer) and keeps only the test's id;
 * otherwise every test of a long batch stays in memory and the collector works ever harder.
 */
export function runInTestScope<T>(test: TestScope, work: () => T): { result: T; end(): void } {
  let fail: TestScope['fail'] | undefined = test.fail; // not a closure over `test`: that would keep it
  const carried: TestScope = { testId: test.testId, fail: (error) => fail?.(error) };
  return { result: scope.run(carried, work), end: () => (fail = undefined) };
}

/**
 * Process-level handlers for uncaught exceptions and unhandled rejections: the test they come from dies, the
 * process carries on. Returns the function that removes them.
 */
export function catchStrayErrors(logger: AgentLogger): () => void {
  const onError = (error: unknown) => {
    const test = scope.getStore();
    if (test) {
      logger.error(
        { err: error, hash_id: test.testId },
        'Uncaught error in a test; that test ends with TEST_DIED',
      );
      test.fail(error);
    } else {
      logger.error({ err: error }, 'Uncaught error outside any test; the agent carries on');
    }
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  };
}
