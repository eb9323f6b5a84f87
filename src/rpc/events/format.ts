/**
 * Server-Sent Events framing of a job's stream. Every event carries an id that a client may send back as
 * Last-Event-ID: a `finding`'s id is its entry's row id; `progress` and `end` carry the id of the last entry the
 * stream has passed, so resuming after any event neither repeats nor skips a finding. Data is one line of JSON
 * (JSON.stringify never writes a raw line break).
 */
import type { HistoryItem } from '../../db/api/tests.js';
import type { JobState } from '../../db/queue/jobState.js';
import type { RenderedResult } from '../results.js';

/** How long an EventSource waits before reconnecting (ms), sent once at the start of every stream. */
export const RECONNECT_MS = 2000;

export const streamStart = (): string => `retry: ${RECONNECT_MS}\n\n`;

export const findingEvent = (id: number, result: RenderedResult): string =>
  `id: ${id}\nevent: finding\ndata: ${JSON.stringify(result)}\n\n`;

export const progressEvent = (cursor: number, progress: number): string =>
  `id: ${cursor}\nevent: progress\ndata: ${JSON.stringify({ progress })}\n\n`;

export const endEvent = (
  cursor: number,
  state: JobState,
  overallResult: HistoryItem['overall_result'],
): string =>
  `id: ${cursor}\nevent: end\ndata: ${JSON.stringify({ state, overall_result: overallResult })}\n\n`;

/** A comment line: keeps proxies and NAT tables from closing an idle stream; clients ignore it. */
export const heartbeat = (): string => ': keep-alive\n\n';
