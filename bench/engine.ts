/**
 * Runs the implemented test cases on the 28 test bed zones in one process against the running test bed
 * (/work/shared/testbed, ./up.sh: BIND on 127.53.x.y) and prints CPU ms and queries per domain.
 *
 *   npm run bench:engine -- [TESTBED_DIR]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfileFile, runTest, type NameserverSpec } from '../src/engine/index.js';

const testbed = process.argv[2] ?? '/work/shared/testbed';
const profile = loadProfileFile(join(testbed, 'profile.json'));
const hintsFile = join(testbed, 'root.hints');

/** scenarios.tsv: domain, extra zonemaster-cli arguments ("--ns name/ip ..."). */
function scenarios(): { domain: string; nameservers: NameserverSpec[] }[] {
  return readFileSync(join(testbed, 'scenarios.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [domain, extra = ''] = line.split('\t');
      const nameservers = [...extra.matchAll(/--ns\s+(\S+)/g)].map((m) => {
        const [ns, ip] = m[1]!.split('/');
        return ip ? { ns: ns!, ip } : { ns: ns! };
      });
      return { domain: domain!, nameservers };
    });
}

/** External queries of a run = entries of its recording (one per distinct query sent). */
function queriesIn(recording: string): number {
  let count = 0;
  for (const line of recording.split('\n')) {
    const json = line.slice(line.indexOf('{'));
    if (line.trim() !== '' && json.startsWith('{')) count += Object.keys(JSON.parse(json) as object).length;
  }
  return count;
}

const rows: { domain: string; cpuMs: number; wallMs: number; queries: number; messages: number }[] = [];
for (const { domain, nameservers } of scenarios()) {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await runTest({ domain, profile, hintsFile, nameservers });
  const cpu = process.cpuUsage(cpu0);
  rows.push({
    domain,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wall0,
    queries: queriesIn(result.save()),
    messages: result.messages.length,
  });
}

console.log(`${'domain'.padEnd(20)} ${'cpu ms'.padStart(8)} ${'wall ms'.padStart(8)} ${'queries'.padStart(8)} ${'messages'.padStart(8)}`);
for (const r of rows) {
  console.log(`${r.domain.padEnd(20)} ${r.cpuMs.toFixed(1).padStart(8)} ${r.wallMs.toFixed(0).padStart(8)} ${String(r.queries).padStart(8)} ${String(r.messages).padStart(8)}`);
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(
  `\n${rows.length} domains: median ${median(rows.map((r) => r.cpuMs)).toFixed(1)} CPU ms, ` +
    `${median(rows.map((r) => r.queries))} queries per domain; total ${total(rows.map((r) => r.cpuMs)).toFixed(0)} CPU ms, ` +
    `${total(rows.map((r) => r.queries))} queries`,
);
