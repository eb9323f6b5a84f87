/**
 * What a test case sees: the zone under test (with the MethodsV2 accessors), the recursor, a name server
 * factory, the profile, an emitter and the run's AbortSignal. A test case only observes and emits tags.
 */
import type { Nameserver } from '../dns/types.js';
import type { Profile } from '../profile.js';
import type { Recursor } from '../recursor.js';
import type { Args } from '../types.js';
import type { ZoneModel } from '../zone.js';

export interface TestContext {
  zone: ZoneModel;
  recursor: Recursor;
  nameserver(name: string, address: string): Nameserver;
  profile: Profile;
  /** Emit a message of the running test case (module and test case are filled in). */
  emit(tag: string, args?: Args): void;
  signal: AbortSignal;
}

/** A tag a test case may emit, with its argument names (as in the specification's summary table). */
export interface TagSpec {
  tag: string;
  args: readonly string[];
}

export interface TestCaseDefinition {
  /** lower-case id, as in profile test_cases: "basic01" */
  id: string;
  /** as in messages: "Basic01" */
  name: string;
  /** upper case: "BASIC" */
  module: string;
  /** specification id: "BASIC01" */
  specId: string;
  tags: readonly TagSpec[];
  run(ctx: TestContext): Promise<void>;
}

/** Runs one test case (TEST_CASE_START ... TEST_CASE_END) and returns the tags it emitted. */
export type TestCaseRunner = (testCase: TestCaseDefinition) => Promise<Set<string>>;

export interface ModuleContext {
  ctx: TestContext;
  /** Test case enabled by the profile and selected by the run. */
  isSelected(testCase: TestCaseDefinition): boolean;
  runCase: TestCaseRunner;
  /** Emit a message of the module outside any test case (testcase "Unspecified"). */
  emitUnspecified(tag: string, args?: Args): void;
}

export interface ModuleDefinition {
  /** upper case: "BASIC" */
  name: string;
  /** as in the reference: "Basic" */
  displayName: string;
  version: string;
  testCases: readonly TestCaseDefinition[];
  /**
   * Custom order and conditions (Basic). Returns false when the run cannot continue. Without it every
   * selected test case runs in order.
   */
  run?(m: ModuleContext): Promise<boolean>;
}
