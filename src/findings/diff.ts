/**
 * What changed between the findings of two tests. A finding is identified by where it comes from and what it
 * says (module, test case, tag, arguments); its level is what the profile made of it. So a finding present in
 * only one test is added or removed, and one present in both with another level is changed. Timestamps and
 * order are not compared: two runs of the same zone emit the same findings in a different order.
 */
import { LEVELS, type Level } from '../engine/types.js';

export interface Finding {
  module: string;
  testcase: string;
  tag: string;
  args: Record<string, unknown>;
  level: string;
}

export interface ChangedFinding extends Finding {
  /** The level in the earlier test (`level` is the later one's). */
  from_level: string;
}

export interface FindingsDiff<F extends Finding = Finding> {
  added: F[];
  removed: F[];
  changed: Array<F & { from_level: string }>;
}

/** Findings of `to` not in `from` (added), of `from` not in `to` (removed), in both with another level (changed). */
export function diffFindings<F extends Finding>(from: readonly F[], to: readonly F[]): FindingsDiff<F> {
  const before = byIdentity(from);
  const after = byIdentity(to);
  const diff: FindingsDiff<F> = { added: [], removed: [], changed: [] };
  for (const [key, finding] of after) {
    const earlier = before.get(key);
    if (earlier === undefined) diff.added.push(finding);
    else if (earlier.level !== finding.level) diff.changed.push({ ...finding, from_level: earlier.level });
  }
  for (const [key, finding] of before) if (!after.has(key)) diff.removed.push(finding);
  return diff;
}

/** True when the diff holds no difference (what a caller notifying on change wants to know). */
export function isEmptyDiff(diff: FindingsDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

/** The identity of a finding: everything but its level, arguments with sorted keys. */
export function findingIdentity(f: Finding): string {
  return JSON.stringify([f.module, f.testcase, f.tag, sortedArgs(f.args)]);
}

function byIdentity<F extends Finding>(findings: readonly F[]): Map<string, F> {
  const map = new Map<string, F>();
  for (const f of findings) {
    const key = findingIdentity(f);
    // The same finding twice (a test case repeating itself) counts once; the more severe level is kept.
    const seen = map.get(key);
    if (seen === undefined || LEVELS.indexOf(f.level as Level) > LEVELS.indexOf(seen.level as Level))
      map.set(key, f);
  }
  return map;
}

function sortedArgs(args: Record<string, unknown>): Array<[string, unknown]> {
  return Object.keys(args)
    .sort()
    .map((k) => [k, args[k]]);
}
