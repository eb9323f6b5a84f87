/**
 * One test agent as its own process, for the benchmarks: the daemon's agent (TestAgent on the agent's database
 * connection, logging at info to a file, stray errors caught) with the real engine or the stand-in, plus a report
 * of its claims for the benchmark.
 *
 *   node agentWorker.js --config FILE [--engine real|standin] [--step-ms 5] [--log FILE] [--report FILE]
 *                       [--profile FILE]
 *
 * Prints "ready" once claiming; on SIGTERM stops, writes the report (JSON: claim latencies, test ids it ran) and
 * exits. With --profile, SIGUSR2 starts V8's CPU profiler and SIGTERM writes the profile (.cpuprofile), so the
 * profile covers exactly the part the benchmark measures.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { destination, pino } from 'pino';
import { TestAgent, noMetrics, type AgentMetrics } from '../../src/agent/index.js';
import { createAgentKnex } from '../../src/agent/service.js';
import { catchStrayErrors } from '../../src/agent/testScope.js';
import { loadConfig } from '../../src/config/index.js';
import { standInEngine } from './standin.js';

export interface WorkerReport {
  claimMs: number[];
  testIds: string[];
  outcomes: Record<string, number>;
  /** Statements the agent sent, by their first words. */
  queries: Record<string, number>;
}

const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    engine: { type: 'string', default: 'real' },
    'step-ms': { type: 'string', default: '5' },
    log: { type: 'string', default: '/dev/null' },
    report: { type: 'string' },
    profile: { type: 'string' },
  },
});
const config = loadConfig(args.config!);
const logger = pino({ level: 'info' }, destination({ dest: args.log!, sync: false }));
const knex = createAgentKnex(config, logger);
const report: WorkerReport = { claimMs: [], testIds: [], outcomes: {}, queries: {} };
knex.on('query', (query: { sql: string }) => {
  const kind = query.sql.replace(/\s+/g, ' ').slice(0, 60);
  report.queries[kind] = (report.queries[kind] ?? 0) + 1;
});
const metrics: AgentMetrics = { ...noMetrics, fetchDuration: (ms) => report.claimMs.push(ms) };
catchStrayErrors(logger);
const agent = new TestAgent({
  config,
  knex,
  logger,
  metrics,
  ...(args.engine === 'standin' ? { runner: standInEngine(Number(args['step-ms'])) } : {}),
  onTestEnd: (test, outcome) => {
    report.testIds.push(test.testId);
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  },
});
agent.start();
process.stdout.write('ready\n');
const profiler = new Session();
let profiling = false;
if (args.profile) {
  profiler.connect();
  process.on('SIGUSR2', () => {
    if (profiling) return;
    profiling = true;
    void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
  });
}
process.once('SIGTERM', () => {
  void (async () => {
    if (profiling) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(args.profile!, JSON.stringify(profile));
    }
    await agent.stop(0);
    await knex.destroy();
    if (args.report) writeFileSync(args.report, JSON.stringify(report));
    process.exit(0);
  })();
});
