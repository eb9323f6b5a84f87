/**
 * GET /jobs/<id>/events?language=xx: a job's live stream of Server-Sent Events (hub.ts, format.ts): `progress`
 * (percentage), `finding` (each result entry at INFO and above, rendered as get_test_results renders it) and
 * `end` (state and overall result), after which the server closes the stream. A client that connects late gets
 * what is stored first; `Last-Event-ID` (header, or `last_event_id` in the query for clients that cannot set
 * it) resumes after that event.
 *
 * Like get_test_results, a job id is all a client needs. 404 (JSON) for an unknown job, 400 (JSON) for a bad
 * language or event id, 503 (JSON) when the daemon already serves [RPCAPI] max_event_streams streams.
 */
import type { Request, Response } from 'express';
import { jobStreamStates } from '../../db/api/eventStream.js';
import { offeredLanguages, type ApiContext } from '../context.js';
import type { EventHub } from './hub.js';

const JOB_ID = /^[0-9a-f]{16}$/;
// How long a client refused for lack of room should wait (seconds).
const RETRY_AFTER = 5;

export function jobEventsHandler(api: ApiContext, hub: EventHub) {
  const languages = offeredLanguages(api.config, api.engine.languages());
  const fallbackLanguage = languages.includes('en') ? 'en' : (languages[0] ?? 'en');
  const maxStreams = api.config.RPCAPI.max_event_streams;
  return async (req: Request, res: Response): Promise<void> => {
    const fail = (status: number, error: string) => void res.status(status).json({ error });
    const language =
      typeof req.query.language === 'string' && req.query.language !== ''
        ? req.query.language
        : fallbackLanguage;
    if (!languages.includes(language)) return fail(400, `language must be one of ${languages.join(', ')}`);
    const lastEventId = readLastEventId(req);
    if (lastEventId === undefined) return fail(400, 'Last-Event-ID must be an event id of this stream');
    if (hub.size >= maxStreams) {
      res.set('Retry-After', String(RETRY_AFTER));
      return fail(503, 'too many event streams open; try again later');
    }
    const jobId = String(req.params.jobId);
    const state = JOB_ID.test(jobId) ? (await jobStreamStates(api.knex, [jobId])).get(jobId) : undefined;
    if (state === undefined) return fail(404, `no job with id ${jobId}`);
    // Checked again: other requests may have opened streams while this one waited for the database.
    if (res.destroyed || hub.size >= maxStreams)
      return void (res.destroyed || fail(503, 'too many event streams open; try again later'));
    hub.start(res, jobId, language, lastEventId, state);
  };
}

/** The event id to resume after: 0 when none was given, undefined when it is no id this stream sends. */
function readLastEventId(req: Request): number | undefined {
  const header = req.headers['last-event-id'];
  const raw =
    typeof header === 'string'
      ? header
      : typeof req.query.last_event_id === 'string'
        ? req.query.last_event_id
        : '';
  if (raw.trim() === '') return 0;
  if (!/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}
