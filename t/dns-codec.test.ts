import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeEdnsOptions, encodeQuery, parseMessage } from '../src/engine/dns/codec.js';
import { encodeMessage, encodeRdata, type MessageSpec } from '../src/engine/dns/encoder.js';
import { encodeName } from '../src/engine/dns/wire.js';
import { isPacket, type Packet, type QueryResult } from '../src/engine/dns/types.js';

const meta = { from: { address: '127.0.0.1', port: 53 }, querytime: 1, tcp: false };

function packet(r: QueryResult): Packet {
  if (!isPacket(r)) throw new Error(`not a packet: ${r && 'error' in r ? r.error : 'undefined'}`);
  return r;
}

function response(fields: Partial<MessageSpec>): Uint8Array {
  return encodeMessage({ id: 42, question: [{ name: 'example', type: 'A' }], ...fields });
}

describe('encodeQuery', () => {
  it('encodes a plain query without OPT, RD unset', () => {
    const wire = encodeQuery({
      id: 0x1234,
      name: 'Example.ORG.',
      type: 'SOA',
      class: 'IN',
      rd: false,
      cd: false,
    });
    expect(Buffer.from(wire).toString('hex')).toBe(
      '1234' + '0000' + '0001' + '0000' + '0000' + '0000' + '074578616d706c65034f524700' + '0006' + '0001',
    );
    const d = parseMessage(wire, { keepCase: true });
    expect(d.id).toBe(0x1234);
    expect(d.question[0]).toEqual({ name: 'Example.ORG', type: 'SOA', class: 'IN' });
    expect(d.edns).toBeUndefined();
  });

  it('encodes RD, CD, the root name, CH class and TYPEnnn', () => {
    const wire = encodeQuery({ id: 1, name: '', type: 'TYPE65534', class: 'CH', rd: true, cd: true });
    const m = parseMessage(wire);
    expect(m.flagsWord & 0x0110).toBe(0x0110);
    expect(m.question[0]).toEqual({ name: '', type: 'TYPE65534', class: 'CH' });
  });

  it('encodes EDNS version, z, DO, extended rcode, size and options', () => {
    const data = encodeEdnsOptions([{ code: 137, data: new Uint8Array(0) }]);
    const wire = encodeQuery({
      id: 7,
      name: 'a.example',
      type: 'DNSKEY',
      class: 'IN',
      rd: false,
      cd: false,
      edns: { version: 1, z: 3, do: true, extendedRcode: 5, udpSize: 1232, data },
    });
    // the OPT record: root owner, type 41, size, extended rcode, version, DO + z, rdlength, option 137
    expect(Buffer.from(wire.subarray(wire.length - 15)).toString('hex')).toBe(
      '00002904d0050180030004' + '00890000',
    );
    const m = parseMessage(wire);
    expect(m.rcode).toBe(5 << 4);
    expect(m.edns).toMatchObject({ version: 1, udpSize: 1232, do: true, z: 3 });
    expect(m.edns!.options.map((o) => [o.code, o.data.length])).toEqual([[137, 0]]);
  });
});

describe('decodeResponse', () => {
  it('decodes sections, lower-cases names, keeps raw bytes and rawData', () => {
    const raw = response({
      aa: true,
      answer: [{ name: 'EXAMPLE', type: 'A', ttl: 60, data: '192.0.2.1' }],
      authority: [{ name: 'example', type: 'NS', ttl: 60, data: 'NS1.Example' }],
      additional: [{ name: 'ns1.example', type: 'AAAA', ttl: 60, data: '2001:db8::1' }],
    });
    const p = packet(decodeResponse(raw, meta));
    expect(p.raw).toBe(raw);
    expect(p.id).toBe(42);
    expect(p.flags.aa).toBe(true);
    expect(p.rcode).toBe('NOERROR');
    expect(p.answer[0]).toMatchObject({
      name: 'example',
      type: 'A',
      class: 'IN',
      ttl: 60,
      data: '192.0.2.1',
    });
    expect(Array.from(p.answer[0]!.rawData!)).toEqual([192, 0, 2, 1]);
    expect(p.authority[0]!.data).toBe('ns1.example');
    // rawData of a name keeps its case and is uncompressed
    expect(Buffer.from(p.authority[0]!.rawData!).toString('latin1')).toBe('\x03NS1\x07Example\x00');
    expect(p.additional[0]!.data).toBe('2001:db8::1');
    expect(p.records('A')).toHaveLength(1);
    expect(p.records('NS', 'authority', 'EXAMPLE.')).toHaveLength(1);
    expect(p.records('NS', 'answer')).toHaveLength(0);
    expect(p.edns).toBeUndefined();
  });

  it('decodes compressed names in rdata (SOA, MX) into uncompressed rawData', () => {
    // question name at offset 12; answer owner and rdata names point back to it
    const header = [0, 1, 0x84, 0, 0, 1, 0, 2, 0, 0, 0, 0];
    const q = [7, ...Buffer.from('example'), 0, 0, 6, 0, 1];
    const soa = [
      0xc0,
      12,
      0,
      6,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      27,
      2,
      ...Buffer.from('ns'),
      0xc0,
      12,
      0xc0,
      12,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      3,
      0,
      0,
      0,
      4,
      0,
      0,
      0,
      5,
    ];
    const mx = [0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 10, 0xc0, 12];
    const p = packet(decodeResponse(Uint8Array.from([...header, ...q, ...soa, ...mx]), meta));
    expect(p.answer[0]!.data).toEqual({
      mname: 'ns.example',
      rname: 'example',
      serial: 1,
      refresh: 2,
      retry: 3,
      expire: 4,
      minimum: 5,
    });
    expect(p.answer[0]!.rawData!.length).toBe(12 + 9 + 20);
    expect(p.answer[1]!.data).toEqual({ preference: 10, exchange: 'example' });
    expect(p.isNoData).toBe(false);
  });

  it('merges the extended rcode (BADVERS) and reads OPT fields', () => {
    const raw = response({
      rcode: 16,
      edns: { udpSize: 4096, do: true, options: [{ code: 10, data: Buffer.from('abcdefgh') }] },
    });
    const p = packet(decodeResponse(raw, meta));
    expect(p.rcode).toBe('BADVERS');
    expect(p.edns).toMatchObject({ version: 0, udpSize: 4096, do: true, z: 0 });
    expect(p.edns!.options[0]!.code).toBe(10);
    expect(p.additional).toHaveLength(0);
  });

  it('decodes unknown types as TYPEnnn with raw data, and CDS/CDNSKEY/NSEC3PARAM', () => {
    const raw = response({
      answer: [
        { name: 'example', type: 'TYPE65534', ttl: 1, data: Buffer.from([1, 2, 3]) },
        { name: 'example', type: 'CDS', ttl: 1, data: Buffer.from([0, 1, 8, 2, 0xab]) },
        { name: 'example', type: 'CDNSKEY', ttl: 1, data: Buffer.from([1, 1, 3, 13, 0xff]) },
        { name: 'example', type: 'NSEC3PARAM', ttl: 1, data: Buffer.from([1, 0, 0, 10, 2, 0xaa, 0xbb]) },
      ],
    });
    const p = packet(decodeResponse(raw, meta));
    expect(p.answer.map((r) => r.type)).toEqual(['TYPE65534', 'CDS', 'CDNSKEY', 'NSEC3PARAM']);
    expect(Array.from(p.answer[0]!.data as Buffer)).toEqual([1, 2, 3]);
    expect(p.answer[1]!.data).toMatchObject({ keyTag: 1, algorithm: 8, digestType: 2 });
    expect(p.answer[2]!.data).toMatchObject({ flags: 257, protocol: 3, algorithm: 13 });
    expect(p.answer[3]!.data).toMatchObject({ algorithm: 1, flags: 0, iterations: 10 });
    expect(Buffer.from(p.answer[3]!.data.salt).toString('hex')).toBe('aabb');
  });

  it('recognises NODATA, NXDOMAIN and referrals', () => {
    const soa = {
      name: 'example',
      type: 'SOA',
      ttl: 1,
      data: { mname: 'a', rname: 'b', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 },
    };
    expect(packet(decodeResponse(response({ aa: true, authority: [soa] }), meta)).isNoData).toBe(true);
    expect(packet(decodeResponse(response({ aa: true, rcode: 3 }), meta)).isNoData).toBe(true);
    const referral = packet(
      decodeResponse(
        encodeMessage({
          id: 1,
          question: [{ name: 'www.child.example', type: 'A' }],
          authority: [{ name: 'child.example', type: 'NS', data: 'ns.child.example' }],
        }),
        meta,
      ),
    );
    expect(referral.isReferral).toBe(true);
    expect(referral.isNoData).toBe(false);
  });

  it('turns malformed messages into BrokenResponse', () => {
    const cases: [string, Uint8Array][] = [
      ['short header', Uint8Array.from([0, 1, 0x81])],
      ['truncated question', response({}).subarray(0, 16)],
      ['pointer loop', Uint8Array.from([0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1])],
      ['forward pointer', Uint8Array.from([0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 14, 0, 0, 1, 0, 1])],
      [
        'rdata past the end',
        response({ answer: [{ name: 'example', type: 'A', data: '192.0.2.1' }] }).subarray(0, 40),
      ],
      [
        'bad A length',
        Uint8Array.from([
          ...response({ answer: [{ name: 'example', type: 'A', data: Buffer.from([1, 2, 3]) }] }),
        ]),
      ],
    ];
    for (const [label, raw] of cases) {
      const r = decodeResponse(raw, meta);
      expect(isPacket(r), label).toBe(false);
      expect(r).toMatchObject({ broken: true, raw });
      expect((r as { error: string }).error.length, label).toBeGreaterThan(0);
    }
  });

  it('escapes odd label bytes in names', () => {
    const header = [0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    const q = [3, 0x61, 0x2e, 0x20, 0, 0, 1, 0, 1];
    const p = packet(decodeResponse(Uint8Array.from([...header, ...q]), meta));
    expect(p.question[0]!.name).toBe('a\\.\\032');
  });
});

describe('encodeName', () => {
  it('writes plain names, the root, escapes and UTF-8 the same way as the escaped-name path', () => {
    const hex = (name: string) => Buffer.from(encodeName(name)).toString('hex');
    expect(hex('')).toBe('00');
    expect(hex('.')).toBe('00');
    expect(hex('Ab.c.')).toBe('024162016300');
    expect(hex('a\\.b.c')).toBe('03612e62016300');
    expect(hex('\\255x.c')).toBe('02ff78016300');
    expect(hex('ü.c')).toBe('02c3bc016300');
    expect(hex(`${'a'.repeat(63)}.c`)).toBe(`3f${'61'.repeat(63)}016300`);
  });

  it('refuses empty and over-long labels and names over 255 octets', () => {
    for (const bad of ['a..b', '.a', `${'a'.repeat(64)}.c`, `${'a\\.'.repeat(22)}${'b'.repeat(42)}.c`])
      expect(() => encodeName(bad), bad).toThrow(/bad label/);
    expect(() => encodeName(Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.'))).toThrow(/too long/);
  });

  it('round-trips every byte of a label through the presentation form', () => {
    const label = Uint8Array.from({ length: 63 }, (_, i) => (i * 37 + 1) % 256);
    const wire = Uint8Array.from([...[0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0], 63, ...label, 0, 0, 1, 0, 1]);
    const name = parseMessage(wire, { keepCase: true }).question[0]!.name;
    expect(Array.from(encodeName(name))).toEqual([63, ...label, 0]);
  });
});

describe('encodeMessage and encodeRdata', () => {
  const bytes = (hex: string) => Buffer.from(hex, 'hex');
  const records: { type: string; data: unknown; wire: string }[] = [
    { type: 'A', data: '192.0.2.1', wire: 'c0000201' },
    { type: 'AAAA', data: '2001:db8::1', wire: '20010db8000000000000000000000001' },
    { type: 'NS', data: 'ns1.example', wire: '036e7331076578616d706c6500' },
    { type: 'CNAME', data: 'a.example', wire: '0161076578616d706c6500' },
    { type: 'DNAME', data: 'b.example', wire: '0162076578616d706c6500' },
    { type: 'PTR', data: 'example', wire: '076578616d706c6500' },
    { type: 'MX', data: { preference: 10, exchange: 'example' }, wire: '000a076578616d706c6500' },
    {
      type: 'SOA',
      data: { mname: 'a', rname: 'b', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 },
      wire: '0161000162000000000100000002000000030000000400000005',
    },
    { type: 'SRV', data: { priority: 1, weight: 2, port: 53, target: 'a' }, wire: '00010002003501610' + '0' },
    { type: 'TXT', data: [Buffer.from('hi'), Buffer.from('')], wire: '02686900' },
    {
      type: 'DS',
      data: { keyTag: 1, algorithm: 8, digestType: 2, digest: bytes('abcd') },
      wire: '00010802abcd',
    },
    {
      type: 'CDS',
      data: { keyTag: 0, algorithm: 0, digestType: 0, digest: bytes('00') },
      wire: '0000000000',
    },
    {
      type: 'DNSKEY',
      data: { flags: 257, protocol: 3, algorithm: 13, key: bytes('ff') },
      wire: '0101030dff',
    },
    { type: 'CDNSKEY', data: { flags: 0, protocol: 3, algorithm: 0, key: bytes('00') }, wire: '0000030000' },
    {
      type: 'RRSIG',
      data: {
        typeCovered: 'SOA',
        algorithm: 13,
        labels: 1,
        originalTTL: 60,
        expiration: 2,
        inception: 1,
        keyTag: 7,
        signersName: 'example',
        signature: bytes('beef'),
      },
      wire: '00060d010000003c00000002000000010007076578616d706c6500beef',
    },
    {
      type: 'NSEC',
      data: { nextDomain: 'b', rrtypes: ['A', 'RRSIG', 'NSEC', 'CAA'] },
      wire: '0162000006400000000003' + '010140',
    },
    {
      type: 'NSEC3',
      data: {
        algorithm: 1,
        flags: 1,
        iterations: 0,
        salt: bytes(''),
        nextDomain: bytes('0102'),
        rrtypes: ['NS'],
      },
      wire: '010100000002010200012' + '0',
    },
    {
      type: 'NSEC3PARAM',
      data: { algorithm: 1, flags: 0, iterations: 5, salt: bytes('aabb') },
      wire: '0100000502aabb',
    },
    { type: 'HINFO', data: { cpu: 'x', os: 'y' }, wire: '01780179' },
    {
      type: 'CAA',
      data: { flags: 128, tag: 'issue', value: 'ca.example', issuerCritical: true },
      wire: '80056973737565' + Buffer.from('ca.example').toString('hex'),
    },
    { type: 'SSHFP', data: { algorithm: 4, hash: 2, fingerprint: 'ABCD' }, wire: '0402abcd' },
    {
      type: 'TLSA',
      data: { usage: 3, selector: 1, matchingType: 1, certificate: bytes('99') },
      wire: '03010199',
    },
    {
      type: 'NAPTR',
      data: { order: 1, preference: 2, flags: 'S', services: 'x', regexp: '', replacement: 'a' },
      wire: '00010002015301780001610' + '0',
    },
    { type: 'TYPE65534', data: bytes('010203'), wire: '010203' },
  ];

  it('encodes each type to its wire form, and decoding gives the same shape back', () => {
    for (const { type, data, wire } of records) {
      expect(Buffer.from(encodeRdata(type, data)).toString('hex'), type).toBe(wire);
      const raw = response({ answer: [{ name: 'example', type, ttl: 5, data }] });
      const rr = packet(decodeResponse(raw, meta)).answer[0]!;
      expect(rr.type, type).toBe(type);
      expect(Buffer.from(rr.rawData!).toString('hex'), type).toBe(wire);
      if (type === 'TXT') expect(rr.data.map((b: Buffer) => b.toString())).toEqual(['hi', '']);
      else if (data instanceof Uint8Array || typeof data === 'string') expect(rr.data, type).toEqual(data);
      else expect(rr.data, type).toMatchObject(data as object);
    }
  });

  it('writes header flags, a 12-bit rcode through OPT, and echoes the question case', () => {
    const wire = encodeMessage({
      id: 0xbeef,
      aa: true,
      tc: true,
      rd: true,
      ra: true,
      ad: true,
      cd: true,
      rcode: 23,
      question: [{ name: 'ExAmple', type: 'TYPE65534', class: 'CH' }],
      edns: { udpSize: 1232, do: true, version: 0 },
    });
    const m = parseMessage(wire, { keepCase: true });
    expect(m.flagsWord).toBe(0x8000 | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 0x0020 | 0x0010 | 7);
    expect(m.rcode).toBe(23);
    expect(m.question).toEqual([{ name: 'ExAmple', type: 'TYPE65534', class: 'CH' }]);
    expect(packet(decodeResponse(wire, meta)).rcode).toBe('BADCOOKIE');
    expect(() => encodeMessage({ id: 1, rcode: 16, question: [] })).toThrow(/OPT/);
  });

  it('refuses what it cannot encode', () => {
    expect(() => encodeRdata('A', 'not-an-address')).toThrow();
    expect(() => encodeRdata('TXT', [Buffer.alloc(256)])).toThrow(/255/);
    expect(() => encodeRdata('TYPE65534', { x: 1 })).toThrow(/bytes/);
    expect(() => encodeRdata('NSEC', { nextDomain: 'a', rrtypes: ['NOSUCHTYPE'] })).toThrow(
      /unknown RR type/,
    );
  });
});
