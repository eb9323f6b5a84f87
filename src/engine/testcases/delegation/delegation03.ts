/**
 * Delegation03: Referral fits in a 512-byte UDP answer.
 * Specification methods: Method 1, Method 2, Method 4.
 */
import { familyOf, isAtOrBelow, labelsOf } from '../../dns/name.js';
import { method1, method2, method4 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

/** Largest DNS message over UDP without EDNS (RFC 1035). */
export const UDP_PAYLOAD_LIMIT = 512;

/** Wire size of DNS messages written with RFC 1035 4.1.4 name compression. */
export class CompressedSize {
  size = 12; // header
  private readonly written = new Set<string>();

  name(name: string): void {
    const labels = labelsOf(name);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (this.written.has(suffix)) {
        this.size += 2; // pointer
        return;
      }
      if (this.size < 0x4000) this.written.add(suffix);
      this.size += 1 + Buffer.byteLength(labels[i]!, 'latin1');
    }
    this.size += 1; // root label
  }

  question(name: string): void {
    this.name(name);
    this.size += 4; // type, class
  }

  record(owner: string, rdata: { name: string } | { bytes: number }): void {
    this.name(owner);
    this.size += 10; // type, class, ttl, rdlength
    if ('name' in rdata) this.name(rdata.name);
    else this.size += rdata.bytes;
  }
}

/** A name below `zone` of 255 octets in wire format (253 characters in text). */
export function maxLengthNameUnder(zone: string): string {
  let name = zone;
  const textLength = () => (name === '' ? 0 : name.length);
  while (textLength() < 253) {
    const room = 253 - textLength() - (name === '' ? 0 : 1);
    const label = 'x'.repeat(Math.min(63, room));
    name = name === '' ? label : `${label}.${name}`;
  }
  return name;
}

export const delegation03 = testCase({
  id: 'delegation03',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation03.md',
  tags: {
    REFERRAL_SIZE_OK: 'size',
    REFERRAL_SIZE_TOO_LARGE: 'size',
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    const packet = new CompressedSize();
    // Delegation03 step 1: a maximally long query name under the apex
    packet.question(maxLengthNameUnder(zone));
    // Delegation03 steps 2-3: NS records of the delegation in the authority section
    const names = [...new Set(await method2(ctx))];
    for (const name of names) packet.record(zone, { name });
    // Delegation03 step 4: the parent zone
    const parent = zone === '' ? '' : ((await method1(ctx)) ?? '');
    // Delegation03 steps 5-9: one glue record per address family when every such name is in the parent's bailiwick
    const pairs = await method4(ctx);
    for (const [family, bytes] of [
      [4, 4], // A
      [6, 16], // AAAA
    ] as const) {
      const withFamily = pairs.filter((p) => familyOf(p.address) === family);
      if (withFamily.length > 0 && withFamily.every((p) => isAtOrBelow(p.name, parent))) {
        packet.record(withFamily[0]!.name, { bytes });
      }
    }
    // Delegation03 step 10
    ctx.emit(packet.size > UDP_PAYLOAD_LIMIT ? 'REFERRAL_SIZE_TOO_LARGE' : 'REFERRAL_SIZE_OK', {
      size: packet.size,
    });
  },
});
