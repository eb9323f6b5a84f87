/**
 * Conformance with the reference engine's own unit tests: replays each `t/Test-*.t` of a zonemaster-engine
 * checkout through this engine, with the recorded answers of the matching `.data` file and the scenarios the
 * `.t` file declares, and prints per file and in total the scenarios and tag assertions that pass and the
 * queries the recordings lacked. Nothing of the checkout is copied; it is read at run time.
 *
 *   npm run conformance -- <zonemaster-engine checkout> [--verbose [--misses]] [--only <substring>]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { defaultProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import { planFor, type Scenario } from './conformance/plan.js';

interface Outcome {
  passed: boolean;
  assertions: number;
  assertionsPassed: number;
  misses: number;
  /** why it failed: missing and unexpected tags, MODULE_ERROR */
  problems: string[];
  /** the queries the recording lacked, as "server name type" */
  missed: string[];
}

interface FileTotals {
  scenarios: number;
  scenariosPassed: number;
  assertions: number;
  assertionsPassed: number;
  misses: number;
}

function hintsText(hints: Record<string, string[]>): string {
  const lines: string[] = [];
  for (const [name, addresses] of Object.entries(hints)) {
    lines.push(`. 3600000 NS ${name}.`);
    for (const a of addresses) lines.push(`${name}. 3600000 ${a.includes(':') ? 'AAAA' : 'A'} ${a}`);
  }
  return lines.join('\n') + '\n';
}

async function replay(scenario: Scenario, recording: string, hintsFile: string): Promise<Outcome> {
  const result = await runTest({
    domain: scenario.domain,
    profile: scenario.profile,
    nameservers: scenario.nameservers,
    ds: scenario.ds,
    fakeDelegations: scenario.fakesAbove,
    hintsFile,
    tests: [scenario.test],
    restore: recording,
  });
  const tags = new Set(result.messages.map((m) => m.tag));
  const problems: string[] = [];
  let passed = 0;
  for (const a of scenario.assertions) {
    if (tags.has(a.tag) === a.present) passed++;
    else problems.push(`${a.present ? 'missing' : 'unexpected'} ${a.tag}`);
  }
  const died = result.messages.find((m) => m.tag === 'MODULE_ERROR');
  if (died && scenario.failOnModuleError) problems.push(`MODULE_ERROR ${String(died.args.msg)}`);
  return {
    passed: problems.length === 0,
    assertions: scenario.assertions.length,
    assertionsPassed: passed,
    misses: result.messages.filter((m) => m.tag === 'RECORDING_MISS').length,
    problems,
    missed: result.messages
      .filter((m) => m.tag === 'RECORDING_MISS')
      .map((m) => `${String(m.args.ns)} ${String(m.args.name)} ${String(m.args.type)}`),
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`;
}

function row(name: string, t: FileTotals, note = ''): string {
  return [
    name.padEnd(28),
    `${t.scenarios === 0 ? '-' : `${t.scenariosPassed}/${t.scenarios}`}`.padStart(9),
    `${t.assertionsPassed}/${t.assertions}`.padStart(11),
    percent(t.assertionsPassed, t.assertions).padStart(8),
    String(t.misses).padStart(7),
    note,
  ]
    .join('  ')
    .trimEnd();
}

async function main(): Promise<number> {
  // Piped into `head`: stop quietly when the reader goes away.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = new Command('conformance')
    .argument('<checkout>', 'a zonemaster-engine checkout (its t/ and share/ are read)')
    .option(
      '-v, --verbose',
      'list failing scenarios, their missing and unexpected tags, and statements not followed',
    )
    .option('--only <substring>', 'only the test files whose name contains this')
    .option(
      '--misses',
      'with --verbose: the queries each scenario missed (server, name, type), passing ones too',
    )
    .parse(process.argv);
  const checkout = program.args[0]!;
  const opts = program.opts<{ verbose?: boolean; only?: string; misses?: boolean }>();
  const testDir = join(checkout, 't');
  if (!existsSync(testDir)) {
    process.stderr.write(`${checkout}: no t/ directory (expected a zonemaster-engine checkout)\n`);
    return 2;
  }
  const defaultHints = join(checkout, 'share', 'named.root');
  const files = readdirSync(testDir)
    .filter((f) => /^Test-.*\.t$/.test(f) && (!opts.only || f.includes(opts.only)))
    .sort();
  const tmp = mkdtempSync(join(tmpdir(), 'conformance-'));
  const hintsFiles = new Map<Record<string, string[]>, string>();
  const hintsFor = (hints: Record<string, string[]> | undefined) => {
    if (!hints) return defaultHints;
    let path = hintsFiles.get(hints);
    if (!path) {
      path = join(tmp, `hints-${hintsFiles.size}.root`);
      writeFileSync(path, hintsText(hints));
      hintsFiles.set(hints, path);
    }
    return path;
  };

  const total: FileTotals = {
    scenarios: 0,
    scenariosPassed: 0,
    assertions: 0,
    assertionsPassed: 0,
    misses: 0,
  };
  let noData = 0;
  let unparsed = 0;
  let skipped = 0;
  process.stdout.write(
    `${'file'.padEnd(28)}  ${'scenarios'.padStart(9)}  ${'assertions'.padStart(11)}  ${''.padStart(8)}  ${'misses'.padStart(7)}\n`,
  );
  try {
    for (const file of files) {
      const dataFile = join(testDir, file.replace(/\.t$/, '.data'));
      const plan = planFor(checkout, file, defaultProfile());
      skipped += plan.skipped;
      unparsed += plan.unparsed.length;
      const totals: FileTotals = {
        scenarios: 0,
        scenariosPassed: 0,
        assertions: 0,
        assertionsPassed: 0,
        misses: 0,
      };
      if (!existsSync(dataFile)) {
        noData += plan.scenarios.length;
        process.stdout.write(
          row(file, totals, `no data file (${plan.scenarios.length} scenarios not run)`) + '\n',
        );
        continue;
      }
      const recording = readFileSync(dataFile, 'utf8');
      const failures: string[] = [];
      for (const scenario of plan.scenarios) {
        const outcome = await replay(scenario, recording, hintsFor(scenario.hints));
        totals.scenarios++;
        totals.assertions += outcome.assertions;
        totals.assertionsPassed += outcome.assertionsPassed;
        totals.misses += outcome.misses;
        if (outcome.passed) totals.scenariosPassed++;
        const heading = `    ${scenario.name} (${scenario.domain}, ${scenario.test}${outcome.misses ? `, ${outcome.misses} misses` : ''})`;
        if (!outcome.passed) failures.push(`${heading}: ${outcome.problems.join(', ')}`);
        else if (opts.misses && outcome.misses > 0) failures.push(`${heading}: passed`);
        if (opts.misses)
          failures.push(...[...new Set(outcome.missed)].slice(0, 40).map((m) => `      missed: ${m}`));
      }
      for (const key of Object.keys(total) as (keyof FileTotals)[]) total[key] += totals[key];
      const notes = [
        plan.skipped ? `${plan.skipped} not testable/todo` : '',
        plan.unparsed.length ? `${plan.unparsed.length} statements not followed` : '',
      ]
        .filter((x) => x !== '')
        .join(', ');
      process.stdout.write(row(file, totals, notes) + '\n');
      if (opts.verbose) {
        for (const f of failures) process.stdout.write(f + '\n');
        for (const u of plan.unparsed) process.stdout.write(`    not followed: line ${u}\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(row('TOTAL', total) + '\n');
  process.stdout.write(
    `scenarios without data file: ${noData}; not testable/todo: ${skipped}; statements not followed: ${unparsed}\n`,
  );
  return 0;
}

process.exitCode = await main();
