/**
 * Self-fencing, with real processes on the database named by $TARGET: an agent that cannot renew its leases
 * (the database is away for longer than the lease) stops those runs before the leases run out, so the agent that
 * takes them over never runs a test while the first run is still going.
 * PostgreSQL and MariaDB: the first agent reaches the database through a proxy that is cut; the second agent
 * reaches it directly and takes the tests over during the outage. SQLite: the file is locked for everyone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../src/config/types.js';
import { databaseOutage, type Outage } from './lib/db-outage.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { testConfigText } from './lib/config.js';
import { allDone, insertTests, newEventsFile, sleep, spansByDomain, waitFor } from './agent.helpers.js';

let db: TestDatabase;
let outage: Outage;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({
    configOverrides: { ZONEMASTER: { number_of_processes_for_frontend_testing: '8' } },
  });
  outage = await databaseOutage(db.config);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await outage?.close();
  await db?.destroy();
});

/** The ini file of a configuration (the proxy's port for the first agent). */
function configFile(dir: string, name: string, config: Config): string {
  const file = join(dir, name);
  const server = config.DB.engine === 'PostgreSQL' ? config.POSTGRESQL : config.MYSQL;
  const sections: Record<string, Record<string, string>> = {
    DB: { engine: config.DB.engine },
    ZONEMASTER: { number_of_processes_for_frontend_testing: '8' },
  };
  if (config.DB.engine === 'SQLite') sections.SQLITE = { database_file: config.SQLITE.database_file! };
  else
    sections[config.DB.engine === 'PostgreSQL' ? 'POSTGRESQL' : 'MYSQL'] = {
      host: server.host ?? '127.0.0.1',
      port: String(server.port),
      user: server.user ?? '',
      password: server.password ?? '',
      database: server.database ?? '',
    };
  writeFileSync(file, testConfigText(sections));
  return file;
}

function startAgent(config: string, events: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 't/agent.child.ts', config, events], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ZMT_LEASE_MS: '2000', ZMT_CASES: '25', ZMT_CASE_MS: '200' },
  });
  children.push(child);
  return child;
}

it('a database outage longer than the lease never runs a test twice at the same time', async () => {
  const { dir, events } = newEventsFile('zmt-fence-');
  const domains = Array.from({ length: 4 }, (_, i) => `fence${i}.test`);
  const ids = await insertTests(
    db.knex,
    domains.map((domain) => ({ domain })),
  );
  const first = startAgent(configFile(dir, 'through-proxy.ini', outage.config), events);
  await waitFor(
    () =>
      readFileSync(events, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('start')).length >= 4,
    20_000,
  );
  await sleep(300);

  await outage.begin();
  startAgent(configFile(dir, 'direct.ini', db.config), events);
  await sleep(5000); // 2.5 leases
  await outage.end();

  await waitFor(() => allDone(db.knex, ids), 40_000, 200);
  first.kill('SIGKILL');

  const spans = spansByDomain(events);
  let overlaps = 0;
  let takenOver = 0;
  for (const domain of domains) {
    const list = (spans.get(domain) ?? []).sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) if (list[i]!.start < (list[i - 1]!.end ?? Infinity)) overlaps++;
    if (new Set(list.map((s) => s.agent)).size > 1) takenOver++;
  }
  expect(overlaps).toBe(0);
  // Through the proxy the second agent takes tests over while the first one is cut off (one at a time: recovered
  // tests are re-run alone, so the first agent may get some back once the outage ends).
  if (db.config.DB.engine !== 'SQLite') expect(takenOver).toBeGreaterThan(0);
}, 90_000);
