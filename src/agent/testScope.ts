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

export function runInTestScope<T>(test: TestScope, work: () => T): T {
  return scope.run(test, work);
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
