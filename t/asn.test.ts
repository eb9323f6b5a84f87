/**
 * ASN lookups (src/engine/asn.ts): answer parsing, and both database styles against local servers only —
 * a Cymru-style zone in an in-process DNS tree and a whois server on 127.0.0.1.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupAsn, parseCymruTxt, parseRipeWhois, prefixCovers, reversedLabels } from '../src/engine/asn.js';
import { createDnsContext, createNameserver } from '../src/engine/dns/index.js';
import { defaultProfile, mergeProfile, type Profile } from '../src/engine/profile.js';
import { readHintsFile, Recursor } from '../src/engine/recursor.js';
import { startLocalTree, type LocalTree } from './lib/dns-server.js';
import { writeHints } from './lib/zones.js';

describe('parsing', () => {
  it('reverses IPv4 and IPv6 addresses', () => {
    expect(reversedLabels('192.0.2.10')).toEqual({ labels: '10.2.0.192', family: 4 });
    expect(reversedLabels('2001:db8::1')!.labels).toBe(`1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2`);
    expect(reversedLabels('not-an-address')).toBeUndefined();
  });

  it('checks prefix coverage in both families', () => {
    expect(prefixCovers('192.0.2.0/24', '192.0.2.200')).toBe(true);
    expect(prefixCovers('192.0.2.0/25', '192.0.2.200')).toBe(false);
    expect(prefixCovers('2001:db8::/32', '2001:db8:1::5')).toBe(true);
    expect(prefixCovers('2001:db8::/32', '2001:db9::5')).toBe(false);
    expect(prefixCovers('192.0.2.0/24', '2001:db8::1')).toBe(false);
  });

  it('takes the most specific Cymru prefix and rejects one not covering the address', () => {
    const found = parseCymruTxt(
      ['64999 | 192.0.0.0/16 | ZZ', '64500 64501 | 192.0.2.0/24 | ZZ | x'],
      '192.0.2.7',
    );
    expect(found).toEqual({
      code: 'AS_FOUND',
      asns: [64500, 64501],
      prefix: '192.0.2.0/24',
      raw: '64500 64501 | 192.0.2.0/24 | ZZ | x',
    });
    expect(parseCymruTxt(['64500 | 198.51.100.0/24 | ZZ'], '192.0.2.7').code).toBe('ERROR_ASN_DATABASE');
    expect(parseCymruTxt(['no fields here'], '192.0.2.7').code).toBe('EMPTY_ASN_SET');
    expect(parseCymruTxt(['64500 | 2001:DB8:0::/32 | ZZ'], '2001:db8::1').prefix).toBe('2001:db8::/32');
  });

  it('reads the first data line of a RIPE whois answer', () => {
    expect(parseRipeWhois('% comment\n\n64500/64501\t192.0.2.0/24\t12\n')).toEqual({
      code: 'AS_FOUND',
      asns: [64500, 64501],
      prefix: '192.0.2.0/24',
      raw: '64500/64501\t192.0.2.0/24\t12',
    });
    expect(parseRipeWhois('% nothing found\n').code).toBe('EMPTY_ASN_SET');
  });
});

describe('Cymru style through the recursor', () => {
  let tree: LocalTree;
  let recursor: Recursor;
  beforeAll(async () => {
    tree = await startLocalTree(
      [
        { origin: '', servers: [{ name: 'a.root', address: '127.39.0.1' }] },
        { origin: 'db', servers: [{ name: 'ns1.db', address: '127.39.1.1' }] },
        {
          origin: 'asn.db',
          servers: [{ name: 'ns1.asn.db', address: '127.39.2.1' }],
          lines: [
            '1.2.0.192.origin TXT "64500 | 192.0.2.0/24 | ZZ"',
            `${reversedLabels('2001:db8::1')!.labels}.origin6 TXT "64510 | 2001:db8::/32 | ZZ"`,
          ],
        },
        { origin: 'dead.db', servers: [{ name: 'ns1.dead.db', address: '127.39.3.1' }] },
      ],
      { '127.39.3.1': { noAnswer: true } },
    );
    const hints = writeHints(mkdtempSync(join(tmpdir(), 'zm-asn-')), tree.rootServers);
    const dns = createDnsContext({ port: tree.port, resolver: { timeout: 1, retry: 1 } });
    recursor = new Recursor({
      hints: readHintsFile(hints),
      nameserver: (n, a) => createNameserver(n, a, dns),
    });
  });
  afterAll(async () => tree.stop());

  const profileWith = (sources: string[]): Profile =>
    mergeProfile(defaultProfile(), { asn_db: { style: 'cymru', sources: { cymru: sources } } });
  const deps = () => ({ recurse: (name: string, type: string) => recursor.recurse(name, type) });

  it('finds the AS of an IPv4 and an IPv6 address', async () => {
    expect(await lookupAsn('192.0.2.1', profileWith(['asn.db']), deps())).toMatchObject({
      code: 'AS_FOUND',
      asns: [64500],
      prefix: '192.0.2.0/24',
    });
    expect(await lookupAsn('2001:db8::1', profileWith(['asn.db']), deps())).toMatchObject({
      code: 'AS_FOUND',
      asns: [64510],
      prefix: '2001:db8::/32',
    });
  });

  it('gives an empty set for an unknown address and an error when no source answers', async () => {
    expect((await lookupAsn('192.0.2.99', profileWith(['asn.db']), deps())).code).toBe('EMPTY_ASN_SET');
    expect((await lookupAsn('192.0.2.1', profileWith(['dead.db']), deps())).code).toBe('ERROR_ASN_DATABASE');
  });

  it('falls back to the next source', async () => {
    expect(await lookupAsn('192.0.2.1', profileWith(['dead.db', 'asn.db']), deps())).toMatchObject({
      code: 'AS_FOUND',
      asns: [64500],
    });
  });
});

describe('RIPE style over whois on loopback', () => {
  let whois: Server;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    whois = createServer((socket) => {
      socket.once('data', (data) => {
        received.push(data.toString());
        socket.end(
          data.toString().includes('192.0.2.1') ? '% RIS\n\n64500\t192.0.2.0/24\t100\n' : '% no match\n',
        );
      });
    });
    await new Promise<void>((resolve) => whois.listen(0, '127.0.0.1', resolve));
    port = (whois.address() as { port: number }).port;
  });
  afterAll(async () => new Promise<void>((resolve) => whois.close(() => resolve())));

  const profile = mergeProfile(defaultProfile(), {
    asn_db: { style: 'ripe', sources: { ripe: ['127.0.0.1'] } },
  });
  const deps = { recurse: async () => undefined, whoisPort: 0, whoisTimeoutMs: 2000 };

  it('asks "-F -M <address>" and parses the answer', async () => {
    const found = await lookupAsn('192.0.2.1', profile, { ...deps, whoisPort: port });
    expect(found).toMatchObject({ code: 'AS_FOUND', asns: [64500], prefix: '192.0.2.0/24' });
    expect(received).toContain('-F -M 192.0.2.1\n');
    expect((await lookupAsn('198.51.100.1', profile, { ...deps, whoisPort: port })).code).toBe(
      'EMPTY_ASN_SET',
    );
  });

  it('reports a database error when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const unusedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await lookupAsn('192.0.2.1', profile, { ...deps, whoisPort: unusedPort })).code).toBe(
      'ERROR_ASN_DATABASE',
    );
  });
});
