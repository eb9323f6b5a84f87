/** Helpers shared by the agent's test files: queue rows and stand-in engine runners. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { toDbJson } from '../src/db/json.js';
import { toDbTime } from '../src/db/time.js';
import type { MessageEntry, RunOptions, RunResult } from '../src/engine/types.js';

export interface TestRowInput {
  domain?: string;
  priority?: number;
  queue?: number;
  batchId?: number | null;
  params?: Record<string, unknown>;
}

/** Inserts a waiting test (progress 0) the way the RPC API does; returns its hash_id. */
export async function insertTest(knex: Knex, input: TestRowInput = {}): Promise<string> {
  const [id] = await insertTests(knex, [input]);
  return id!;
}

export async function insertTests(knex: Knex, inputs: TestRowInput[]): Promise<string[]> {
  const rows = inputs.map((input) => {
    const domain = input.domain ?? 'example.test';
    return {
      hash_id: randomBytes(8).toString('hex'),
      domain,
      batch_id: input.batchId ?? null,
      created_at: toDbTime(),
      priority: input.priority ?? 10,
      queue: input.queue ?? 0,
      progress: 0,
      fingerprint: randomBytes(16).toString('hex'),
      params: toDbJson({ domain, profile: 'default', ipv4: true, ipv6: true, ...input.params }),
      undelegated: 0,
    };
  });
  for (let i = 0; i < rows.length; i += 200) await knex('test_results').insert(rows.slice(i, i + 200));
  return rows.map((r) => r.hash_id);
}

export interface TestRowState {
  hash_id: string;
  progress: number;
  claimed_by: string | null;
  attempts: number;
  started_at: string | null;
  ended_at: string | null;
}

export async function testRow(knex: Knex, testId: string): Promise<TestRowState> {
  const row = (await knex('test_results')
    .first('hash_id', 'progress', 'claimed_by', 'attempts', 'started_at', 'ended_at')
    .where({ hash_id: testId })) as TestRowState | undefined;
  if (!row) throw new Error(`no test ${testId}`);
  return { ...row, progress: Number(row.progress), attempts: Number(row.attempts) };
}

export async function entryTags(knex: Knex, testId: string): Promise<string[]> {
  const rows = (await knex('result_entries')
    .select('tag')
    .where({ hash_id: testId })
    .orderBy('timestamp')) as {
    tag: string;
  }[];
  return rows.map((r) => r.tag);
}

export function entry(tag: string, timestamp = 0, level: MessageEntry['level'] = 'INFO'): MessageEntry {
  return { timestamp, module: 'BASIC', testcase: 'Basic01', tag, args: { domain: 'x' }, level };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

export interface StandInOptions {
  /** Test cases to "run"; each emits one INFO entry tagged T<n> and reports progress. */
  cases?: number;
  /** Time each case takes. */
  caseMs?: number;
  /** Throw after this many cases. */
  failAfter?: number;
  /** Called when a run starts and ends (for counting concurrent runs). */
  onStart?: (domain: string) => void;
  onEnd?: (domain: string) => void;
}

/** A stand-in engine: emits messages and progress case by case, honours the AbortSignal. */
export function standInRunner(opts: StandInOptions = {}): (run: RunOptions) => Promise<RunResult> {
  const cases = opts.cases ?? 3;
  return async (run) => {
    opts.onStart?.(run.domain);
    const messages: MessageEntry[] = [];
    try {
      for (let i = 1; i <= cases; i++) {
        if (opts.failAfter !== undefined && i > opts.failAfter) throw new Error('engine exploded');
        await sleep(opts.caseMs ?? 10, run.signal);
        const e = entry(`T${i}`, i / 1000);
        messages.push(e);
        run.onMessage?.(e);
        run.onMessage?.(entry(`D${i}`, i / 1000, 'DEBUG'));
        run.onProgress?.(i, cases);
      }
    } finally {
      opts.onEnd?.(run.domain);
    }
    return { messages, save: () => '' };
  };
}

/** Polls `check` until it returns true (or throws after timeoutMs). */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  stepMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(stepMs);
  }
}

/** Progress of every test, by hash_id. */
export async function progressOf(knex: Knex, testIds: string[]): Promise<number[]> {
  const rows = (await knex('test_results').select('hash_id', 'progress').whereIn('hash_id', testIds)) as {
    hash_id: string;
    progress: number;
  }[];
  const byId = new Map(rows.map((r) => [r.hash_id, Number(r.progress)]));
  return testIds.map((id) => byId.get(id) ?? -1);
}

export async function allDone(knex: Knex, testIds: string[]): Promise<boolean> {
  return (await progressOf(knex, testIds)).every((p) => p === 100);
}

export interface RunSpan {
  agent: string;
  start: number;
  end: number | undefined;
}

/** The runs recorded by agent.child.ts-style "start|end domain agent epochMs" event lines, per domain. */
export function spansByDomain(eventsFile: string): Map<string, RunSpan[]> {
  const spans = new Map<string, RunSpan[]>();
  for (const line of readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean)) {
    const [kind, domain, agent, at] = line.split(' ') as [string, string, string, string];
    const list = spans.get(domain) ?? [];
    if (kind === 'start') list.push({ agent, start: Number(at), end: undefined });
    else list.findLast((s) => s.agent === agent && s.end === undefined)!.end = Number(at);
    spans.set(domain, list);
  }
  return spans;
}

/** A fresh, empty events file for agent.child.ts runs, in a folder of its own. */
export function newEventsFile(prefix: string): { dir: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const events = join(dir, 'events');
  writeFileSync(events, '');
  return { dir, events };
}
