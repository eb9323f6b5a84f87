/**
 * get_host_by_name / lookup_address_records and get_data_from_parent_zone / lookup_delegation_data against a
 * local DNS tree on loopback (root hints pointing at it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { createEngineServices } from '../src/rpc/engine-adapter.js';
import { startRpcServer, type RunningRpcServer } from '../src/rpc/server.js';
import { createTestDatabase, type TestDatabase } from './lib/db.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

const DIGEST = '0123456789abcdef'.repeat(4);
let tree: LocalTree;
let db: TestDatabase;
let server: RunningRpcServer;

beforeAll(async () => {
  tree = await startLocalTree([
    { origin: '', servers: [{ name: 'ns.root-servers.test', address: '127.53.0.1' }] },
    {
      origin: 'test',
      servers: [{ name: 'ns1.test', address: '127.53.0.2' }],
      lines: [`child.test. DS 12345 13 2 ${DIGEST}`],
    },
    {
      origin: 'child.test',
      // declared out of order: answers must come sorted whatever the DNS gives
      servers: [
        { name: 'ns2.child.test', address: '127.53.0.4' },
        { name: 'ns1.child.test', address: '127.53.0.3' },
        { name: 'ns0.child.test', address: '127.53.0.6' },
      ],
      lines: ['www A 127.0.0.9', 'www A 127.0.0.10', 'www AAAA fd00::9', 'empty TXT "no address"'],
    },
  ]);
  const hints = writeHints(mkdtempSync(join(tmpdir(), 'zmt-hints-')), tree.rootServers);
  db = await createTestDatabase({ configOverrides: { ZONEMASTER: { root_hints: hints } } });
  server = await startRpcServer(db.config, {
    port: 0,
    deps: { knex: db.knex, engine: createEngineServices({ dnsPort: tree.port }) },
    logger: createLogger('rpcapi', { level: 'fatal' }),
  });
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
  await tree?.stop();
});

async function result(method: string, params: unknown): Promise<any> {
  const res = await fetch(server.url, {
    method: 'POST',
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const answer = (await res.json()) as any;
  expect(answer.error).toBeUndefined();
  return answer.result;
}

describe('address lookups', () => {
  it('returns one single-key object per address, keyed by the name as given, sorted', async () => {
    const r = await result('get_host_by_name', { hostname: 'WWW.child.test' });
    expect(r).toEqual([
      { 'WWW.child.test': '127.0.0.10' },
      { 'WWW.child.test': '127.0.0.9' },
      { 'WWW.child.test': 'fd00::9' },
    ]);
  });

  it('answers 0.0.0.0 for a name without addresses; the alias wraps the list', async () => {
    expect(await result('lookup_address_records', { hostname: 'empty.child.test' })).toEqual({
      address_records: [{ 'empty.child.test': '0.0.0.0' }],
    });
  });
});

describe('delegation lookups', () => {
  it('returns the parent side name servers with their addresses, and the DS records', async () => {
    const r = await result('get_data_from_parent_zone', { domain: 'Child.Test.', language: 'en' });
    expect(r.ns_list).toEqual([
      { ns: 'ns0.child.test', ip: '127.53.0.6' },
      { ns: 'ns1.child.test', ip: '127.53.0.3' },
      { ns: 'ns2.child.test', ip: '127.53.0.4' },
    ]);
    expect(r.ds_list).toEqual([{ keytag: 12345, algorithm: 13, digtype: 2, digest: DIGEST }]);
    expect(await result('lookup_delegation_data', { domain: 'child.test' })).toEqual(r);
    for (let i = 0; i < 5; i++)
      expect(await result('get_data_from_parent_zone', { domain: 'child.test' })).toEqual(r);
  });

  it('validates the domain name', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'get_data_from_parent_zone',
        params: { domain: '.child' },
      }),
    });
    const answer = (await res.json()) as any;
    expect(answer.error.code).toBe(-32602);
    expect(answer.error.data[0].path).toBe('/domain');
  });
});
