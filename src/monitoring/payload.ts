/**
 * The body of a "findings changed" webhook: what the later test of a schedule found that the earlier one did not,
 * and the reverse, as job_diff computes it (untranslated: tags and arguments), letter case aside.
 */
import type { StoredEntry } from '../db/api/tests.js';
import { diffFindings, isEmptyDiff, type Finding, type FindingsDiff } from '../findings/diff.js';

export type OverallResult = 'ok' | 'warning' | 'error' | 'critical';

export interface ChangeNotice {
  schedule_id: number;
  domain: string;
  job_id: string;
  previous_job_id: string;
  overall_result: OverallResult;
  previous_overall_result: OverallResult;
  diff: FindingsDiff;
}

/** The most severe level among the findings, as domain_history words it. */
export function overallResultOf(entries: readonly { level: string }[]): OverallResult {
  const levels = new Set(entries.map((e) => e.level));
  if (levels.has('CRITICAL')) return 'critical';
  if (levels.has('ERROR')) return 'error';
  if (levels.has('WARNING')) return 'warning';
  return 'ok';
}

/**
 * Findings are compared with their string arguments in lower case, and reported as stored. DNS names are
 * case-insensitive, and Nameserver08/09 query a name in a letter case drawn anew on every run and report it:
 * compared as they are, every run of every zone would differ from the one before.
 */
interface Compared extends Finding {
  stored: Finding;
}

function compared(e: StoredEntry): Compared {
  const stored = { module: e.module, testcase: e.testcase, tag: e.tag, args: e.args, level: e.level };
  const args = Object.fromEntries(
    Object.entries(e.args).map(([k, v]) => [k, typeof v === 'string' ? v.toLowerCase() : v]),
  );
  return { ...stored, args, stored };
}

function caseInsensitiveDiff(from: readonly StoredEntry[], to: readonly StoredEntry[]): FindingsDiff {
  const diff = diffFindings(from.map(compared), to.map(compared));
  return {
    added: diff.added.map((f) => f.stored),
    removed: diff.removed.map((f) => f.stored),
    changed: diff.changed.map((f) => ({ ...f.stored, from_level: f.from_level })),
  };
}

/** The notice for two consecutive tests of a schedule, or undefined when nothing changed. */
export function changeNotice(
  scheduleId: number,
  domain: string,
  previous: { testId: string; entries: readonly StoredEntry[] },
  current: { testId: string; entries: readonly StoredEntry[] },
): ChangeNotice | undefined {
  const diff = caseInsensitiveDiff(previous.entries, current.entries);
  const overall = overallResultOf(current.entries);
  const previousOverall = overallResultOf(previous.entries);
  if (isEmptyDiff(diff) && overall === previousOverall) return undefined;
  return {
    schedule_id: scheduleId,
    domain,
    job_id: current.testId,
    previous_job_id: previous.testId,
    overall_result: overall,
    previous_overall_result: previousOverall,
    diff,
  };
}
