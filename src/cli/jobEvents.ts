/**
 * Client of a job's live stream (GET /jobs/<id>/events) for zmtest, the demo and the tests: progress and
 * findings as they are written, resuming with Last-Event-ID when the connection drops, and falling back to
 * polling test_progress when the API has no stream to offer (an older daemon, streams turned off or full).
 */
import { rpcCall, waitForResults, type TestResult, type TestResults } from '../agent/rpcClient.js';

export interface JobEvent {
  id: string;
  event: string;
  data: string;
}

/** The daemon answered the stream request with something other than a stream. */
export class StreamUnavailable extends Error {
  constructor(readonly status: number) {
    super(`no event stream (HTTP ${status})`);
    this.name = 'StreamUnavailable';
  }
}

export function jobEventsUrl(rpcUrl: string, jobId: string, language: string): string {
  const base = rpcUrl.endsWith('/') ? rpcUrl : `${rpcUrl}/`;
  const url = new URL(`jobs/${encodeURIComponent(jobId)}/events`, base);
  url.searchParams.set('language', language);
  return url.toString();
}

/** The events of one connection, as the server sends them; ends when the server closes the stream. */
export async function* readJobEvents(
  url: string,
  opts: { lastEventId?: string; signal?: AbortSignal } = {},
): AsyncGenerator<JobEvent> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (opts.lastEventId) headers['Last-Event-ID'] = opts.lastEventId;
  const response = await fetch(url, { headers, signal: opts.signal });
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    throw new StreamUnavailable(response.status);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let event: JobEvent = { id: '', event: 'message', data: '' };
  let lastId = opts.lastEventId ?? '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (event.data !== '' || event.event !== 'message') yield { ...event, id: lastId };
        event = { id: '', event: 'message', data: '' };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'data') event.data = event.data === '' ? value : `${event.data}\n${value}`;
      else if (field === 'id') lastId = value;
    }
  }
}

export interface JobEnd {
  state: string;
  overall_result: string;
}

export interface FollowOptions {
  language?: string;
  onProgress?: (percent: number) => void;
  onFinding?: (finding: TestResult, id: string) => void;
  /** Reconnections (with Last-Event-ID) allowed after a dropped connection. */
  retries?: number;
  signal?: AbortSignal;
}

/**
 * Follows a job's stream to its `end` event, resuming after drops. Throws StreamUnavailable when the first
 * connection gets no stream, and the last error when the retries are used up.
 */
export async function followJob(rpcUrl: string, jobId: string, opts: FollowOptions = {}): Promise<JobEnd> {
  const url = jobEventsUrl(rpcUrl, jobId, opts.language ?? 'en');
  let lastEventId: string | undefined;
  let retries = opts.retries ?? 3;
  let connected = false;
  for (;;) {
    try {
      for await (const event of readJobEvents(url, { lastEventId, signal: opts.signal })) {
        connected = true;
        lastEventId = event.id || lastEventId;
        const data = JSON.parse(event.data) as Record<string, unknown>;
        if (event.event === 'progress') opts.onProgress?.(Number(data.progress));
        else if (event.event === 'finding') opts.onFinding?.(data as unknown as TestResult, event.id);
        else if (event.event === 'end') return data as unknown as JobEnd;
      }
      throw new Error('the event stream ended before the job did');
    } catch (error) {
      if (!connected && error instanceof StreamUnavailable) throw error;
      if (opts.signal?.aborted || retries-- <= 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * The job's results once it has ended: followed on its live stream when the API offers one, else by polling
 * test_progress; then get_test_results.
 */
export async function waitForResultsLive(
  rpcUrl: string,
  testId: string,
  opts: Omit<FollowOptions, 'retries'> & { pollMs?: number; timeoutMs?: number } = {},
): Promise<TestResults> {
  const language = opts.language ?? 'en';
  try {
    await followJob(rpcUrl, testId, { ...opts, language });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    // No stream, or it broke for good: polling gets there too (findings then come only with the results).
    return waitForResults(rpcUrl, testId, { ...opts, language });
  }
  return rpcCall<TestResults>(rpcUrl, 'get_test_results', { id: testId, language });
}
