import type { Logger } from 'pino';
import type { RunOptions, RunResult } from '../engine/types.js';

/** The engine entry point the agent calls for each test; the real engine's runTest by default. */
export type EngineRunner = (opts: RunOptions) => Promise<RunResult>;

export type AgentLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** How a run ended, from the agent's point of view. */
export type RunOutcome = 'completed' | 'timed_out' | 'died' | 'cancelled' | 'handed_back' | 'lost';
