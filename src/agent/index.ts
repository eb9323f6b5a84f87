export { TestAgent, type AgentOptions } from './agent.js';
export { createAgentMetrics, noMetrics, PrometheusMetrics, type AgentMetrics } from './metrics.js';
export { engineRunTest } from './defaultRunner.js';
export type { AgentLogger, EngineRunner, RunOutcome } from './types.js';
