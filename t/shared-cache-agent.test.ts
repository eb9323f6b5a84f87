/**
 * The agent's shared DNS state, end to end with a real database: a batch of one TLD's domains run by an agent
 * with `shared_dns_cache` and `max_queries_per_second_per_server` stores the same results as one without,
 * while the root and TLD servers are asked less.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestAgent } from '../src/agent/index.js';
import { allDone, insertTests, waitFor } from './agent.helpers.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { storedResults } from './lib/same-results.js';
import { startTldWorld, type TldWorld } from './lib/tld-world.js';

let world: TldWorld;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  world = await startTldWorld(5, '127.64');
}, 30_000);

afterAll(async () => {
  for (const db of databases) await db.destroy();
  await world?.stop();
});

async function runBatch(zonemaster: Record<string, string>) {
  const db = await createTestDatabase({
    configOverrides: { ZONEMASTER: { root_hints: world.hintsFile, ...zonemaster } },
  });
  databases.push(db);
  const agent = new TestAgent({
    config: db.config,
    knex: db.knex,
    engineOptions: { port: world.port },
    pollMs: 20,
  });
  const before = world.tree.server.log.length;
  const ids = await insertTests(
    db.knex,
    world.domains.map((domain) => ({ domain, params: { ipv6: false } })),
  );
  agent.start();
  await waitFor(() => allDone(db.knex, ids), 60_000, 50);
  await agent.stop(0);
  const asked = world.tree.server.log.slice(before);
  const above = asked.filter((q) =>
    [...world.root, ...world.tldServers].some((s) => s.address === q.address),
  );
  const results = new Map<string, string[]>();
  for (const [i, id] of ids.entries()) results.set(world.domains[i]!, await storedResults(db.knex, id));
  return { results, above: above.length };
}

it('stores the same results with the shared cache and a politeness ceiling, asking the TLD less', async () => {
  const plain = await runBatch({});
  const shared = await runBatch({ shared_dns_cache: 'yes', max_queries_per_second_per_server: '500' });
  for (const domain of world.domains) {
    expect(plain.results.get(domain)!.length).toBeGreaterThan(5);
    expect(shared.results.get(domain)).toEqual(plain.results.get(domain));
  }
  expect(shared.above).toBeLessThan(plain.above / 2);
}, 120_000);
