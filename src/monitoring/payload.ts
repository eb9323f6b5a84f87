/**
 * The body of a "findings changed" webhook: what the later test of a schedule found that the earlier one did not,
 * and the reverse, as job_diff computes it (untranslated: tags and arguments).
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

const finding = (e: StoredEntry): Finding => ({
  module: e.module,
  testcase: e.testcase,
  tag: e.tag,
  args: e.args,
  level: e.level,
});

/** The notice for two consecutive tests of a schedule, or undefined when nothing changed. */
export function changeNotice(
  scheduleId: number,
  domain: string,
  previous: { testId: string; entries: readonly StoredEntry[] },
  current: { testId: string; entries: readonly StoredEntry[] },
): ChangeNotice | undefined {
  const diff = diffFindings(previous.entries.map(finding), current.entries.map(finding));
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
