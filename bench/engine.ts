/**
 * Runs the implemented test cases on the 28 test bed zones in one process against the running test bed
 * (/work/shared/testbed, ./up.sh: BIND on 127.53.x.y) and prints CPU ms and queries per domain.
 *
 *   npm run bench:engine -- [TESTBED_DIR] [--rounds N] [--replay] [--concurrency C [--tests T]]
 *
 * --rounds N runs the whole set N times and reports each round: the first round pays for loading and compiling
 * the code, later rounds show the cost per test of a process that already runs tests (an agent in a batch).
 * --replay runs each zone once on the network to record it, then measures replays of the recordings: the
 * engine's own CPU without sockets. With three rounds or more it also prints the median over the domains of each
 * domain's least CPU in the warm rounds, the figure least disturbed by other work on the machine.
 * --concurrency C runs the engine as an agent does in a batch instead: each round is T tests (default 270) of
 * the zones in turn, C at once, and prints the process's CPU ms per test (all its threads) and tests/min.
 */
import { join } from 'node:path';
import { loadProfileFile, runTest } from '../src/engine/index.js';
import { testbedScenarios } from './lib/testbed.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const VALUED = ['--rounds', '--concurrency', '--tests'];
const testbed =
  args.find((a, i) => !a.startsWith('--') && !VALUED.includes(args[i - 1] ?? '')) ?? '/work/shared/testbed';
const rounds = Number(option('--rounds') ?? 1);
const concurrency = Number(option('--concurrency') ?? 1);
const testsPerRound = Number(option('--tests') ?? 270);
const replay = flag('--replay');
const profile = loadProfileFile(join(testbed, 'profile.json'));
const hintsFile = join(testbed, 'root.hints');

/** External queries of a run = entries of its recording (one per distinct query sent). */
function queriesIn(recording: string): number {
  let count = 0;
  for (const line of recording.split('\n')) {
    const json = line.slice(line.indexOf('{'));
    if (line.trim() !== '' && json.startsWith('{')) count += Object.keys(JSON.parse(json) as object).length;
  }
  return count;
}

interface Row {
  domain: string;
  cpuMs: number;
  userMs: number;
  wallMs: number;
  queries: number;
  messages: number;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const zones = testbedScenarios(testbed);
const recordings = new Map<string, string>();
if (replay) {
  for (const { domain, nameservers } of zones) {
    const result = await runTest({ domain, profile, hintsFile, nameservers });
    recordings.set(domain, result.save());
  }
}

/** One round of `testsPerRound` tests, `concurrency` at once: CPU per test and throughput. */
async function concurrentRound(round: number): Promise<void> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const worker = async () => {
    while (next < testsPerRound) {
      const { domain, nameservers } = zones[next++ % zones.length]!;
      const restore = recordings.get(domain);
      await runTest({
        domain,
        profile,
        hintsFile,
        nameservers,
        ...(restore !== undefined ? { restore } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  console.log(
    `round ${round}: ${testsPerRound} tests${replay ? ' (replay)' : ''}, ${concurrency} at once: ` +
      `${((cpu.user + cpu.system) / 1000 / testsPerRound).toFixed(1)} CPU ms/test ` +
      `(user ${(cpu.user / 1000 / testsPerRound).toFixed(1)}), ` +
      `${((testsPerRound / wallMs) * 60_000).toFixed(0)} tests/min`,
  );
}

if (concurrency > 1) {
  for (let round = 1; round <= rounds; round++) await concurrentRound(round);
  process.exit(0);
}

/** Per domain, the least CPU of the warm rounds: on a shared machine the least disturbed measure. */
const leastCpu = new Map<string, number>();
/**
 * Queries per domain, counted in the first round only: serialising a recording costs CPU and garbage that would
 * land in the next test's figure (an agent only keeps recordings when told to).
 */
const queryCounts = new Map<string, number>();

for (let round = 1; round <= rounds; round++) {
  const rows: Row[] = [];
  for (const { domain, nameservers } of zones) {
    const restore = recordings.get(domain);
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const result = await runTest({
      domain,
      profile,
      hintsFile,
      nameservers,
      ...(restore !== undefined ? { restore } : {}),
    });
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - wall0;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (round > 1 || rounds === 1) leastCpu.set(domain, Math.min(leastCpu.get(domain) ?? Infinity, cpuMs));
    if (!queryCounts.has(domain)) queryCounts.set(domain, queriesIn(restore ?? result.save()));
    rows.push({
      domain,
      cpuMs,
      userMs: cpu.user / 1000,
      wallMs,
      queries: queryCounts.get(domain)!,
      messages: result.messages.length,
    });
  }

  if (round === rounds) {
    const head = ['cpu ms', 'user ms', 'wall ms', 'queries', 'messages'].map((h) => h.padStart(8)).join(' ');
    console.log(`${'domain'.padEnd(20)} ${head}`);
    for (const r of rows) {
      const cells = [
        r.cpuMs.toFixed(1),
        r.userMs.toFixed(1),
        r.wallMs.toFixed(0),
        String(r.queries),
        String(r.messages),
      ];
      console.log(`${r.domain.padEnd(20)} ${cells.map((c) => c.padStart(8)).join(' ')}`);
    }
  }
  console.log(
    `${rounds > 1 ? `round ${round}: ` : '\n'}${rows.length} domains${replay ? ' (replay)' : ''}: ` +
      `median ${median(rows.map((r) => r.cpuMs)).toFixed(1)} CPU ms ` +
      `(user ${median(rows.map((r) => r.userMs)).toFixed(1)}), ` +
      `${median(rows.map((r) => r.queries))} queries per domain; total ${total(rows.map((r) => r.cpuMs)).toFixed(0)} CPU ms, ` +
      `${total(rows.map((r) => r.queries))} queries`,
  );
}
if (rounds > 2) {
  console.log(
    `least CPU of rounds 2-${rounds} per domain: median ${median([...leastCpu.values()]).toFixed(1)} CPU ms`,
  );
}
