import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheKey,
  cacheKeyInput,
  createDnsContext,
  createNameserver,
  isPacket,
  packetTimestamp,
  type DnsContextOptions,
  type Packet,
  type QueryEvent,
  type QueryFlags,
} from '../src/engine/dns/index.js';
import { startDnsServer, type DnsServer } from './lib/dns-server.js';
import { zone } from './lib/zones.js';

describe('cache key (replay-format.md §2)', () => {
  it('matches the reference key for a plain SOA query', () => {
    expect(cacheKeyInput('xa', 'SOA')).toBe('NAMExaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_UDP_SIZE0');
    expect(cacheKey('xa', 'SOA')).toBe('Y/IeIwIJb12zVtYwf7MnYA');
    expect(cacheKey('xa', 'soa', { class: 'IN', dnssec: false, usevc: false, recurse: false })).toBe(
      'Y/IeIwIJb12zVtYwf7MnYA',
    );
  });

  it('builds the documented input strings', () => {
    const cases: [string, string, object, string][] = [
      ['', 'NS', {}, 'NAME.TYPENSCLASSINDNSSEC0USEVC0RECURSE0EDNS_UDP_SIZE0'],
      [
        'Example.',
        'DNSKEY',
        { dnssec: true },
        'NAMEExample.TYPEDNSKEYCLASSINDNSSEC1USEVC0RECURSE0EDNS_UDP_SIZE1232',
      ],
      ['a', 'TXT', { class: 'CH', usevc: true }, 'NAMEaTYPETXTCLASSCHDNSSEC0USEVC1RECURSE0EDNS_UDP_SIZE0'],
      [
        'a',
        'SOA',
        { ednsDetails: {} },
        'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE512',
      ],
      [
        'a',
        'SOA',
        { ednsDetails: { version: 1, z: 3 } },
        'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_VERSION1EDNS_Z3EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE512',
      ],
      [
        'a',
        'SOA',
        { ednsDetails: { do: true, size: 512 } },
        'NAMEaTYPESOACLASSINDNSSEC1USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE512',
      ],
      [
        'a',
        'SOA',
        { ednsDetails: { do: true } },
        'NAMEaTYPESOACLASSINDNSSEC1USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE1232',
      ],
      [
        'a',
        'SOA',
        { ednsDetails: { data: Uint8Array.from([0, 0x89, 0, 0]) } },
        'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATA8978432EDNS_UDP_SIZE512',
      ],
      [
        'a',
        'SOA',
        { ednsDetails: { size: 0 } },
        'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE0',
      ],
      ['a', 'SOA', { ednsSize: 900 }, 'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_UDP_SIZE900'],
      [
        'a',
        'SOA',
        { ednsSize: 1001, ednsDetails: {} },
        'NAMEaTYPESOACLASSINDNSSEC0USEVC0RECURSE0EDNS_VERSION0EDNS_Z0EDNS_EXTENDED_RCODE0EDNS_DATAEDNS_UDP_SIZE1001',
      ],
    ];
    for (const [name, type, flags, expected] of cases)
      expect(cacheKeyInput(name, type, flags)).toBe(expected);
  });

  it('is the MD5 of its input for every combination of flags, asked again or not', () => {
    const md5 = (input: string) => createHash('md5').update(input).digest('base64').replace(/=+$/, '');
    const flagSets: QueryFlags[] = [
      {},
      { dnssec: true },
      { usevc: true },
      { recurse: true, cd: true },
      { class: 'CH' },
      { ednsSize: 900 },
      { ednsSize: 900, dnssec: true },
      { ednsDetails: { version: 1 } },
    ];
    for (const round of [1, 2])
      for (const flags of round === 1 ? flagSets : [...flagSets].reverse())
        for (const [name, type] of [
          ['a.example', 'SOA'],
          ['A.example', 'SOA'],
          ['a.example', 'soa'],
          ['a.example', 'NS'],
        ] as const)
          expect(cacheKey(name, type, flags)).toBe(md5(cacheKeyInput(name, type, flags)));
  });

  it('ignores retry, retrans, timeout, fallback and blacklistingDisabled', () => {
    expect(
      cacheKey('a', 'A', { retry: 9, retrans: 9, timeout: 9, fallback: false, blacklistingDisabled: true }),
    ).toBe(cacheKey('a', 'A'));
  });
});

const example = zone('example', [
  '@ SOA ns1 hostmaster 7 3600 600 86400 300',
  '@ NS ns1',
  'ns1 A 127.51.0.1',
]);
const A = { ok: '127.51.0.1', silent: '127.51.0.2', parent: '127.51.0.3' };
let server: DnsServer;

beforeAll(async () => {
  server = await startDnsServer({
    addresses: Object.values(A),
    zones: [example],
    behaviour: { [A.silent]: { noAnswer: true } },
  });
});
afterAll(() => server.stop());

function context(opts: DnsContextOptions = {}) {
  const events: QueryEvent[] = [];
  const ctx = createDnsContext({
    port: server.port,
    resolver: { timeout: 0.3, retry: 1, retrans: 0.1 },
    onQuery: (e) => events.push(e),
    ...opts,
  });
  return { ctx, events };
}

const sent = (address: string, name: string) =>
  server.log.filter((q) => q.address === address && q.name === name).length;

describe('nameserver', () => {
  it('answers repeated queries from the cache', async () => {
    const { ctx, events } = context();
    const n = createNameserver('ns1.example', A.ok, ctx);
    const first = await n.query('example', 'SOA');
    const second = await n.query('example', 'SOA');
    expect(second).toBe(first);
    expect(sent(A.ok, 'example')).toBe(1);
    expect(events.map((e) => e.tag)).toEqual(['EXTERNAL_QUERY', 'EXTERNAL_RESPONSE', 'CACHED_RETURN']);
    expect(createNameserver('NS1.example.', A.ok, ctx)).toBe(n);
    expect(n.toString()).toBe('ns1.example/127.51.0.1');
  });

  it('reports only the events asked for, and is the same server for every spelling of its name', async () => {
    const { ctx, events } = context({ onQueryTags: ['EXTERNAL_QUERY', 'PACKET_BIG'] });
    const n = createNameserver('NS1.Example.', A.ok, ctx);
    await n.query('example', 'SOA');
    await n.query('example', 'SOA');
    expect(events.map((e) => e.tag)).toEqual(['EXTERNAL_QUERY']);
    expect(createNameserver('ns1.example', A.ok, ctx)).toBe(n);
    expect(createNameserver('NS1.Example.', A.ok, ctx)).toBe(n);
    expect(createNameserver('ns1.example', '::ffff:127.51.0.1', ctx)).toBe(n);
    expect(createNameserver('ns2.example', A.ok, ctx)).not.toBe(n);
    expect([...ctx.nameservers.keys()]).toEqual(['ns1.example/127.51.0.1', 'ns2.example/127.51.0.1']);
  });

  it('stamps each answer with its arrival, which copies and comparisons of the packet do not see', async () => {
    const before = Date.now() / 1000;
    const packet = await createNameserver('ns1.example', A.ok, context().ctx).query('example', 'NS');
    if (!isPacket(packet)) throw new Error('no answer');
    expect(packetTimestamp(packet)).toBeGreaterThanOrEqual(before);
    expect(packetTimestamp(packet)).toBeLessThanOrEqual(Date.now() / 1000);
    const copy = { ...packet } as Packet;
    expect(packetTimestamp(copy)).toBeUndefined();
    expect(packet).toEqual(copy);
    expect(JSON.stringify(packet)).toBe(JSON.stringify(copy));
  });

  it('blacklists a transport after a non-EDNS SOA query gets no answer', async () => {
    const { ctx, events } = context();
    const n = createNameserver('ns.silent', A.silent, ctx);
    // an EDNS SOA query or another type does not blacklist
    expect(await n.query('one.example', 'SOA', { dnssec: true })).toBeUndefined();
    expect(await n.query('two.example', 'A')).toBeUndefined();
    expect(ctx.isBlacklisted(A.silent, 'udp')).toBe(false);
    expect(await n.query('three.example', 'SOA')).toBeUndefined();
    expect(ctx.isBlacklisted(A.silent, 'udp')).toBe(true);
    expect(ctx.isBlacklisted(A.silent, 'tcp')).toBe(false);
    expect(events.at(-1)!.tag).toBe('BLACKLISTING');

    const start = Date.now();
    expect(await n.query('four.example', 'A')).toBeUndefined();
    expect(Date.now() - start).toBeLessThan(250);
    expect(sent(A.silent, 'four.example')).toBe(0);
    expect(events.at(-1)!.tag).toBe('IS_BLACKLISTED');

    // TCP is still tried, and blacklisting can be disabled per query
    expect(await n.query('five.example', 'A', { usevc: true })).toBeUndefined();
    expect(sent(A.silent, 'five.example')).toBe(1);
    expect(await n.query('six.example', 'A', { blacklistingDisabled: true })).toBeUndefined();
    expect(sent(A.silent, 'six.example')).toBe(1);
  });

  it('answers fake delegations and fake DS from parent servers, before the cache', async () => {
    const { ctx, events } = context();
    ctx.addFakeDelegation('Child.Example.', [
      { name: 'ns1.child.example', ip: ['127.60.0.1', '::1'] },
      { name: 'ns.outside.test' },
    ]);
    ctx.addFakeDs('child.example', [{ keytag: 12345, algorithm: 13, type: 2, digest: 'ab'.repeat(32) }]);
    const parent = createNameserver('ns1.example', A.parent, ctx);

    const ns = (await parent.query('child.example', 'NS', { dnssec: true })) as Packet;
    expect(ns.flags.aa).toBe(false);
    expect(ns.answer.map((r) => r.data)).toEqual(['ns1.child.example', 'ns.outside.test']);
    expect(ns.additional.map((r) => `${r.type} ${r.data}`)).toEqual(['A 127.60.0.1', 'AAAA ::1']);
    expect(ns.edns?.do).toBe(true);
    expect(ns.from.address).toBe(A.parent);

    const referral = (await parent.query('www.child.example', 'A', { recurse: true })) as Packet;
    expect(referral.isReferral).toBe(true);
    expect(referral.flags.rd).toBe(true);
    expect(referral.authority).toHaveLength(2);

    const ds = (await parent.query('child.example', 'DS')) as Packet;
    expect(ds.flags.aa).toBe(true);
    expect(ds.answer[0]!.data).toMatchObject({ keyTag: 12345, algorithm: 13, digestType: 2 });

    expect(sent(A.parent, 'child.example') + sent(A.parent, 'www.child.example')).toBe(0);
    expect(events.map((e) => e.tag)).toEqual([
      'FAKE_DELEGATION_RETURNED',
      'FAKE_DELEGATION_RETURNED',
      'FAKE_DS_RETURNED',
    ]);

    // the delegated servers themselves are not given the fake data
    const child = createNameserver('ns1.child.example', '127.60.0.1', createDnsContext({ noNetwork: true }));
    expect(await child.query('child.example', 'NS')).toBeUndefined();
  });

  it('limits fake data to the given parent addresses', async () => {
    const { ctx } = context({ noNetwork: true });
    ctx.addFakeDelegation('child.example', [{ name: 'ns1.child.example', ip: '127.60.0.1' }], [A.parent]);
    expect(isPacket(await createNameserver('p', A.parent, ctx).query('x.child.example', 'A'))).toBe(true);
    expect(await createNameserver('o', A.ok, ctx).query('x.child.example', 'A')).toBeUndefined();
  });

  it('sends nothing in noNetwork mode', async () => {
    const { ctx, events } = context({ noNetwork: true });
    expect(await createNameserver('ns1.example', A.ok, ctx).query('nonet.example', 'SOA')).toBeUndefined();
    expect(sent(A.ok, 'nonet.example')).toBe(0);
    expect(events.map((e) => e.tag)).toEqual(['NO_NETWORK_MISS']);
  });

  it('keeps contexts apart', async () => {
    const one = context().ctx;
    const two = context().ctx;
    await createNameserver('ns1.example', A.ok, one).query('example', 'NS');
    expect(one.cacheFor(A.ok).size).toBe(1);
    expect(two.cacheFor(A.ok).size).toBe(0);
  });
});
