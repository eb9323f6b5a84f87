/**
 * Canonical RR form (RFC 4034 §6.2) and the data an RRSIG signs (RFC 4034 §3.1.8.1). Built from RR.rawData,
 * which the DNS layer keeps uncompressed with the original case; the names inside the rdata of the types
 * RFC 4034 §6.2 item 3 lists are lowered here.
 */
import type { RR } from '../dns/types.js';
import { classCode, typeCode } from '../dns/rrtypes.js';
import { canonicalNameWire, labelCount } from './names.js';
import { concatBytes } from '../dns/wire.js';

/** Rdata layout steps: a name, a fixed number of bytes, or a character-string. */
type Step = 'name' | 'cstr' | number;

const NAME_LAYOUTS: Record<string, Step[]> = {
  NS: ['name'],
  MD: ['name'],
  MF: ['name'],
  CNAME: ['name'],
  MB: ['name'],
  MG: ['name'],
  MR: ['name'],
  PTR: ['name'],
  DNAME: ['name'],
  NXT: ['name'],
  NSEC: ['name'],
  SOA: ['name', 'name'],
  MINFO: ['name', 'name'],
  RP: ['name', 'name'],
  MX: [2, 'name'],
  AFSDB: [2, 'name'],
  RT: [2, 'name'],
  KX: [2, 'name'],
  PX: [2, 'name', 'name'],
  SRV: [6, 'name'],
  NAPTR: [4, 'cstr', 'cstr', 'cstr', 'name'],
  SIG: [18, 'name'],
  RRSIG: [18, 'name'],
};

function lowerNamesIn(rdata: Uint8Array, steps: Step[]): Uint8Array {
  const out = Uint8Array.from(rdata);
  let offset = 0;
  for (const step of steps) {
    if (offset >= out.length) break;
    if (typeof step === 'number') offset += step;
    else if (step === 'cstr') offset += 1 + out[offset]!;
    else {
      while (offset < out.length && out[offset] !== 0) {
        const length = out[offset]!;
        if (length > 63) return out; // compressed or broken: leave as is
        for (let i = offset + 1; i <= offset + length && i < out.length; i++) {
          if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i] = out[i]! + 0x20;
        }
        offset += length + 1;
      }
      offset += 1;
    }
  }
  return out;
}

/** Canonical rdata of a record. */
export function canonicalRdata(rr: RR): Uint8Array {
  const raw = rr.rawData ?? new Uint8Array();
  const steps = NAME_LAYOUTS[rr.type];
  return steps ? lowerNamesIn(raw, steps) : raw;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export interface RrsigFields {
  typeCovered: string;
  algorithm: number;
  labels: number;
  originalTTL: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signersName: string;
  signature: Uint8Array;
}

/** Owner name as signed: the wildcard form when the RRSIG has fewer labels than the owner (RFC 4035 §5.3.2). */
function signedOwner(owner: string, labels: number): string {
  const count = labelCount(owner);
  if (labels >= count) return owner;
  const parts = owner.split(/(?<!\\)\./);
  return ['*', ...parts.slice(parts.length - labels)].join('.');
}

/** The bytes an RRSIG's signature covers: its rdata without the signature, then the canonical RRset. */
export function signedData(sig: RrsigFields, rrset: readonly RR[]): Uint8Array {
  const header = concatBytes([
    u16(typeCode(sig.typeCovered) ?? 0),
    Uint8Array.of(sig.algorithm, sig.labels),
    u32(sig.originalTTL),
    u32(sig.expiration),
    u32(sig.inception),
    u16(sig.keyTag),
    canonicalNameWire(sig.signersName),
  ]);
  const records: Uint8Array[] = [];
  const seen: Uint8Array[] = [];
  const rdatas = rrset
    .map((rr) => ({ rr, rdata: canonicalRdata(rr) }))
    .sort((a, b) => compareBytes(a.rdata, b.rdata));
  for (const { rr, rdata } of rdatas) {
    if (seen.some((s) => compareBytes(s, rdata) === 0)) continue; // duplicates are removed (RFC 4034 §6.3)
    seen.push(rdata);
    records.push(
      concatBytes([
        canonicalNameWire(signedOwner(rr.name, sig.labels)),
        u16(typeCode(rr.type) ?? 0),
        u16(classCode(rr.class)),
        u32(sig.originalTTL),
        u16(rdata.length),
        rdata,
      ]),
    );
  }
  return concatBytes([header, ...records]);
}
