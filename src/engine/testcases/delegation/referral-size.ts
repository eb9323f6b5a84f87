/** Delegation03: the size of a referral as a DNS message on the wire. */
import { labelsOf } from '../../dns/name.js';

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
