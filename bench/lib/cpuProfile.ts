/**
 * Where a process's CPU went, from a V8 .cpuprofile (node --cpu-prof): self time per area of the code (engine,
 * agent, queue SQL, knex, database driver, logging, Node internals, GC) and the top functions outside the engine.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const AREAS: Array<[string, RegExp]> = [
  ['engine', /\/src\/engine\//],
  ['agent', /\/src\/agent\//],
  ['queue/db', /\/src\/db\//],
  ['knex', /node_modules\/knex\//],
  ['db driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|better-sqlite3|mysql2)\//],
  ['logging', /node_modules\/(pino|sonic-boom|thread-stream|fast-redact|quick-format-unescaped)/],
  ['p-limit', /node_modules\/(p-limit|yocto-queue)\//],
  ['other packages', /node_modules\//],
  ['node internals', /^node:/],
  ['bench', /\/bench\//],
  ['other code', /./],
];

function ownArea(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 (program)';
    return 'native';
  }
  return AREAS.find(([, re]) => re.test(url))![0];
}

/** Native code and Node's internals are charged to the nearest caller of ours or of a package (a socket send to the engine, a statement's run to the driver). */
function areaOf(node: ProfileNode, parent: Map<number, ProfileNode>): string {
  const own = ownArea(node);
  if (own !== 'native' && own !== 'node internals') return own;
  for (let up = parent.get(node.id); up; up = parent.get(up.id)) {
    const area = ownArea(up);
    if (area !== 'native' && area !== 'node internals' && area !== 'V8 (program)') return area;
  }
  return own;
}

export interface ProfileSummary {
  /** Milliseconds of self time per area, idle excluded. */
  areas: Array<[string, number]>;
  /** The functions with the most self time outside the engine: name (file:line) and milliseconds. */
  top: Array<[string, number]>;
  busyMs: number;
}

export function summarizeProfile(file: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const area = areaOf(node, parent);
    if (area === 'idle') continue;
    busyMs += ms;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    if (area === 'engine') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${url === '' ? `[native, ${area}]` : `${short}:${lineNumber + 1}`}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
  }
  const desc = (a: [string, number], b: [string, number]) => b[1] - a[1];
  return { areas: [...areas].sort(desc), top: [...functions].sort(desc).slice(0, topN), busyMs };
}

/**
 * Prints the areas as shares of the sampled time and, scaled to the CPU time the process really used (sampled
 * time also counts the moments the thread waited for a core on a busy machine), as CPU ms per test.
 */
export function printProfileSummary(summary: ProfileSummary, tests: number, cpuMs: number): void {
  const share = (ms: number) => ms / summary.busyMs;
  const per = (ms: number) => `${((share(ms) * cpuMs) / tests).toFixed(1)} CPU ms/test`;
  console.log(
    `  profile (${summary.busyMs.toFixed(0)} ms sampled, scaled to ${(cpuMs / tests).toFixed(1)} CPU ms/test):`,
  );
  for (const [area, ms] of summary.areas)
    console.log(
      `    ${area.padEnd(16)} ${(100 * share(ms)).toFixed(1).padStart(5)} %  ${per(ms).padStart(20)}`,
    );
  console.log('  top self time outside the engine (% of sampled):');
  for (const [name, ms] of summary.top)
    console.log(`    ${(100 * share(ms)).toFixed(1).padStart(5)} %  ${name}`);
}
