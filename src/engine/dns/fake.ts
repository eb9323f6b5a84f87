/**
 * Synthesized answers for undelegated tests: fake delegations and fake DS are answered
 * by the parent's servers before the cache is consulted.
 */
import { decodeResponse, normalizeName } from './codec.js';
import { encodeMessage, type RecordSpec } from './encoder.js';
import type { Packet } from './types.js';
import { addressFamily } from './address.js';
import { isAtOrBelow } from './name.js';

export interface FakeNameserver {
  name: string;
  /** addresses (glue); an entry without addresses gives an NS record without glue */
  ip?: string | string[];
}

export interface FakeDs {
  keytag: number;
  algorithm: number;
  type: number;
  /** hex */
  digest: string;
}

export interface FakeDelegation {
  zone: string;
  nameservers: { name: string; ips: string[] }[];
  /** parent server addresses that answer with it; undefined = every server not in the delegation itself */
  parents?: Set<string>;
}

export interface FakeDsEntry {
  zone: string;
  ds: FakeDs[];
  parents?: Set<string>;
}

export function delegationApplies(d: FakeDelegation, address: string): boolean {
  if (d.parents) return d.parents.has(address);
  return !d.nameservers.some((ns) => ns.ips.includes(address));
}

/** The fake delegation (deepest zone) covering `name` for a server, if any. */
export function findFakeDelegation(
  delegations: Iterable<FakeDelegation>,
  name: string,
  address: string,
): FakeDelegation | undefined {
  let best: FakeDelegation | undefined;
  for (const d of delegations) {
    if (
      isAtOrBelow(name, d.zone) &&
      delegationApplies(d, address) &&
      (!best || d.zone.length > best.zone.length)
    )
      best = d;
  }
  return best;
}

interface QueryShape {
  name: string;
  type: string;
  class: string;
  rd: boolean;
  edns: boolean;
  do: boolean;
}

const dotted = (n: string) => (n === '' ? '.' : n);

function build(
  q: QueryShape,
  address: string,
  aa: boolean,
  sections: { answer?: RecordSpec[]; authority?: RecordSpec[]; additional?: RecordSpec[] },
): Packet {
  const raw = encodeMessage({
    id: 0,
    aa,
    rd: q.rd,
    question: [{ name: dotted(q.name), type: q.type, class: q.class }],
    ...sections,
    edns: q.edns ? { udpSize: 1232, do: q.do } : undefined,
  });
  const result = decodeResponse(raw, {
    from: { address, port: 53 },
    querytime: 0,
    tcp: false,
  });
  if ('broken' in result) throw new Error(`fake answer did not encode: ${result.error}`);
  return result;
}

function nsAndGlue(d: FakeDelegation) {
  const ns = d.nameservers.map((n) => ({
    name: dotted(d.zone),
    type: 'NS',
    class: 'IN',
    ttl: 3600,
    data: dotted(n.name),
  }));
  const glue = d.nameservers.flatMap((n) =>
    n.ips.map((ip) => ({
      name: dotted(n.name),
      type: addressFamily(ip) === 6 ? 'AAAA' : 'A',
      class: 'IN',
      ttl: 3600,
      data: ip,
    })),
  );
  return { ns, glue };
}

export function fakeDelegationAnswer(d: FakeDelegation, q: QueryShape, address: string): Packet {
  const name = normalizeName(q.name);
  if (q.type === 'DS') return build(q, address, true, {});
  const { ns, glue } = nsAndGlue(d);
  if (q.type === 'NS' && name === d.zone) return build(q, address, false, { answer: ns, additional: glue });
  return build(q, address, false, { authority: ns, additional: glue });
}

export function fakeDsAnswer(entry: FakeDsEntry, q: QueryShape, address: string): Packet {
  const answer = entry.ds.map((ds) => ({
    name: dotted(entry.zone),
    type: 'DS',
    class: 'IN',
    ttl: 3600,
    data: {
      keyTag: ds.keytag,
      algorithm: ds.algorithm,
      digestType: ds.type,
      digest: Buffer.from(ds.digest, 'hex'),
    },
  }));
  return build(q, address, true, { answer });
}
