/**
 * An agent process with a stand-in engine, for the crash test: `node --import tsx t/agent.child.ts CONFIG EVENTS`.
 * Every run start and end is appended to EVENTS as "start|end hash agent epochMs" lines. The environment may
 * change the lease (ZMT_LEASE_MS), the stand-in's cases (ZMT_CASES) and their duration (ZMT_CASE_MS).
 */
import { appendFileSync } from 'node:fs';
import { TestAgent } from '../src/agent/index.js';
import { loadConfig } from '../src/config/index.js';
import { createAgentKnex } from '../src/agent/service.js';
import { standInRunner } from './agent.helpers.js';

const [configFile, eventsFile] = process.argv.slice(2);
const config = loadConfig(configFile!);
const knex = createAgentKnex(config);
const agentId = `child-${process.pid}`;
const agent = new TestAgent({
  config,
  knex,
  agentId,
  leaseMs: Number(process.env.ZMT_LEASE_MS ?? 1000),
  pollMs: 20,
  flushMs: 50,
  runner: standInRunner({
    cases: Number(process.env.ZMT_CASES ?? 5),
    caseMs: Number(process.env.ZMT_CASE_MS ?? 120),
    onStart: (domain) => appendFileSync(eventsFile!, `start ${domain} ${agentId} ${Date.now()}\n`),
    onEnd: (domain) => appendFileSync(eventsFile!, `end ${domain} ${agentId} ${Date.now()}\n`),
  }),
});
agent.start();
process.stdout.write('ready\n');
