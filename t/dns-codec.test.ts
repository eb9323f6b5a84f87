import { describe, expect, it } from 'vitest';
import dnsPacket from 'dns-packet';
import { decodeResponse, encodeEdnsOptions, encodeQuery, parseMessage } from '../src/engine/dns/codec.js';
import { isPacket, type Packet, type QueryResult } from '../src/engine/dns/types.js';

const meta = { from: { address: '127.0.0.1', port: 53 }, querytime: 1, tcp: false };

function packet(r: QueryResult): Packet {
  if (!isPacket(r)) throw new Error(`not a packet: ${r && 'error' in r ? r.error : 'undefined'}`);
  return r;
}

function response(fields: Record<string, unknown>): Uint8Array {
  return new Uint8Array(
    dnsPacket.encode({
      type: 'response',
      id: 42,
      questions: [{ name: 'example', type: 'A' }],
      ...fields,
    } as any),
  );
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
    const d = dnsPacket.decode(Buffer.from(wire));
    expect(d.id).toBe(0x1234);
    expect(d.flags).toBe(0);
    expect(d.questions![0]).toMatchObject({ name: 'Example.ORG', type: 'SOA', class: 'IN' });
    expect(d.additionals).toHaveLength(0);
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
    const opt = dnsPacket.decode(Buffer.from(wire)).additionals![0] as any;
    expect(opt.type).toBe('OPT');
    expect(opt.udpPayloadSize).toBe(1232);
    expect(opt.ednsVersion).toBe(1);
    expect(opt.extendedRcode).toBe(5);
    expect(opt.flags).toBe(0x8003);
    expect(opt.options[0].code).toBe(137);
  });
});

describe('decodeResponse', () => {
  it('decodes sections, lower-cases names, keeps raw bytes and rawData', () => {
    const raw = response({
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      answers: [{ name: 'EXAMPLE', type: 'A', ttl: 60, data: '192.0.2.1' }],
      authorities: [{ name: 'example', type: 'NS', ttl: 60, data: 'NS1.Example' }],
      additionals: [{ name: 'ns1.example', type: 'AAAA', ttl: 60, data: '2001:db8::1' }],
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
      additionals: [
        {
          name: '.',
          type: 'OPT',
          udpPayloadSize: 4096,
          extendedRcode: 1,
          ednsVersion: 0,
          flags: 0x8000,
          options: [{ code: 10, data: Buffer.from('abcdefgh') }],
        },
      ],
    });
    const p = packet(decodeResponse(raw, meta));
    expect(p.rcode).toBe('BADVERS');
    expect(p.edns).toMatchObject({ version: 0, udpSize: 4096, do: true, z: 0 });
    expect(p.edns!.options[0]!.code).toBe(10);
    expect(p.additional).toHaveLength(0);
  });

  it('decodes unknown types as TYPEnnn with raw data, and CDS/CDNSKEY/NSEC3PARAM', () => {
    const raw = response({
      answers: [
        { name: 'example', type: 'UNKNOWN_65534', ttl: 1, data: Buffer.from([1, 2, 3]) },
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
    expect(packet(decodeResponse(response({ flags: 0x400, authorities: [soa] }), meta)).isNoData).toBe(true);
    expect(packet(decodeResponse(response({ flags: 0x403 }), meta)).isNoData).toBe(true);
    const referral = packet(
      decodeResponse(
        new Uint8Array(
          dnsPacket.encode({
            type: 'response',
            id: 1,
            questions: [{ name: 'www.child.example', type: 'A' }],
            authorities: [{ name: 'child.example', type: 'NS', data: 'ns.child.example' }],
          } as any),
        ),
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
        response({ answers: [{ name: 'example', type: 'A', data: '192.0.2.1' }] }).subarray(0, 40),
      ],
      [
        'bad A length',
        Uint8Array.from([
          ...response({ answers: [{ name: 'example', type: 'UNKNOWN_1', data: Buffer.from([1, 2, 3]) }] }),
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
