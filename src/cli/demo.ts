/**
 * `npm run demo`: the whole system on one machine with no network access. A small DNS world is served on
 * loopback (127.54.x.y): a root, the TLD "lab" and a few zones, some of them broken. The service (SQLite, JSON-RPC
 * API, test agent) is pointed at it through a generated config with [ZONEMASTER] root_hints, tests each zone
 * through the API and prints the reports.
 *   demo [--all] [--serve]   --all: show INFO messages too; --serve: keep everything running afterwards, for
 *                            zmtest or zmb, until Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startAgentService } from '../agent/service.js';
import { rpcCall, type TestResults } from '../agent/rpcClient.js';
import { parseConfig } from '../config/index.js';
import { createKnex } from '../db/connection.js';
import { migrateLatest } from '../db/migrate.js';
import { createEngineServices } from '../rpc/engine-adapter.js';
import { startRpcServer } from '../rpc/server.js';
import { waitForResultsLive } from './jobEvents.js';
// The in-process authoritative server of the test suite serves the demo world too.
import {
  startLocalTree,
  type LocalTree,
  type LocalTreeZone,
  type ServerBehaviour,
} from '../../t/lib/dns-server.js';
import { writeHints } from '../../t/lib/zones.js';

const WORLD: LocalTreeZone[] = [
  { origin: '', servers: [{ name: 'a.root-servers.lab', address: '127.54.0.1' }] },
  {
    origin: 'lab',
    servers: [
      { name: 'ns1.nic.lab', address: '127.54.0.2' },
      { name: 'ns2.nic.lab', address: '127.54.0.3' },
    ],
  },
  {
    origin: 'good.lab',
    servers: [
      { name: 'ns1.good.lab', address: '127.54.1.1' },
      { name: 'ns2.good.lab', address: '127.54.1.2' },
    ],
    lines: ['www A 127.54.1.80', '@ MX 10 mail', 'mail A 127.54.1.25'],
  },
  {
    origin: 'lame.lab',
    servers: [
      { name: 'ns1.lame.lab', address: '127.54.2.1' },
      { name: 'ns2.lame.lab', address: '127.54.2.2' },
    ],
  },
  { origin: 'refused.lab', servers: [{ name: 'ns1.refused.lab', address: '127.54.3.1' }] },
  { origin: 'garbled.lab', servers: [{ name: 'ns1.garbled.lab', address: '127.54.4.1' }] },
];

const BEHAVIOUR: Record<string, ServerBehaviour> = {
  '127.54.2.2': { rcode: 'REFUSED' }, // one of two servers lame
  '127.54.3.1': { rcode: 'REFUSED' }, // the only server refuses
  '127.54.4.1': { broken: true }, // answers with bytes that are no DNS message
};

const DOMAINS = ['good.lab', 'lame.lab', 'refused.lab', 'garbled.lab', 'missing.lab'];

const LEVEL_ORDER = ['CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO'];

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Served on a free high port (no root needed); the engine and the API lookups are told that port. */
function startWorld(): Promise<LocalTree> {
  return startLocalTree(WORLD, BEHAVIOUR);
}

function report(domain: string, results: TestResults, seconds: number, all: boolean, streamed: number): void {
  const counts = new Map<string, number>();
  for (const r of results.results) counts.set(r.level, (counts.get(r.level) ?? 0) + 1);
  const worst = LEVEL_ORDER.find((level) => counts.has(level)) ?? 'INFO';
  say(`━━ ${domain}  (test ${results.hash_id}, ${seconds.toFixed(1)} s) — worst level: ${worst}`);
  say(`   ${LEVEL_ORDER.map((level) => `${level} ${counts.get(level) ?? 0}`).join(' · ')}`);
  say(`   ${streamed} findings came on its event stream, GET /jobs/${results.hash_id}/events`);
  const shown = results.results.filter((r) => all || r.level !== 'INFO');
  const sorted = [...shown].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  for (const r of sorted) {
    say(`   ${r.level.padEnd(8)} ${r.testcase.padEnd(13)} ${r.message.trim().replace(/\s*\n\s*/g, ' ')}`);
  }
  const hidden = results.results.length - shown.length;
  if (hidden > 0) say(`   (${hidden} INFO messages not shown; --all shows them)`);
  say();
}

async function main(): Promise<void> {
  const serve = process.argv.includes('--serve');
  const all = process.argv.includes('--all');
  const dir = mkdtempSync(join(tmpdir(), 'zonemaster-demo-'));
  const tree = await startWorld();
  const hints = writeHints(dir, tree.rootServers);
  const configFile = join(dir, 'backend_config.ini');
  const configText = [
    '[DB]',
    'engine = SQLite',
    'polling_interval = 0.1',
    '[SQLITE]',
    'database_file = zonemaster-demo.sqlite',
    '[ZONEMASTER]',
    `root_hints = ${hints}`,
    'max_zonemaster_execution_time = 120',
    '',
  ].join('\n');
  writeFileSync(configFile, configText);
  const config = parseConfig(configText, configFile);
  const silent = pino({ level: 'silent' });
  const knex = createKnex(config);
  await migrateLatest(knex);
  const engineOptions = { port: tree.port };
  const agent = await startAgentService({ config, logger: silent, knex, engineOptions });
  const rpc = await startRpcServer(config, {
    port: 0,
    logger: silent,
    deps: { knex, logger: silent, engine: createEngineServices({ dnsPort: tree.port }) },
  });

  say(`A private DNS world on loopback (port ${tree.port}): the root, "lab" and ${WORLD.length - 2} zones.`);
  say(`Config ${configFile} points the service at it (root_hints = ${hints}).`);
  say(
    'Loopback name server addresses are not globally reachable: expect Address01 errors even for good.lab.',
  );
  say(`JSON-RPC API: ${rpc.url}\n`);

  const started = await Promise.all(
    DOMAINS.map(async (domain) => ({
      domain,
      id: await rpcCall<string>(rpc.url, 'start_domain_test', { domain }),
      at: Date.now(),
    })),
  );
  for (const { domain, id, at } of started) {
    let streamed = 0;
    const results = await waitForResultsLive(rpc.url, id, {
      pollMs: 100,
      timeoutMs: 150_000,
      onFinding: () => streamed++,
    });
    report(domain, results, (Date.now() - at) / 1000, all, streamed);
  }

  const shutdown = async () => {
    await agent.stop(0);
    await rpc.close();
    await knex.destroy();
    await tree.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  if (!serve) return shutdown();
  say(`Still running. Try:  bin/zmtest --server ${rpc.url} good.lab   (Ctrl-C stops the demo)`);
  const stop = () => void shutdown().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
