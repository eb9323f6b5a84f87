import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDnsContext, createNameserver, type Packet } from '../src/engine/dns/index.js';
import { startDnsServer, startLocalTree, type LocalTree } from './lib/dns-server.js';
import { parseRecord, writeHints, zone } from './lib/zones.js';

describe('zone helpers', () => {
  it('parses record lines relative to the origin', () => {
    expect(parseRecord('www 300 IN A 127.0.0.1', 'example')).toEqual({
      name: 'www.example',
      type: 'A',
      class: 'IN',
      ttl: 300,
      data: '127.0.0.1',
    });
    expect(parseRecord('@ MX 10 mail', 'Example.').data).toEqual({
      preference: 10,
      exchange: 'mail.example',
    });
    expect(parseRecord('@ NS ns.other.', 'example').data).toBe('ns.other');
    expect(parseRecord('t TXT "a b" c', 'example').data.map(String)).toEqual(['a b', 'c']);
    expect(parseRecord('@ TYPE65534 \\# 2 0a0b', 'example')).toMatchObject({
      type: 'TYPE65534',
      data: Buffer.from([10, 11]),
    });
    expect(() => parseRecord('@ BOGUS 1', 'example')).toThrow();
  });

  it('writes root hints in the named.root format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hints-'));
    const text = readFileSync(
      writeHints(dir, [
        { name: 'ns.root.test', address: '127.1.0.1' },
        { name: 'ns.root.test', address: '::1' },
      ]),
      'utf8',
    );
    expect(text).toMatch(/^\.\s+3600000\s+NS\s+NS\.ROOT\.TEST\.$/m);
    expect(text).toMatch(/^NS\.ROOT\.TEST\.\s+3600000\s+A\s+127\.1\.0\.1$/m);
    expect(text).toMatch(/^NS\.ROOT\.TEST\.\s+3600000\s+AAAA\s+::1$/m);
  });
});

describe('local tree', () => {
  let tree: LocalTree;
  beforeAll(async () => {
    tree = await startLocalTree([
      { origin: '', servers: [{ name: 'ns.root.test', address: '127.53.1.1' }] },
      { origin: 'test', servers: [{ name: 'ns1.test', address: '127.53.1.2' }] },
      {
        origin: 'child.test',
        servers: [
          { name: 'ns1.child.test', address: '127.53.1.3' },
          { name: 'ns6.child.test', address: '::1' },
        ],
        lines: ['www A 127.0.0.9', 'alias CNAME www'],
      },
    ]);
  });
  afterAll(() => tree.stop());
  const ns = (address: string) =>
    createNameserver(
      'ns',
      address,
      createDnsContext({ port: tree.port, resolver: { timeout: 1, retry: 1 } }),
    );

  it('refers down the tree with glue', async () => {
    const root = (await ns('127.53.1.1').query('www.child.test', 'A')) as Packet;
    expect(root.isReferral).toBe(true);
    expect(root.authority[0]).toMatchObject({ name: 'test', type: 'NS', data: 'ns1.test' });
    expect(root.additional[0]).toMatchObject({ name: 'ns1.test', data: '127.53.1.2' });
    const tld = (await ns('127.53.1.2').query('www.child.test', 'A')) as Packet;
    expect(tld.authority.map((r) => r.data).sort()).toEqual(['ns1.child.test', 'ns6.child.test']);
    expect(tld.additional.map((r) => r.data).sort()).toEqual(['127.53.1.3', '::1']);
    expect(tree.rootServers).toEqual([{ name: 'ns.root.test', address: '127.53.1.1' }]);
  });

  it('answers authoritatively, over IPv6 too, with CNAME, NXDOMAIN and NODATA', async () => {
    for (const address of ['127.53.1.3', '::1']) {
      const p = (await ns(address).query('alias.child.test', 'A')) as Packet;
      expect(p.flags.aa).toBe(true);
      expect(p.answer.map((r) => r.type)).toEqual(['CNAME', 'A']);
    }
    const nx = (await ns('127.53.1.3').query('nope.child.test', 'A')) as Packet;
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authority[0]!.type).toBe('SOA');
    const nodata = (await ns('127.53.1.3').query('www.child.test', 'MX')) as Packet;
    expect(nodata.rcode).toBe('NOERROR');
    expect(nodata.isNoData).toBe(true);
    const ds = (await ns('127.53.1.2').query('child.test', 'DS')) as Packet;
    expect(ds.flags.aa).toBe(true);
    expect(ds.isNoData).toBe(true);
    const refused = (await ns('127.53.1.3').query('elsewhere.org', 'A')) as Packet;
    expect(refused.rcode).toBe('REFUSED');
  });
});

describe('server behaviours', () => {
  const z = zone('example', ['@ SOA ns1 h 1 1 1 1 1', '@ NS ns1', 'ns1 A 127.54.0.1']);
  let port: number;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const s = await startDnsServer({
      addresses: ['127.54.0.1', '127.54.0.2', '127.54.0.3', '127.54.0.4'],
      zones: [z],
      behaviour: {
        '127.54.0.1': { version: 'test-1.0' },
        '127.54.0.2': { ednsFormerr: true },
        '127.54.0.3': { aa: false },
        '127.54.0.4': { rcode: 'SERVFAIL' },
      },
    });
    port = s.port;
    stop = s.stop;
  });
  afterAll(() => stop());
  const ns = (address: string) =>
    createNameserver('ns', address, createDnsContext({ port, resolver: { timeout: 1, retry: 1 } }));

  it('echoes EDNS and DO, and answers BADVERS to version 1', async () => {
    const p = (await ns('127.54.0.1').query('example', 'SOA', { dnssec: true })) as Packet;
    expect(p.edns).toMatchObject({ version: 0, do: true });
    const bad = (await ns('127.54.0.1').query('example', 'SOA', { ednsDetails: { version: 1 } })) as Packet;
    expect(bad.rcode).toBe('BADVERS');
    const plain = (await ns('127.54.0.1').query('example', 'SOA')) as Packet;
    expect(plain.edns).toBeUndefined();
  });

  it('answers CH TXT version.bind when configured', async () => {
    const p = (await ns('127.54.0.1').query('version.bind', 'TXT', { class: 'CH' })) as Packet;
    expect(p.answer[0]).toMatchObject({ class: 'CH', type: 'TXT' });
    expect(String(p.answer[0]!.data[0])).toBe('test-1.0');
  });

  it('misbehaves as asked', async () => {
    const formerr = (await ns('127.54.0.2').query('example', 'SOA', { ednsDetails: {} })) as Packet;
    expect(formerr.rcode).toBe('FORMERR');
    expect(formerr.edns).toBeUndefined();
    expect(((await ns('127.54.0.2').query('example', 'SOA')) as Packet).rcode).toBe('NOERROR');
    expect(((await ns('127.54.0.3').query('example', 'SOA')) as Packet).flags.aa).toBe(false);
    expect(((await ns('127.54.0.4').query('example', 'SOA')) as Packet).rcode).toBe('SERVFAIL');
  });

  it('uses one port on every address and can be started on a given port', async () => {
    const other = await startDnsServer({ addresses: ['127.54.1.1', '127.54.1.2'], port, zones: [z] });
    expect(other.port).toBe(port);
    const p = (await ns('127.54.1.2').query('example', 'NS')) as Packet;
    expect(p.answer[0]!.data).toBe('ns1.example');
    expect(p.additional[0]!.data).toBe('127.54.0.1');
    await other.stop();
  });
});
