/**
 * Reads one `t/Test-*.t` of the reference engine into scenarios: the zone, what runs (a module or one test
 * case), the profile, root hints and undelegated data in force at that point, and the tag assertions on the
 * result. Three styles occur: `perform_testcase_testing` with a `%subtests` table, the scenario DSL of
 * `TestUtil::DSL`, and free-form scripts (`test_module` / `test_method` / `zone_gives` then `ok(...)`).
 * Statements it cannot follow are counted, not guessed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeProfile, type Profile } from '../../src/engine/profile.js';
import type { DsSpec, NameserverSpec } from '../../src/engine/types.js';
import {
  closing,
  interpolate,
  lastBlock,
  readList,
  render,
  statements,
  subBlock,
  tokenize,
  type Statement,
  type Token,
  type Value,
} from './perl.js';

export interface Assertion {
  tag: string;
  present: boolean;
}

export interface Scenario {
  name: string;
  line: number;
  domain: string;
  /** "module" or "module/testcase" */
  test: string;
  profile: Profile;
  /** root hints (name → addresses); undefined: the checkout's share/named.root */
  hints: Record<string, string[]> | undefined;
  nameservers: NameserverSpec[];
  ds: DsSpec[];
  /** fake delegations in force for zones above the tested one */
  fakesAbove: { zone: string; nameservers: NameserverSpec[] }[];
  assertions: Assertion[];
  /** perform_testcase_testing and the DSL fail a scenario whose test case died (MODULE_ERROR) */
  failOnModuleError: boolean;
}

export interface FilePlan {
  scenarios: Scenario[];
  /** scenarios the file marks not testable or to do (not run, as the reference does not count them) */
  skipped: number;
  /** statements that look like assertions or runs but were not understood, as "line: text" */
  unparsed: string[];
}

interface Fake {
  nameservers: NameserverSpec[];
  ds: DsSpec[];
}

type Result = { scenario: Scenario };

function flatStrings(v: Value | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(flatStrings);
  if (typeof v === 'object') return [];
  return [String(v)];
}

function nsSpecs(expressions: string[]): NameserverSpec[] {
  return expressions.map((e) => {
    const [ns, ip] = e.split('/');
    return ip ? { ns: ns!, ip } : { ns: ns! };
  });
}

function dsSpecs(expressions: string[]): DsSpec[] {
  return expressions.map((e) => {
    const [keytag, algorithm, digtype, digest] = e.split(',');
    return {
      keytag: Number(keytag),
      algorithm: Number(algorithm),
      digtype: Number(digtype),
      digest: (digest ?? '').toLowerCase(),
    };
  });
}

function hashToNs(hash: Value | undefined): NameserverSpec[] {
  if (!hash || typeof hash !== 'object' || Array.isArray(hash)) return [];
  return Object.entries(hash).flatMap(([ns, ips]) => {
    const list = flatStrings(ips);
    return list.length > 0 ? list.map((ip) => ({ ns, ip })) : [{ ns }];
  });
}

function hashToHints(hash: Value | undefined): Record<string, string[]> {
  if (!hash || typeof hash !== 'object' || Array.isArray(hash)) return {};
  return Object.fromEntries(Object.entries(hash).map(([name, ips]) => [name, flatStrings(ips)]));
}

/** `{ "a": { "b": 1 } }` from "a.b" and 1, with 0/1 turned into booleans where the profile has a boolean. */
function dotted(profile: Profile, key: string, value: Value): Record<string, unknown> {
  const path = key.split('.');
  let current: unknown = profile;
  for (const p of path) current = (current as Record<string, unknown> | undefined)?.[p];
  const typed = typeof current === 'boolean' ? Boolean(Number(value)) : value;
  return path.reduceRight<Record<string, unknown>>(
    (inner, p, index) => ({ [p]: index === path.length - 1 ? typed : inner }),
    {},
  );
}

function expandScenarioNames(names: string[]): string[] {
  return names.flatMap((name) => {
    const m = /^([^{]*)\{(\d+)\.\.(\d+)\}$/.exec(name);
    if (!m) return [name];
    const out: string[] = [];
    for (let i = Number(m[2]); i <= Number(m[3]); i++) out.push(`${m[1]}${i}`);
    return out;
  });
}

class Interpreter {
  private readonly scalars = new Map<string, Value>();
  private readonly results = new Map<string, Result>();
  private profile: Profile;
  private hints: Record<string, string[]> | undefined;
  private readonly fakes = new Map<string, Fake>();
  private testModule: string | undefined;
  readonly plan: FilePlan = { scenarios: [], skipped: 0, unparsed: [] };
  // DSL state
  private dsl: { module: string; testCase: string; allTags: string[]; template: string } | undefined;

  constructor(
    private readonly checkout: string,
    base: Profile,
  ) {
    this.profile = base;
  }

  private readonly lookup = (v: string): Value | undefined => this.scalars.get(v);

  run(list: Statement[]): void {
    for (const s of list) this.statement(s);
  }

  private note(s: Statement): void {
    const text = render(s.tokens);
    if (/\bok\b|gives|test_module|test_method|eq_or_diff/.test(text))
      this.plan.unparsed.push(`${s.line}: ${text.slice(0, 160)}`);
  }

  private statement(s: Statement): void {
    const t = s.tokens;
    const first = t[0]!;
    const text = render(t);
    if (first.kind === 'word') {
      switch (first.text) {
        case 'use':
        case 'no':
        case 'done_testing':
        case 'return':
          return;
        case 'BEGIN':
          this.run(statements(lastBlock(t) ?? []));
          return;
        case 'sub':
          return; // helpers: their use is recognised by name below
        case 'if':
        case 'unless':
        case 'foreach':
        case 'for':
        case 'while':
          // Conditional and looping blocks are not followed.
          for (const inner of statements(lastBlock(t) ?? [])) this.note(inner);
          return;
        case 'SKIP':
        case 'TODO':
          return; // skipped or expected to fail in the reference too
        case 'subtest': {
          this.run(statements(subBlock(t) ?? []));
          return;
        }
      }
    }
    if (first.kind === 'punct' && first.text === '{') {
      this.run(statements(lastBlock(t) ?? []));
      return;
    }
    if (this.dslStatement(t)) return;
    if (this.setup(t, text)) return;
    if (this.runStatement(t, text)) return;
    if (this.assertion(t, text, s.line)) return;
    if (this.assignment(t)) return;
    this.note(s);
  }

  // ------------------------------------------------------------------------------ profile, hints, fakes

  private setup(t: Token[], text: string): boolean {
    if (/(?:Profile -> effective|Engine -> profile) -> set \(/.test(text)) {
      const [key, value] = this.callArgs(t, 'set');
      if (typeof key !== 'string' || value === undefined) return false;
      if (key === 'no_network') return true; // replay never uses the network
      return this.merge(dotted(this.profile, key, value));
    }
    if (/-> merge \(/.test(text)) {
      const json = this.profileJson(t);
      return json !== undefined && this.merge(json);
    }
    if (/Recursor -> remove_fake_addresses/.test(text)) return true;
    if (/Recursor -> add_fake_addresses/.test(text)) {
      const args = this.callArgs(t, 'add_fake_addresses');
      this.hints = hashToHints(args[1]);
      return true;
    }
    if (/Recursor :: clear_cache|Recursor -> clear_cache/.test(text)) return true;
    if (/-> add_fake_delegation \(/.test(text)) {
      const args = this.callArgs(t, 'add_fake_delegation');
      const zone = String(args[0]).toLowerCase();
      this.fakes.set(zone, { nameservers: hashToNs(args[1]), ds: this.fakes.get(zone)?.ds ?? [] });
      return true;
    }
    if (/-> add_fake_ds \(/.test(text)) {
      const args = this.callArgs(t, 'add_fake_ds');
      const zone = String(args[0]).toLowerCase();
      const ds = (Array.isArray(args[1]) ? args[1] : [args[1]]).map((d) => {
        const h = (d ?? {}) as Record<string, Value>;
        return `${h.keytag},${h.algorithm},${h.type},${h.digest}`;
      });
      this.fakes.set(zone, { nameservers: this.fakes.get(zone)?.nameservers ?? [], ds: dsSpecs(ds) });
      return true;
    }
    if (/use_ok \( 'Zonemaster::Engine::Test::(\w+)' \)/.test(text)) {
      this.testModule = /Test::(\w+)/.exec(text)![1];
      return true;
    }
    if (/^use_ok|^Zonemaster::Engine::Nameserver -> (restore|save)|^die |logger -> clear_history/.test(text))
      return true;
    return false;
  }

  /** Merges into the profile in force; false (the statement is then reported) when this engine rejects it. */
  private merge(override: unknown): boolean {
    try {
      this.profile = mergeProfile(this.profile, override);
      return true;
    } catch {
      return false;
    }
  }

  /** The JSON object given to Profile->merge (via from_json of a literal, a variable or read_file). */
  private profileJson(t: Token[]): unknown {
    const text = render(t);
    const direct = /from_json \( (\$\w+|'[^']*') \)/.exec(text);
    let source: string | undefined;
    if (direct && direct[1]!.startsWith("'")) {
      const token = t.find((x) => x.kind === 'str' && `'${x.text}'` === direct[1]);
      source = token?.interpolates ? interpolate(token.text, this.lookup) : token?.text;
    } else if (direct) source = this.scalarString(direct[1]!);
    else {
      const variable = /merge \( (\$\w+) \)/.exec(text);
      const v = variable ? this.scalars.get(variable[1]!) : undefined;
      if (v && typeof v === 'object' && !Array.isArray(v) && 'json' in v) source = String(v.json);
    }
    if (source === undefined) return undefined;
    try {
      return JSON.parse(source);
    } catch {
      return undefined;
    }
  }

  private scalarString(name: string): string | undefined {
    const v = this.scalars.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  /** The argument list of the first call of `method` in a statement. */
  private callArgs(t: Token[], method: string): Value[] {
    const at = t.findIndex((x) => x.kind === 'word' && x.text === method);
    if (at < 0 || t[at + 1]?.text !== '(') return [];
    return readList(t, at + 2, closing(t, at + 1), this.lookup);
  }

  // ------------------------------------------------------------------------------------- assignments

  private assignment(t: Token[]): boolean {
    let k = 0;
    if (t[k]?.kind === 'word' && t[k]!.text === 'my') k++;
    const target = t[k];
    if (t[k + 1]?.text !== '=' || target?.kind !== 'var') {
      // `my ($a, $b);` and similar declarations
      return t[0]?.kind === 'word' && t[0].text === 'my' && !t.some((x) => x.text === '=');
    }
    const rest = t.slice(k + 2);
    const text = render(rest);
    const zone = /^Zonemaster::Engine -> zone \( '([^']*)' \)$/.exec(text);
    if (zone) {
      this.scalars.set(target.text, { zone: zone[1]! });
      return true;
    }
    const file = /^read_file \( '([^']*)' \)$/.exec(text);
    if (file) {
      this.scalars.set(target.text, readFileSync(join(this.checkout, file[1]!), 'utf8'));
      return true;
    }
    const fromJson = /^Zonemaster::Engine::Profile -> from_json \( (\$\w+) \)$/.exec(text);
    if (fromJson) {
      this.scalars.set(target.text, { json: this.scalarString(fromJson[1]!) ?? 'null' });
      return true;
    }
    if (rest.some((x) => x.kind === 'word' && /^(Zonemaster|map|grep|read_file)/.test(x.text))) return false;
    const values = readList(rest, 0, rest.length, this.lookup);
    if (target.text.startsWith('$')) this.scalars.set(target.text, values[0] ?? null);
    else if (target.text.startsWith('@')) this.scalars.set(target.text, values);
    else {
      const hash: Record<string, Value> = {};
      for (let i = 0; i + 1 < values.length; i += 2) hash[String(values[i])] = values[i + 1]!;
      this.scalars.set(target.text, hash);
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------- runs

  private zoneOf(expr: string): string | undefined {
    if (expr.startsWith("'")) return expr.slice(1, -1);
    const quoted = /^Zonemaster::Engine -> zone \( '([^']*)' \)$/.exec(expr);
    if (quoted) return quoted[1];
    const v = this.scalars.get(expr);
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && !Array.isArray(v) && 'zone' in v) return String(v.zone);
    return undefined;
  }

  private moduleName(expr: string): string | undefined {
    if (expr.startsWith("'")) return expr.slice(1, -1);
    return this.scalarString(expr) ?? (expr === '$checking_module' ? this.testModule : undefined);
  }

  private newScenario(
    name: string,
    line: number,
    domain: string,
    test: string,
    failOnModuleError: boolean,
    fake?: Fake,
  ): Scenario {
    const normalised = domain === '.' ? '.' : domain.replace(/\.$/, '');
    const f = fake ?? this.fakes.get(normalised.toLowerCase());
    return {
      name,
      line,
      domain: normalised,
      test,
      profile: this.profile,
      hints: this.hints,
      nameservers: f?.nameservers ?? [],
      ds: f?.ds ?? [],
      fakesAbove: [...this.fakes]
        .filter(([zone, fz]) => fz.nameservers.length > 0 && isStrictlyAbove(zone, normalised.toLowerCase()))
        .map(([zone, fz]) => ({ zone, nameservers: fz.nameservers })),
      assertions: [],
      failOnModuleError,
    };
  }

  /** A scenario for this run, or the previous one when it runs the same thing in the same set-up. */
  private scenarioFor(line: number, domain: string, test: string): Scenario {
    const fresh = this.newScenario(`line ${line}`, line, domain, test, false);
    const last = this.plan.scenarios[this.plan.scenarios.length - 1];
    if (
      last &&
      last.domain === fresh.domain &&
      last.test.toLowerCase() === fresh.test.toLowerCase() &&
      last.profile === fresh.profile &&
      last.hints === fresh.hints &&
      JSON.stringify([last.nameservers, last.ds, last.fakesAbove]) ===
        JSON.stringify([fresh.nameservers, fresh.ds, fresh.fakesAbove])
    )
      return last;
    this.plan.scenarios.push(fresh);
    return fresh;
  }

  private runStatement(t: Token[], text: string): boolean {
    const assigned = /^(?:my )?([%@]\w+) = /.exec(text);
    const ZONE = `('[^']*'|\\$\\w+|Zonemaster::Engine -> zone \\( '[^']*' \\))`;
    const moduleRun = new RegExp(`Zonemaster::Engine -> test_module \\( '(\\w+)' , ${ZONE} \\)`).exec(text);
    const methodRun = new RegExp(
      `Zonemaster::Engine -> test_method \\( ('\\w+'|\\$\\w+) , ('\\w+'|\\$\\w+) , ${ZONE} \\)`,
    ).exec(text);
    const directRun = new RegExp(`Zonemaster::Engine::Test::(\\w+) -> (\\w+) \\( ${ZONE} \\)`).exec(text);
    const alias = /^(?:my )?(%\w+) = map \{ \$_ -> tag => (?:1|\$_) \} (@\w+)$/.exec(text);
    if (alias && this.results.has(alias[2]!)) {
      this.results.set(alias[1]!, this.results.get(alias[2]!)!);
      return true;
    }
    if (assigned && (moduleRun || methodRun || directRun)) {
      let scenario: Scenario | undefined;
      if (moduleRun) {
        const zone = this.zoneOf(moduleRun[2]!);
        if (zone !== undefined) scenario = this.scenarioFor(t[0]!.line, zone, moduleRun[1]!.toLowerCase());
      } else if (methodRun) {
        const module = this.moduleName(methodRun[1]!);
        const testCase = methodRun[2]!.startsWith("'")
          ? methodRun[2]!.slice(1, -1)
          : this.scalarString(methodRun[2]!);
        const zone = this.zoneOf(methodRun[3]!);
        if (module && testCase && zone !== undefined)
          scenario = this.scenarioFor(t[0]!.line, zone, `${module}/${testCase}`);
      } else if (directRun) {
        const zone = this.zoneOf(directRun[3]!);
        // `Test::Module->all($zone)` runs the whole module, `Test::Module->testcase($zone)` one test case.
        const test =
          directRun[2] === 'all' ? directRun[1]!.toLowerCase() : `${directRun[1]!}/${directRun[2]!}`;
        if (zone !== undefined) scenario = this.scenarioFor(t[0]!.line, zone, test);
      }
      if (!scenario) return false;
      this.results.set(assigned[1]!, { scenario });
      return true;
    }
    const gives =
      /^(zone_gives|zone_gives_not|name_gives|name_gives_not) \( ('[^']*'|\$\w+) , ('[^']*'|\$\w+|Zonemaster::Engine -> zone \( '[^']*' \)) ,/.exec(
        text,
      );
    if (gives) {
      const testCase = gives[2]!.startsWith("'") ? gives[2]!.slice(1, -1) : this.scalarString(gives[2]!);
      const zone = this.zoneOf(gives[3]!);
      const module = this.scalarString('$checking_module') ?? this.testModule;
      if (!testCase || zone === undefined || !module) return false;
      const args = this.callArgs(t, gives[1]!);
      const scenario = this.scenarioFor(t[0]!.line, zone, `${module}/${testCase}`);
      for (const tag of flatStrings(args[2]))
        scenario.assertions.push({ tag, present: !gives[1]!.endsWith('_not') });
      return true;
    }
    return false;
  }

  private assertion(_t: Token[], text: string, line: number): boolean {
    const hash = /^ok \( (! )?\$(\w+) \{ (\w+) \}/.exec(text);
    if (hash) {
      const result = this.results.get(`%${hash[2]}`);
      if (!result) return false;
      result.scenario.assertions.push({ tag: hash[3]!, present: !hash[1] });
      return true;
    }
    const grep = /^ok \( (! )?\(? ?(grep|any|none) \{ \$_ -> tag eq '(\w+)' \} @(\w+) \)?/.exec(text);
    if (grep) {
      const result = this.results.get(`@${grep[4]}`);
      if (!result) return false;
      result.scenario.assertions.push({ tag: grep[3]!, present: !grep[1] && grep[2] !== 'none' });
      return true;
    }
    void line;
    return false;
  }

  // -------------------------------------------------------------------------- perform_testcase_testing, DSL

  private dslStatement(t: Token[]): boolean {
    const first = t[0]!;
    if (first.kind !== 'word') return false;
    const args = () => readList(t, 1, t.length, this.lookup);
    switch (first.text) {
      case 'perform_testcase_testing':
        this.tableScenarios(this.callArgs(t, 'perform_testcase_testing'));
        return true;
      case 'testing_test_case': {
        const [module, testCase] = args().map(String);
        this.dsl = { module: module!, testCase: testCase!, allTags: [], template: '' };
        return this.merge({ test_cases: [testCase] });
      }
      case 'all_tags':
        if (this.dsl) this.dsl.allTags = flatStrings(args());
        return true;
      case 'root_hints':
        this.hints = hashToHints(Object.fromEntries(pairs(args())));
        return true;
      case 'zone_name_template':
        if (this.dsl) this.dsl.template = String(args()[0]);
        return true;
      case 'clear_cache':
      case 'no_more_scenarios':
        return true;
      case 'scenario':
        this.dslScenario(t);
        return true;
      default:
        return false;
    }
  }

  private tableScenarios(args: Value[]): void {
    const [testCase, module, allTagsRef, subtestsRef] = args;
    const allTags = flatStrings(this.deref(allTagsRef));
    const table = this.deref(subtestsRef) as Record<string, Value> | undefined;
    if (!table || typeof table !== 'object') return;
    for (const name of Object.keys(table).sort()) {
      const row = table[name];
      if (!Array.isArray(row)) continue;
      const [testable, zone, mandatory, forbidden, undelegatedNs, undelegatedDs] = row;
      if (!Number(testable)) {
        this.plan.skipped++;
        continue;
      }
      const must =
        mandatory === null
          ? allTags.filter((x) => !flatStrings(forbidden).includes(x))
          : flatStrings(mandatory);
      const mustNot =
        forbidden === null
          ? allTags.filter((x) => !flatStrings(mandatory).includes(x))
          : flatStrings(forbidden);
      const fake = {
        nameservers: nsSpecs(flatStrings(undelegatedNs)),
        ds: dsSpecs(flatStrings(undelegatedDs)),
      };
      const scenario = this.newScenario(
        name,
        0,
        String(zone),
        `${String(module)}/${String(testCase)}`,
        true,
        fake,
      );
      scenario.assertions.push(
        ...must.map((tag) => ({ tag, present: true })),
        ...mustNot.map((tag) => ({ tag, present: false })),
      );
      this.plan.scenarios.push(scenario);
    }
  }

  private deref(v: Value | undefined): Value | undefined {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'ref' in v) return this.scalars.get(String(v.ref));
    return v;
  }

  private dslScenario(t: Token[]): void {
    const dsl = this.dsl;
    const subAt = t.findIndex((x) => x.kind === 'word' && x.text === 'sub');
    if (!dsl || subAt < 0) return;
    const names = expandScenarioNames(flatStrings(readList(t, 1, subAt, this.lookup)));
    const expected = new Set<string>();
    const forbidden = new Set<string>();
    let zoneTemplate = dsl.template;
    let status = 'testable';
    const ns: NameserverSpec[] = [];
    const ds: string[] = [];
    for (const s of statements(subBlock(t) ?? [])) {
      const word = s.tokens[0]!.text;
      const values = () => readList(s.tokens, 1, s.tokens.length, this.lookup);
      switch (word) {
        case 'expect':
          // `expect TAG => {criteria}` and `expect TAG => sub {...}` are checked for the tag's presence only.
          for (const tag of s.tokens.some((x) => x.text === '=>')
            ? [String(values()[0])]
            : flatStrings(values()))
            expected.add(tag);
          break;
        case 'forbid':
          for (const tag of flatStrings(values())) forbidden.add(tag);
          break;
        case 'forbid_others':
          for (const tag of dsl.allTags.filter((x) => !expected.has(x))) forbidden.add(tag);
          break;
        case 'expect_others':
          for (const tag of dsl.allTags.filter((x) => !forbidden.has(x))) expected.add(tag);
          break;
        case 'fake_ns': {
          const [name, ...ips] = flatStrings(values());
          if (ips.length === 0) ns.push({ ns: name! });
          for (const ip of ips) ns.push({ ns: name!, ip });
          break;
        }
        case 'fake_ds':
          ds.push(flatStrings(values()).join(','));
          break;
        case 'zone':
          zoneTemplate = String(values()[0]);
          break;
        case 'todo':
        case 'not_testable':
          status = word;
          break;
      }
    }
    for (const name of names) {
      if (status !== 'testable') {
        this.plan.skipped++;
        continue;
      }
      const zone = zoneTemplate
        .replaceAll('{SCENARIO}', name)
        .replaceAll('{TESTCASE}', dsl.testCase)
        .toLowerCase();
      const scenario = this.newScenario(name, t[0]!.line, zone, `${dsl.module}/${dsl.testCase}`, true, {
        nameservers: ns,
        ds: dsSpecs(ds),
      });
      scenario.assertions.push(
        ...[...expected].map((tag) => ({ tag, present: true })),
        ...[...forbidden].filter((x) => !expected.has(x)).map((tag) => ({ tag, present: false })),
      );
      this.plan.scenarios.push(scenario);
    }
  }
}

function pairs(list: Value[]): [string, Value][] {
  const out: [string, Value][] = [];
  for (let k = 0; k + 1 < list.length; k += 2) out.push([String(list[k]), list[k + 1]!]);
  return out;
}

/** The scenarios of one `.t` file of the checkout at `checkout`, starting from the `base` profile. */
export function planFor(checkout: string, file: string, base: Profile): FilePlan {
  const interpreter = new Interpreter(checkout, base);
  interpreter.run(statements(tokenize(readFileSync(join(checkout, 't', file), 'utf8'))));
  const plan = interpreter.plan;
  plan.scenarios = plan.scenarios.filter((s) => s.assertions.length > 0);
  return plan;
}

/** Whether `zone` is a proper ancestor of `name` (both lower case, no final dot; "." is the root). */
function isStrictlyAbove(zone: string, name: string): boolean {
  if (zone === name || name === '.') return false;
  return zone === '.' || zone === '' || name.endsWith(`.${zone}`);
}
