/**
 * Vitest setup: every message a test case emits in a test file must carry exactly the argument names its
 * declaration gives (see checkTagArguments); the file fails at its end otherwise.
 */
import { afterAll, expect } from 'vitest';
import { checkTagArguments } from '../../src/engine/testcases/test-case.js';

const problems = new Set<string>();
checkTagArguments((problem) => problems.add(problem));

afterAll(() => {
  expect([...problems].sort(), 'emitted arguments that differ from the declarations').toEqual([]);
});
