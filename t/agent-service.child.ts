/**
 * The agent service (as the daemon runs it) with a hostile stand-in engine, for the bad-test isolation test:
 * `node --import tsx t/agent-service.child.ts CONFIG`. A test of a domain starting with "timer-throw" throws
 * from a timer, "reject" leaves a promise rejection unhandled, "sync-throw" throws from the run itself, "exit"
 * ends the process (a crash no handler survives, like running out of memory); every other test runs normally. Prints "ready" once started.
 */
import { createAgentKnex, startAgentService } from '../src/agent/service.js';
import { loadConfig } from '../src/config/index.js';
import type { RunOptions } from '../src/engine/types.js';
import { createLogger } from '../src/log.js';
import { sleep, standInRunner } from './agent.helpers.js';

const config = loadConfig(process.argv[2]!);
const normal = standInRunner({ cases: 4, caseMs: 100 });

async function hostile(run: RunOptions) {
  if (run.domain.startsWith('timer-throw'))
    setTimeout(() => {
      throw new Error('thrown from a timer of one test');
    }, 50);
  if (run.domain.startsWith('reject')) void Promise.reject(new Error('a rejection nobody handles'));
  if (run.domain.startsWith('sync-throw')) throw new Error('thrown by the run');
  if (run.domain.startsWith('exit')) setTimeout(() => process.exit(70), 300);
  if (/^(timer-throw|reject|exit)/.test(run.domain)) await sleep(60_000, run.signal);
  return normal(run);
}

await startAgentService({
  config,
  knex: createAgentKnex(config),
  logger: createLogger('testagent', { level: 'fatal' }),
  runner: hostile,
});
process.stdout.write('ready\n');
