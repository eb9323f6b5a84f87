/**
 * An agent process with a stand-in engine, for the crash test: `node --import tsx t/agent.child.ts CONFIG EVENTS`.
 * Every run start and end is appended to EVENTS as "start|end hash agent epochMs" lines.
 */
import { appendFileSync } from 'node:fs';
import { TestAgent } from '../src/agent/index.js';
import { loadConfig } from '../src/config/index.js';
import { createKnex } from '../src/db/connection.js';
import { standInRunner } from './agent.helpers.js';

const [configFile, eventsFile] = process.argv.slice(2);
const config = loadConfig(configFile!);
const knex = createKnex(config);
const agentId = `child-${process.pid}`;
const agent = new TestAgent({
  config,
  knex,
  agentId,
  leaseMs: 1000,
  pollMs: 20,
  flushMs: 50,
  runner: standInRunner({
    cases: 5,
    caseMs: 120,
    onStart: (domain) => appendFileSync(eventsFile!, `start ${domain} ${agentId} ${Date.now()}\n`),
    onEnd: (domain) => appendFileSync(eventsFile!, `end ${domain} ${agentId} ${Date.now()}\n`),
  }),
});
agent.start();
process.stdout.write('ready\n');
