/**
 * The test case: one specification, the tags it may emit with their argument names, and a function of the
 * world it queries. `testCase()` is the only way to declare one; its `tags` type the context's `emit`, so an
 * undeclared tag or a misspelled argument name fails to compile.
 */
import type { Nameserver } from '../dns/types.js';
import type { ZoneModel } from '../methods/v2.js';
import type { Profile } from '../profile.js';
import type { Recursor } from '../recursor.js';
import type { Args } from '../types.js';

/**
 * Tag name -> its argument names (those of the {placeholders} in the message texts) in one string, separated by
 * single spaces: `UNEXPECTED_RCODE: 'ns rcode'`, `NO_RESPONSE: ''` for a tag without arguments. Every table
 * line has one simple shape; the types below split the string, so `emit` still knows each name.
 */
export type TagDeclarations = Readonly<Record<string, string>>;

/** The declarations as definitions carry them: tag name -> its argument names. */
export type TagArguments = Readonly<Record<string, readonly string[]>>;

/** The names in an argument list: 'ns rcode' -> 'ns' | 'rcode'. */
type NamesOf<List extends string> = List extends `${infer Name} ${infer Rest}`
  ? Name | NamesOf<Rest>
  : List extends ''
    ? never
    : List;

type ArgsOf<List extends string> = List extends ''
  ? Record<string, never>
  : { [Name in NamesOf<List>]: Args[string] };

/** The arguments of `emit` for each declared tag: a tag without arguments may omit them. */
export type EmitCall<Tags extends TagDeclarations> = {
  [Tag in keyof Tags & string]: Tags[Tag] extends ''
    ? [tag: Tag, args?: ArgsOf<Tags[Tag]>]
    : [tag: Tag, args: ArgsOf<Tags[Tag]>];
}[keyof Tags & string];

/** The declared tags whose argument list is exactly `List`. */
export type TagsTaking<Tags extends TagDeclarations, List extends string> = {
  [Tag in keyof Tags & string]: Tags[Tag] extends List ? Tag : never;
}[keyof Tags & string];

/** 'ns rcode' -> ['ns', 'rcode'] for every tag; a list the types would split otherwise is refused. */
function argumentLists(tags: TagDeclarations): TagArguments {
  return Object.fromEntries(
    Object.entries(tags).map(([tag, list]) => {
      if (!/^(\w+( \w+)*)?$/.test(list))
        throw new Error(`${tag}: argument names '${list}' not single-spaced`);
      return [tag, list === '' ? [] : list.split(' ')];
    }),
  );
}

/** What a test case sees: the zone under test, the recursor, name servers, the profile, the run's signal. */
export interface World {
  zone: ZoneModel;
  recursor: Recursor;
  nameserver(name: string, address: string): Nameserver;
  profile: Profile;
  signal: AbortSignal;
}

/** A test case's context: the world and an `emit` limited to the declared tags. */
export interface TestContext<Tags extends TagDeclarations = TagDeclarations> extends World {
  emit(...call: EmitCall<Tags>): void;
}

/** The context the runner hands to every test case (module and test case of each message filled in). */
export interface RunnerContext extends World {
  emit(tag: string, args?: Args): void;
}

export interface TestCaseDefinition {
  /** lower-case id, as in profile test_cases: "basic01" */
  id: string;
  /** as in messages: "Basic01" */
  name: string;
  /** upper case: "BASIC" */
  module: string;
  /** path of the specification in the zonemaster/zonemaster repository */
  spec: string;
  tags: TagArguments;
  run(ctx: RunnerContext): Promise<void>;
}

/** The module's spelling in test case names ("DNSSEC01", "Basic01"). */
const NAME_PREFIX: Readonly<Record<string, string>> = { dnssec: 'DNSSEC' };

export function testCase<const Tags extends TagDeclarations>(definition: {
  id: string;
  spec: string;
  tags: Tags;
  run(ctx: TestContext<Tags>): Promise<void>;
}): TestCaseDefinition {
  const [, prefix = '', number = ''] = /^([a-z]+)(\d+)$/.exec(definition.id) ?? [];
  const tags = argumentLists(definition.tags);
  return {
    id: definition.id,
    name: `${NAME_PREFIX[prefix] ?? prefix.charAt(0).toUpperCase() + prefix.slice(1)}${number}`,
    module: prefix.toUpperCase(),
    spec: definition.spec,
    tags,
    // The runner's emit accepts any tag; the declaration above is what limits the test case.
    run: (ctx) =>
      definition.run((argumentCheck ? checkedContext(ctx, definition.id, tags) : ctx) as TestContext<Tags>),
  };
}

/**
 * Where emitted arguments that differ from the declaration are reported, if anywhere. The types catch most
 * mistakes, but not an emit whose tag is a union (a loop over several tags): tests switch this on.
 */
let argumentCheck: ((problem: string) => void) | undefined;

export function checkTagArguments(report: ((problem: string) => void) | undefined): void {
  argumentCheck = report;
}

function checkedContext(ctx: RunnerContext, id: string, tags: TagArguments): RunnerContext {
  const report = argumentCheck!;
  return Object.assign(Object.create(ctx) as RunnerContext, {
    emit(tag: string, args?: Args) {
      const declared = tags[tag];
      const given = Object.keys(args ?? {}).sort();
      if (declared === undefined) report(`${id}: ${tag} is not declared`);
      else if (given.join(',') !== [...declared].sort().join(','))
        report(`${id}: ${tag} emitted with (${given.join(', ')}), declared (${declared.join(', ')})`);
      ctx.emit(tag, args);
    },
  });
}

/** Runs one test case (TEST_CASE_START ... TEST_CASE_END) and returns the tags it emitted. */
export type TestCaseRunner = (testCase: TestCaseDefinition) => Promise<Set<string>>;

export interface ModuleContext<Tags extends TagDeclarations = TagDeclarations> {
  ctx: RunnerContext;
  /** Test case enabled by the profile and selected by the run. */
  isSelected(testCase: TestCaseDefinition): boolean;
  runCase: TestCaseRunner;
  /** Emit a message of the module outside any test case (testcase "Unspecified"). */
  emitUnspecified(...call: EmitCall<Tags>): void;
}

export interface ModuleDefinition {
  /** upper case: "BASIC" */
  name: string;
  /** as in the reference: "Basic" */
  displayName: string;
  version: string;
  testCases: readonly TestCaseDefinition[];
  /**
   * Tags of the module outside its test cases: TEST_CASE_START / TEST_CASE_END (emitted by the runner for each
   * test case), the module's own messages, and tags the profile and the catalogues know that no test case emits.
   */
  tags: TagArguments;
  /**
   * Custom order and conditions (Basic, Address). Returns false when the run cannot continue. Without it
   * every selected test case runs in order.
   */
  run?(m: ModuleContext): Promise<boolean>;
}

/** Tags the runner emits around every test case. */
export const TEST_CASE_TAGS = { TEST_CASE_START: 'testcase', TEST_CASE_END: 'testcase' } as const;

export function testModule<const Tags extends TagDeclarations>(definition: {
  name: string;
  displayName: string;
  version: string;
  testCases: readonly TestCaseDefinition[];
  tags: Tags;
  run?(m: ModuleContext<Tags>): Promise<boolean>;
}): ModuleDefinition {
  const { run } = definition;
  return {
    ...definition,
    tags: argumentLists({ ...TEST_CASE_TAGS, ...definition.tags }),
    run: run && ((m) => run(m as unknown as ModuleContext<Tags>)),
  };
}
