/**
 * Low-level wire reading: a bounds-checked cursor and domain names with compression pointers.
 * Every read past the end throws a WireError, which the codec turns into a BrokenResponse.
 */
export class WireError extends Error {}

export interface WireName {
  /** presentation form, case kept, without trailing dot ("" = root) */
  text: string;
  /** octets of the uncompressed wire form */
  wireLength: number;
  /** the message the name was read from, where it starts there, and whether it follows a pointer */
  buf: Uint8Array;
  start: number;
  compressed: boolean;
}

const MAX_NAME_WIRE_LENGTH = 255;
const MAX_POINTER_HOPS = 127;

/** How each byte of a label is written: itself, backslash + itself, or \DDD (RFC 1035 5.1). */
const BYTE_TEXT: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  if ('.\\"();@$'.includes(String.fromCharCode(byte))) return `\\${String.fromCharCode(byte)}`;
  if (byte <= 0x20 || byte >= 0x7f) return `\\${byte.toString().padStart(3, '0')}`;
  return String.fromCharCode(byte);
});

export class Cursor {
  /** `limit`: reads stop there (the end of the rdata being decoded, or of the message) */
  constructor(
    readonly buf: Uint8Array,
    public offset = 0,
    public limit = buf.length,
  ) {}

  need(n: number): void {
    if (this.offset + n > this.limit)
      throw new WireError(`truncated at offset ${this.offset} (need ${n} bytes)`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.buf[this.offset]! << 8) | this.buf[this.offset + 1]!;
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const b = this.buf;
    const o = this.offset;
    this.offset += 4;
    return ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /**
   * A domain name at the cursor, following compression pointers (backwards only, bounded hops), read straight
   * into its presentation form: names are on the hot path of every message.
   */
  name(): WireName {
    const { buf, limit } = this;
    const start = this.offset;
    let text = '';
    let pos = start;
    let jumped = false;
    let hops = 0;
    let wireLength = 1;
    for (;;) {
      if (pos >= limit) throw new WireError(`name runs past the end at offset ${pos}`);
      const len = buf[pos]!;
      if (len === 0) {
        pos += 1;
        break;
      }
      const kind = len & 0xc0;
      if (kind === 0xc0) {
        if (pos + 1 >= limit) throw new WireError(`truncated compression pointer at offset ${pos}`);
        const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
        if (++hops > MAX_POINTER_HOPS) throw new WireError('compression pointer loop');
        if (target >= pos) throw new WireError(`forward compression pointer at offset ${pos}`);
        if (!jumped) this.offset = pos + 2;
        jumped = true;
        pos = target;
        continue;
      }
      if (kind !== 0) throw new WireError(`unsupported label type 0x${len.toString(16)} at offset ${pos}`);
      if (pos + 1 + len > limit) throw new WireError(`label runs past the end at offset ${pos}`);
      wireLength += len + 1;
      if (wireLength > MAX_NAME_WIRE_LENGTH) throw new WireError('name longer than 255 octets');
      if (text !== '') text += '.';
      for (let i = pos + 1, end = pos + 1 + len; i < end; i++) text += BYTE_TEXT[buf[i]!]!;
      pos += 1 + len;
    }
    if (!jumped) this.offset = pos;
    return { text, wireLength, buf, start, compressed: jumped };
  }
}

/** Presentation form without trailing dot, case kept ("" = root). */
export function nameToString(name: WireName): string {
  return name.text;
}

/** Lower-case presentation form (ASCII letters only), as used for owner names and names in rdata. */
export function nameToKey(name: WireName): string {
  return name.text.toLowerCase();
}

/** Uncompressed wire form of a decoded name (case kept). */
export function nameToWire(name: WireName): Uint8Array {
  const { buf } = name;
  if (!name.compressed) return buf.subarray(name.start, name.start + name.wireLength);
  // the name was read and checked already: follow its pointers and copy its labels
  const out = new Uint8Array(name.wireLength);
  let o = 0;
  let pos = name.start;
  for (let len = buf[pos]!; len !== 0; len = buf[pos]!) {
    if ((len & 0xc0) === 0xc0) {
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!;
      continue;
    }
    out.set(buf.subarray(pos, pos + 1 + len), o);
    o += 1 + len;
    pos += 1 + len;
  }
  return out;
}

/** Names of plain ASCII without escapes take the fast path of encodeName. */
const NEEDS_SLOW_PATH = /[\\\u0080-\uffff]/;

/** Wire form of a presentation name (escapes \. and \DDD understood); throws on over-long labels. */
export function encodeName(name: string): Uint8Array {
  if (name === '' || name === '.') return Uint8Array.of(0);
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (NEEDS_SLOW_PATH.test(text)) return encodeEscapedName(name, text);
  // label bytes sit one position after their characters; each dot's slot takes the next label's length
  const out = new Uint8Array(text.length + 2);
  let lengthAt = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (ch === 0x2e) {
      const length = i - lengthAt;
      if (length === 0 || length > 63) throw new Error(`bad label in name "${name}"`);
      out[lengthAt] = length;
      lengthAt = i + 1;
    } else {
      out[i + 1] = ch;
    }
  }
  if (out.length > MAX_NAME_WIRE_LENGTH) throw new Error(`name too long: "${name}"`);
  return out;
}

function encodeEscapedName(name: string, text: string): Uint8Array {
  const bytes: number[] = [];
  let label: number[] = [];
  const flush = () => {
    if (label.length === 0 || label.length > 63) throw new Error(`bad label in name "${name}"`);
    bytes.push(label.length, ...label);
    label = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const digits = /^\d{3}/.exec(text.slice(i + 1));
      if (digits) {
        label.push(Number(digits[0]));
        i += 3;
      } else {
        label.push(text.charCodeAt(++i));
      }
    } else if (ch === '.') {
      flush();
    } else {
      label.push(...Buffer.from(ch, 'utf8'));
    }
  }
  flush();
  bytes.push(0);
  if (bytes.length > MAX_NAME_WIRE_LENGTH) throw new Error(`name too long: "${name}"`);
  return Uint8Array.from(bytes);
}

/** The byte strings one after the other in one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
