/**
 * MethodsV2 on a local tree: parent servers, delegation (glue only for in-bailiwick names), out-of-bailiwick
 * lookups, the zone's own NS set and addresses, the undelegated variants; plus engine entry points that use
 * them (lookupAddresses, lookupDelegation, runTest progress and abort).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { lookupAddresses, lookupDelegation } from '../src/engine/lookup.js';
import { defaultProfile, mergeProfile } from '../src/engine/profile.js';
import { readHintsFile, Recursor } from '../src/engine/recursor.js';
import { runTest } from '../src/engine/run.js';
import { ZoneModel } from '../src/engine/methods/v2.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { apexLines, delegationLines, writeHints, zone } from './lib/zones.js';

const ROOT = { name: 'a.root', address: '127.35.0.1' };
const TLD = { name: 'ns1.zt', address: '127.35.1.1' };
const HOST = { name: 'ns.host.zt', address: '127.35.2.1' };
const NS1 = { name: 'ns1.mix.zt', address: '127.35.3.1' };
const NS3 = { name: 'ns3.mix.zt', address: '127.35.3.3' };

let server: DnsServer;
let hintsFile: string;

beforeAll(async () => {
  const root = zone('.', [...apexLines('', [ROOT]), ...delegationLines('zt', [TLD])]);
  const tld = zone('zt', [
    ...apexLines('zt', [TLD]),
    ...delegationLines('host.zt', [HOST]),
    // parent: ns1.mix.zt (glue) and ns.host.zt (out of bailiwick, glue ignored)
    'mix.zt. NS ns1.mix.zt.',
    'mix.zt. NS ns.host.zt.',
    'ns1.mix.zt. A 127.35.3.1',
    'mix.zt. DS 12345 13 2 ' + 'ab'.repeat(32),
  ]);
  const host = zone('host.zt', [...apexLines('host.zt', [HOST])]);
  // child: ns1.mix.zt, ns3.mix.zt (not in parent) and ns.host.zt
  const mix = zone('mix.zt', [...apexLines('mix.zt', [NS1, NS3]), '@ NS ns.host.zt.']);
  server = await startDnsServer({
    addresses: [ROOT.address, TLD.address, HOST.address, NS1.address, NS3.address],
    zonesByAddress: {
      [ROOT.address]: [root],
      [TLD.address]: [tld],
      [HOST.address]: [host, mix],
      [NS1.address]: [mix],
      [NS3.address]: [mix],
    },
  });
  hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-zone-')), [ROOT]);
});
afterAll(async () => server.stop());

function model(name: string, undelegated?: Map<string, string[]>): ZoneModel {
  const ctx = createDnsContext({ port: server.port, resolver: { timeout: 1, retry: 1 } });
  const nameserver = (n: string, a: string) => createNameserver(n, a, ctx);
  const recursor = new Recursor({ hints: readHintsFile(hintsFile), nameserver });
  return new ZoneModel({ name, recursor, nameserver, undelegated });
}

describe('MethodsV2', () => {
  it('Get-Parent-NS-Names-and-IPs and Get-Parent-NS-IPs', async () => {
    const z = model('mix.zt');
    expect(await z.parentNsNamesAndIps()).toEqual([{ name: 'ns1.zt', address: '127.35.1.1' }]);
    expect(await z.parentNsIps()).toEqual(['127.35.1.1']);
    // NXDOMAIN from the parent: the Method finds no parent server (undefined set)
    expect(await model('nothing.zt').parentNsIps()).toBeUndefined();
  });

  it('Get-Del-NS-Names-and-IPs: in-bailiwick glue, out-of-bailiwick names looked up', async () => {
    const z = model('mix.zt');
    expect(await z.delNsNamesAndIps()).toEqual(
      new Map([
        ['ns1.mix.zt', ['127.35.3.1']],
        ['ns.host.zt', ['127.35.2.1']],
      ]),
    );
    expect(await z.delNsNames()).toEqual(['ns1.mix.zt', 'ns.host.zt']);
    expect(await z.delNsIps()).toEqual(['127.35.3.1', '127.35.2.1']);
  });

  it('Get-Zone-NS-Names, Get-Zone-NS-Names-and-IPs, Get-Zone-NS-IPs', async () => {
    const z = model('mix.zt');
    expect((await z.zoneNsNames())?.sort()).toEqual(['ns.host.zt', 'ns1.mix.zt', 'ns3.mix.zt']);
    const set = await z.zoneNsNamesAndIps();
    expect(set?.get('ns3.mix.zt')).toEqual(['127.35.3.3']);
    expect(set?.get('ns.host.zt')).toEqual(['127.35.2.1']);
    expect((await z.zoneNsIps())?.sort()).toEqual(['127.35.2.1', '127.35.3.1', '127.35.3.3']);
  });

  it('Get-IB-Addr-in-Zone asks the first delegation server by name/address only, as the reference', async () => {
    const z = model('mix.zt');
    const from = server.log.length;
    const set = await z.zoneNsNamesAndIps();
    expect(set?.get('ns1.mix.zt')).toEqual(['127.35.3.1']);
    expect(set?.get('ns3.mix.zt')).toEqual(['127.35.3.3']);
    // Delegation servers: ns.host.zt/127.35.2.1 sorts before ns1.mix.zt/127.35.3.1.
    const asked = server.log
      .slice(from)
      .filter((q) => /^ns[13]\.mix\.zt$/.test(q.name) && (q.type === 'A' || q.type === 'AAAA'))
      .map((q) => `${q.address} ${q.name} ${q.type}`);
    expect(asked.sort()).toEqual([
      '127.35.2.1 ns1.mix.zt A',
      '127.35.2.1 ns1.mix.zt AAAA',
      '127.35.2.1 ns3.mix.zt A',
      '127.35.2.1 ns3.mix.zt AAAA',
    ]);
  });

  it('a zone that does not exist has an undefined delegation', async () => {
    const z = model('nothing.zt');
    expect(await z.delNsNamesAndIps()).toBeUndefined();
    expect(await z.zoneNsNames()).toBeUndefined();
  });

  it('undelegated test: given data replaces the delegation, parent is empty', async () => {
    const z = model('mix.zt', new Map([['ns3.mix.zt', ['127.35.3.3']], ['ns.host.zt', []]]));
    expect(await z.parentNsNamesAndIps()).toEqual([]);
    expect(await z.delNsNamesAndIps()).toEqual(
      new Map([
        ['ns3.mix.zt', ['127.35.3.3']],
        ['ns.host.zt', ['127.35.2.1']],
      ]),
    );
  });

  it('methods are memoized per run', async () => {
    const z = model('mix.zt');
    await z.zoneNsNamesAndIps();
    const before = server.log.length;
    await z.zoneNsNamesAndIps();
    await z.delNsNamesAndIps();
    expect(server.log.length).toBe(before);
  });
});

describe('lookups for the RPC API', () => {
  it('lookupAddresses resolves a host name', async () => {
    expect(await lookupAddresses('ns.host.zt', { hintsFile, port: server.port })).toEqual([{ name: 'ns.host.zt', address: '127.35.2.1' }]);
  });

  it('lookupDelegation returns name servers with addresses and the DS records', async () => {
    const data = await lookupDelegation('mix.zt', { hintsFile, port: server.port });
    expect(data.ns_list).toEqual([
      { ns: 'ns1.mix.zt', ip: '127.35.3.1' },
      { ns: 'ns.host.zt', ip: '127.35.2.1' },
    ]);
    expect(data.ds_list).toEqual([{ keytag: 12345, algorithm: 13, digtype: 2, digest: 'ab'.repeat(32) }]);
  });
});

describe('runTest', () => {
  const profile = mergeProfile(defaultProfile(), { net: { ipv6: false } });

  it('reports progress after every test case', async () => {
    const progress: [number, number][] = [];
    await runTest({ domain: 'mix.zt', profile, hintsFile, port: server.port, tests: ['basic'], onProgress: (f, p) => progress.push([f, p]) });
    // Basic01, Basic02 run; Basic03 is skipped because Basic02 found a working server
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it('stops promptly when aborted and keeps what was found', async () => {
    const controller = new AbortController();
    const result = await runTest({
      domain: 'mix.zt',
      profile,
      hintsFile,
      port: server.port,
      signal: controller.signal,
      onMessage: (e) => {
        if (e.tag === 'B01_CHILD_FOUND') controller.abort();
      },
    });
    const tags = result.messages.map((m) => m.tag);
    expect(tags).toContain('B01_CHILD_FOUND');
    expect(tags).not.toContain('B02_AUTH_RESPONSE_SOA');
    expect(tags.filter((t) => t === 'TEST_CASE_START')).toHaveLength(1);
  });
});
