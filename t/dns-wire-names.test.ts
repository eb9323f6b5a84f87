/**
 * Names read through compression pointers: a pointer to a name read before in the message reuses it, and must
 * give what reading it again would, including every limit (rdata end, pointer hops, 255 octets).
 */
import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../src/engine/dns/codec.js';
import { isPacket, type Packet, type QueryResult } from '../src/engine/dns/types.js';

const meta = { from: { address: '127.0.0.1', port: 53 }, querytime: 1, tcp: false };

function packet(r: QueryResult): Packet {
  if (!isPacket(r)) throw new Error(`not a packet: ${r && 'error' in r ? r.error : 'undefined'}`);
  return r;
}

function errorOf(r: QueryResult): string {
  if (isPacket(r) || !r || !('error' in r)) throw new Error('a packet, not a broken response');
  return r.error;
}

const u16 = (n: number) => [n >> 8, n & 0xff];
const pointer = (offset: number) => [0xc0 | (offset >> 8), offset & 0xff];
const label = (text: string) => [text.length, ...Buffer.from(text, 'latin1')];
const header = (answers: number, additional = 0) => [
  0,
  1,
  0x84,
  0,
  0,
  1,
  ...u16(answers),
  0,
  0,
  ...u16(additional),
];
/** A record without its owner: type, class IN, TTL 60, rdlength and rdata. */
const recordTail = (type: number, rdata: number[]) => [
  ...u16(type),
  0,
  1,
  0,
  0,
  0,
  60,
  ...u16(rdata.length),
  ...rdata,
];
const A = 1;
const NS = 2;

describe('names through compression pointers', () => {
  it('reads a name and any suffix of it again through pointers, keys in lower case, rawData expanded', () => {
    const question = [...label('WWW'), ...label('Example'), ...label('ORG'), 0, ...u16(NS), 0, 1];
    const example = 12 + 4; // "Example.ORG" inside the question name
    const raw = Uint8Array.from([
      ...header(3),
      ...question,
      ...pointer(12),
      ...recordTail(NS, [...label('NS1'), ...pointer(example)]),
      ...pointer(example),
      ...recordTail(NS, pointer(12)),
      ...label('a'),
      ...pointer(12),
      ...recordTail(A, [192, 0, 2, 1]),
    ]);
    const p = packet(decodeResponse(raw, meta));
    expect(p.question[0]!.name).toBe('www.example.org');
    expect(p.answer.map((rr) => [rr.name, rr.data])).toEqual([
      ['www.example.org', 'ns1.example.org'],
      ['example.org', 'www.example.org'],
      ['a.www.example.org', '192.0.2.1'],
    ]);
    expect(Buffer.from(p.answer[0]!.rawData!).toString('latin1')).toBe('\x03NS1\x07Example\x03ORG\x00');
    expect(Buffer.from(p.answer[1]!.rawData!).toString('latin1')).toBe('\x03WWW\x07Example\x03ORG\x00');
  });

  it('does not take a name read before that runs past the end of the rdata pointing to it', () => {
    // arcount 32 at offset 11 reads as a label of 32 bytes: the question name points there, and the name at 11
    // then ends at offset 44. The NS rdata (30-31) points to it too, but its labels run past the rdata.
    const raw = Uint8Array.from([
      ...[0, 0, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 32],
      ...pointer(11),
      ...u16(NS),
      0,
      1,
      ...pointer(12),
      ...recordTail(NS, pointer(11)),
      ...new Array<number>(12).fill(0x61),
      0,
    ]);
    expect(raw.length).toBe(45);
    expect(errorOf(decodeResponse(raw, meta))).toBe('label runs past the end at offset 11');
  });

  /** Records whose owners each point at the owner before; the first points at the question name. */
  function ownerChain(records: number): Uint8Array {
    const bytes = [...header(records), ...label('a'), 0, ...u16(A), 0, 1];
    let previous = 12;
    for (let i = 0; i < records; i++) {
      const at = bytes.length;
      bytes.push(...pointer(previous), ...recordTail(A, [192, 0, 2, 1]));
      previous = at;
    }
    return Uint8Array.from(bytes);
  }

  it('counts the pointers of a name read before against the limit of 127', () => {
    const p = packet(decodeResponse(ownerChain(127), meta));
    expect(p.answer).toHaveLength(127);
    expect(p.answer.every((rr) => rr.name === 'a')).toBe(true);
    expect(errorOf(decodeResponse(ownerChain(128), meta))).toBe('compression pointer loop');
  });

  it('counts the octets of a name read before against the limit of 255', () => {
    const long = [...label('b'.repeat(63)), ...label('c'.repeat(63)), ...label('d'.repeat(63)), 0]; // 193 octets
    const message = (prefix: number) =>
      Uint8Array.from([
        ...header(1),
        ...long,
        ...u16(A),
        0,
        1,
        ...label('e'.repeat(prefix)),
        ...pointer(12),
        ...recordTail(A, [192, 0, 2, 1]),
      ]);
    expect(packet(decodeResponse(message(61), meta)).answer[0]!.name).toHaveLength(61 + 1 + 191);
    expect(errorOf(decodeResponse(message(62), meta))).toBe('name longer than 255 octets');
  });

  it('spells a name read before the same in rdata of another type (NSEC next name)', () => {
    const raw = Uint8Array.from([
      ...header(1),
      ...label('Zone'),
      0,
      ...u16(47),
      0,
      1,
      ...pointer(12),
      ...recordTail(47, [...label('x'), ...pointer(12), 0, 1, 0x40]),
    ]);
    expect(packet(decodeResponse(raw, meta)).answer[0]!.data).toEqual({
      nextDomain: 'x.zone',
      rrtypes: ['A'],
    });
  });
});
