import type { EngineRunner } from './types.js';

// Loaded on first use so that the agent's modules (and tests with a stand-in engine) do not pull the engine in.
const ENGINE_MODULE = '../engine/index.js';

/** The real engine's runTest. */
export const engineRunTest: EngineRunner = async (opts) => {
  const engine = (await import(ENGINE_MODULE)) as { runTest: EngineRunner };
  return engine.runTest(opts);
};
