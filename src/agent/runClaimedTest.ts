import type { Knex } from 'knex';
import type { Config } from '../config/types.js';
import {
  finishCancelledTest,
  handBackTest,
  testDied,
  unableToFinishTest,
  type ClaimedTest,
  type ResultEntryInput,
} from '../db/queue/index.js';
import type { Level, RunOptions } from '../engine/types.js';
import { backoffDelay, pause } from './backoff.js';
import type { CpuMeter } from './cpuMeter.js';
import type { ProfileCatalog } from './profiles.js';
import { runOptionsFor } from './runOptions.js';
import { RunWriter } from './runWriter.js';
import { runInTestScope } from './testScope.js';
import type { AgentLogger, EngineRunner, RunOutcome } from './types.js';
import type { WriteBatcher } from './writeBatcher.js';

export interface RunContext {
  knex: Knex;
  config: Config;
  agentId: string;
  runner: EngineRunner;
  profiles: ProfileCatalog;
  logger: AgentLogger;
  leaseMs: number;
  flushMs: number;
  minLevel: Level;
  /** How long an aborted engine run may take to return before the agent stops waiting for it. */
  abortGraceMs: number;
  /** Merged into every engine call (the demo and tests set `port`). */
  engineOptions: Partial<RunOptions>;
  cpu: CpuMeter;
  /** Writes the running tests' entries, progress and leases together, every flushMs, and their completions. */
  writes: WriteBatcher;
}

type AbortReason = 'timeout' | 'handback' | 'lost' | 'fenced' | 'cancelled';

/**
 * Runs one claimed test to its end: streams its entries and progress, enforces the time limit through the
 * engine's AbortSignal, and records how it ended (with its CPU time, and its DNS responses when it crashed or
 * keep_recordings is on). When `handBack` aborts (shutdown), the test goes back to the queue instead; when
 * `cancel` aborts (the test was cancelled), the run stops and its last findings are stored.
 */
export async function runClaimedTest(
  ctx: RunContext,
  test: ClaimedTest,
  handBack: AbortSignal,
  cancel: AbortSignal = new AbortController().signal,
): Promise<RunOutcome> {
  const controller = new AbortController();
  let reason: AbortReason | undefined;
  const abort = (why: AbortReason) => {
    if (reason !== undefined) return;
    reason = why;
    controller.abort(new Error(`test ${why}`));
  };
  const maxSeconds = ctx.config.ZONEMASTER.max_zonemaster_execution_time;
  const timer = setTimeout(
    () => abort('timeout'),
    Math.max(0, maxSeconds * 1000 - (Date.now() - test.startedAt)),
  );
  const onHandBack = () => abort('handback');
  handBack.addEventListener('abort', onHandBack, { once: true });
  if (handBack.aborted) onHandBack();
  const onCancel = () => abort('cancelled');
  cancel.addEventListener('abort', onCancel, { once: true });
  if (cancel.aborted) onCancel();
  ctx.cpu.start(test.testId);
  let recording: (() => string) | undefined;

  const writer = new RunWriter({
    testId: test.testId,
    agentId: ctx.agentId,
    leaseMs: ctx.leaseMs,
    batcher: ctx.writes,
    minLevel: ctx.minLevel,
    logger: ctx.logger,
    leaseUntil: test.startedAt + ctx.leaseMs,
    onLost: (why) => abort(why),
  });
  writer.start();

  let failure: unknown;
  let ended: AbortReason | undefined;
  try {
    const options: RunOptions = {
      ...runOptionsFor(test, ctx.profiles.get(test.params.profile), ctx.config.ZONEMASTER.root_hints),
      ...ctx.engineOptions,
      signal: controller.signal,
      onMessage: (entry) => writer.push(entry),
      onProgress: (finished, planned) => writer.setProgress(finished, planned),
      onRecording: (save) => {
        recording = save;
      },
    };
    // An uncaught error from this test's callbacks ends this test only (testScope.ts).
    let crash: (error: unknown) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    const scope = {
      testId: test.testId,
      fail: (error: unknown) => {
        crash(error);
        controller.abort(error);
      },
    };
    const run = runInTestScope(scope, () => ctx.runner(options));
    try {
      await settleOrGiveUp(Promise.race([run.result, crashed]), controller.signal, ctx.abortGraceMs);
    } finally {
      run.end();
    }
  } catch (error) {
    failure = error;
  } finally {
    ended = reason;
    clearTimeout(timer);
    handBack.removeEventListener('abort', onHandBack);
    cancel.removeEventListener('abort', onCancel);
  }
  const pending = await writer.close();
  const cpuSeconds = ctx.cpu.stop(test.testId);
  const elapsed = (Date.now() - test.startedAt) / 1000;
  const log = ctx.logger;
  const recorded = (keep: boolean) => (keep ? recordingOf(ctx, test, recording) : undefined);
  const finishCancelled = async (): Promise<boolean> => {
    const kept = recorded(ctx.config.ZONEMASTER.keep_recordings);
    const stored = await persist(ctx, () =>
      finishCancelledTest(ctx.knex, test.testId, ctx.agentId, pending, cpuSeconds, kept),
    );
    if (stored) log.info({ hash_id: test.testId }, 'Test cancelled');
    return stored;
  };

  // A cancelled test fails its next lease renewal too, so a lost claim may be a cancellation.
  if ((ended === 'cancelled' || ended === 'lost') && (await finishCancelled())) return 'cancelled';
  if (ended === 'lost' || ended === 'cancelled') {
    log.warn({ hash_id: test.testId }, 'Lost the claim on a test; another agent took it over');
    return 'lost';
  }
  if (ended === 'fenced') {
    log.error(
      { hash_id: test.testId, lease_ms: ctx.leaseMs },
      'Could not renew the lease on a test; stopped it before the lease ran out (another agent will take it over)',
    );
    return 'lost';
  }
  if (ended === 'handback') {
    const returned = await persist(ctx, () => handBackTest(ctx.knex, test.testId, ctx.agentId));
    log.info({ hash_id: test.testId, returned }, 'Test handed back to the queue');
    return returned ? 'handed_back' : 'lost';
  }
  let outcome: RunOutcome = 'completed';
  let last: ResultEntryInput[] = pending;
  if (ended === 'timeout') {
    outcome = 'timed_out';
    // BACKEND: UNABLE_TO_FINISH_TEST (timestamp = the limit, as the reference records it)
    last = [...pending, unableToFinishTest(maxSeconds, Math.min(elapsed, maxSeconds))];
    log.warn({ hash_id: test.testId, max_execution_time: maxSeconds }, 'Test exceeded the time limit');
  } else if (failure !== undefined) {
    outcome = 'died';
    last = [...pending, testDied(elapsed)]; // BACKEND: TEST_DIED
    log.error({ hash_id: test.testId, err: failure }, 'Test died');
  }
  const state = outcome === 'completed' ? 'completed' : 'crashed';
  const kept = recorded(state === 'crashed' || ctx.config.ZONEMASTER.keep_recordings);
  const stored = await persist(ctx, () =>
    ctx.writes.complete({
      testId: test.testId,
      agentId: ctx.agentId,
      entries: last,
      details: { state, cpuSeconds, recording: kept },
    }),
  );
  if (!stored) return (await finishCancelled()) ? 'cancelled' : 'lost';
  return outcome;
}

/** The run's DNS responses as recorded-data text; a failure to serialise costs the recording, not the result. */
function recordingOf(
  ctx: RunContext,
  test: ClaimedTest,
  recording: (() => string) | undefined,
): string | undefined {
  try {
    return recording?.();
  } catch (error) {
    ctx.logger.warn({ err: error, hash_id: test.testId }, 'Cannot serialise the DNS recording of a test');
    return undefined;
  }
}

/** Waits for the run; once aborted, waits at most graceMs more (an engine that ignores the signal is left behind). */
async function settleOrGiveUp(run: Promise<unknown>, signal: AbortSignal, graceMs: number): Promise<void> {
  let giveUp: (() => void) | undefined;
  const abandoned = new Promise<void>((resolve, reject) => {
    giveUp = () => setTimeout(() => reject(new Error('engine did not stop after abort')), graceMs).unref();
    if (signal.aborted) giveUp();
    else signal.addEventListener('abort', giveUp, { once: true });
    void resolve;
  });
  try {
    await Promise.race([run, abandoned]);
  } finally {
    if (giveUp) signal.removeEventListener('abort', giveUp);
  }
}

/** Retries a final write through a database outage; false if the claim is gone or the database stays away. */
async function persist(ctx: RunContext, write: () => Promise<boolean>): Promise<boolean> {
  for (let failures = 1; ; failures++) {
    try {
      return await write();
    } catch (error) {
      if (failures >= 10) {
        ctx.logger.error(
          { err: error },
          'Giving up writing a test result; its lease will expire and it will be re-run',
        );
        return false;
      }
      ctx.logger.warn({ err: error }, 'Cannot write a test result; will retry');
      await pause(backoffDelay(failures));
    }
  }
}
