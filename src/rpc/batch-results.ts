/**
 * GET /batches/<id>/results?format=ndjson|csv&language=xx&level=LEVEL: a batch's results streamed, one record per
 * test (job id, domain, state, overall result, its entries at or above `level` rendered in `language`), read
 * page by page so a 100,000-test batch never sits in memory. Writing waits for the client (backpressure).
 *
 * Batches belong to users: the caller authenticates with HTTP Basic, the batch's username and API key, as
 * batch_create does in its params (never in the query string, which ends up in access logs). 401 without or
 * with wrong credentials, 404 for a batch that does not exist or belongs to another user, 400 for bad options.
 */
import type { Request, Response } from 'express';
import { batchOwner } from '../db/api/batchStates.js';
import { batchResultPages, type BatchTestResult } from '../db/api/batchResults.js';
import { LEVELS, LEVEL_VALUE, type Level } from '../engine/types.js';
import { offeredLanguages, type ApiContext } from './context.js';
import { isAuthorized } from './methods/users.js';

const FORMATS = ['ndjson', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const DEFAULT_LEVEL: Level = 'WARNING';
const CSV_HEADER = 'job_id,domain,state,overall_result,results\r\n';

interface Options {
  format: Format;
  language: string;
  level: Level;
}

export function batchResultsHandler(api: ApiContext) {
  const languages = new Set(offeredLanguages(api.config, api.engine.languages()));
  return async (req: Request, res: Response): Promise<void> => {
    const credentials = basicCredentials(req.headers.authorization);
    if (
      credentials === undefined ||
      !(await isAuthorized(api.knex, credentials.username, credentials.apiKey))
    ) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="zonemaster batches"')
        .type('text')
        .send('Unauthorized\n');
      return;
    }
    const batchId = Number(req.params.batchId);
    if (
      !Number.isSafeInteger(batchId) ||
      batchId < 1 ||
      (await batchOwner(api.knex, batchId)) !== credentials.username
    ) {
      res.status(404).type('text').send('No such batch\n');
      return;
    }
    const options = readOptions(req.query, languages);
    if (typeof options === 'string') {
      res.status(400).type('text').send(`${options}\n`);
      return;
    }
    let closed = false;
    res.on('close', () => (closed = true));
    res.status(200).type(options.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    if (options.format === 'csv') res.write(CSV_HEADER);
    for await (const page of batchResultPages(api.knex, batchId, LEVEL_VALUE[options.level])) {
      if (closed) return;
      let chunk = '';
      for (const test of page) chunk += await record(api, test, options);
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  };
}

/** Resolves when the client has taken what was written, or has gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}

async function record(api: ApiContext, test: BatchTestResult, options: Options): Promise<string> {
  const results = await Promise.all(
    test.entries.map(async (e) => ({
      module: e.module,
      testcase: e.testcase,
      tag: e.tag,
      level: e.level,
      args: e.args,
      message: await api.engine.translate(e, options.language),
    })),
  );
  if (options.format === 'ndjson') {
    const { job_id, domain, state, overall_result } = test;
    return `${JSON.stringify({ job_id, domain, state, overall_result, results })}\n`;
  }
  const lines = results.map((r) => `${r.level} ${r.testcase} ${r.tag}: ${r.message}`).join('\n');
  return [test.job_id, test.domain, test.state, test.overall_result, lines].map(csvField).join(',') + '\r\n';
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function readOptions(query: Request['query'], languages: ReadonlySet<string>): Options | string {
  const text = (name: string, fallback: string): string => {
    const value = query[name];
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  const format = text('format', 'ndjson');
  if (!(FORMATS as readonly string[]).includes(format)) return `format must be one of ${FORMATS.join(', ')}`;
  const language = text('language', languages.has('en') ? 'en' : ([...languages][0] ?? 'en'));
  if (!languages.has(language)) return `language must be one of ${[...languages].join(', ')}`;
  const level = text('level', DEFAULT_LEVEL).toUpperCase();
  if (!(LEVELS as readonly string[]).includes(level)) return `level must be one of ${LEVELS.join(', ')}`;
  return { format: format as Format, language, level: level as Level };
}

function basicCredentials(header: string | undefined): { username: string; apiKey: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { username: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}
