/**
 * Low-level wire reading: a bounds-checked cursor and domain names with compression pointers.
 * Every read past the end throws a WireError, which the codec turns into a BrokenResponse.
 */
export class WireError extends Error {}

const MAX_NAME_WIRE_LENGTH = 255;
const MAX_POINTER_HOPS = 127;

/** How each byte of a label is written: itself, backslash + itself, or \DDD (RFC 1035 5.1). */
const BYTE_TEXT: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  if ('.\\"();@$'.includes(String.fromCharCode(byte))) return `\\${String.fromCharCode(byte)}`;
  if (byte <= 0x20 || byte >= 0x7f) return `\\${byte.toString().padStart(3, '0')}`;
  return String.fromCharCode(byte);
});

/** How the labels of a name are spelled: each byte's text, and the char code of the bytes written as themselves. */
interface Spelling {
  byteText: readonly string[];
  /** 0 for a byte that needs an escape */
  plainCode: Uint8Array;
}

function spelling(byteText: readonly string[]): Spelling {
  const plainCode = Uint8Array.from(byteText, (text) => (text.length === 1 ? text.charCodeAt(0) : 0));
  return { byteText, plainCode };
}

const CASE_KEPT = spelling(BYTE_TEXT);
/** Names are keyed by their lower-case presentation form. */
const LOWER_CASE = spelling(BYTE_TEXT.map((text) => text.toLowerCase()));

/** Up to this many characters, adding a string per byte beats the call into latin1 decoding. */
const SHORT_NAME = 12;

/** Room for the labels of one name. */
const labelScratch = Buffer.alloc(MAX_NAME_WIRE_LENGTH);

/** The labels from `from` to `to` (checked already) in presentation form, separated by dots. */
function labelsText(buf: Uint8Array, from: number, to: number, { byteText, plainCode }: Spelling): string {
  // without escapes, the text has a character for each octet but the first length octet
  if (to - from - 1 <= SHORT_NAME) return labelsTextByByte(buf, from, to, byteText);
  let n = 0;
  for (let pos = from; pos < to;) {
    if (n !== 0) labelScratch[n++] = 0x2e;
    for (let i = pos + 1, labelEnd = pos + 1 + buf[pos]!; i < labelEnd; i++) {
      const code = plainCode[buf[i]!]!;
      if (code === 0) return labelsTextByByte(buf, from, to, byteText);
      labelScratch[n++] = code;
    }
    pos += 1 + buf[pos]!;
  }
  return labelScratch.toString('latin1', 0, n);
}

function labelsTextByByte(buf: Uint8Array, from: number, to: number, byteText: readonly string[]): string {
  let text = '';
  for (let pos = from; pos < to;) {
    if (text !== '') text += '.';
    for (let i = pos + 1, labelEnd = pos + 1 + buf[pos]!; i < labelEnd; i++) text += byteText[buf[i]!]!;
    pos += 1 + buf[pos]!;
  }
  return text;
}

/**
 * Names already read in a message, by the offset they start at: a compression pointer to one of them costs a
 * lookup instead of a second decoding. Pointers reach the first 16 KiB only. A slot belongs to the cursor whose
 * id it holds, and keeps what the bounds checks need to know about the suffix there: how far it reads, how many
 * pointers it follows and how long it is, so a hit is taken only where reading it again could not fail.
 */
const NAME_SLOTS = 0x4000;
const slotOwner = new Int32Array(NAME_SLOTS);
const slotKey: string[] = new Array<string>(NAME_SLOTS).fill('');
const slotReach = new Int32Array(NAME_SLOTS);
const slotHops = new Int32Array(NAME_SLOTS);
const slotWireLength = new Int32Array(NAME_SLOTS);
let lastCursorId = 0;

function nextCursorId(): number {
  if (lastCursorId === 0x7fffffff) {
    slotOwner.fill(0);
    lastCursorId = 0;
  }
  return ++lastCursorId;
}

/**
 * Whether the name read before at `target` may stand for a pointer to it, met with `hops` pointers followed and
 * `wireLength` octets so far: it belongs to this cursor's message, and reading it again could not fail (it ends
 * within `limit`, and the name stays within the hop and length limits).
 */
function reusableSlot(
  target: number,
  cursorId: number,
  limit: number,
  hops: number,
  wireLength: number,
): boolean {
  return (
    cursorId !== 0 &&
    slotOwner[target] === cursorId &&
    slotReach[target]! <= limit &&
    hops + slotHops[target]! <= MAX_POINTER_HOPS &&
    wireLength + slotWireLength[target]! - 1 <= MAX_NAME_WIRE_LENGTH
  );
}

/** What readName found besides the text; module state keeps the hot path free of result objects. */
const found = { end: 0, reach: 0, hops: 0, wireLength: 0, compressed: false };

/**
 * The presentation form of the name (or name suffix) at `start`, following compression pointers backwards only.
 * `hops` and `wireLength` are the counts of the name so far (a suffix continues a name), checked against the
 * limits as the labels are read, in wire order, so every malformed name fails with the message of its first fault.
 * `cursorId` 0: neither use nor fill the name slots.
 */
function readName(
  buf: Uint8Array,
  limit: number,
  cursorId: number,
  spelled: Spelling,
  start: number,
  hops: number,
  wireLength: number,
): string {
  const hopsBefore = hops;
  const wireLengthBefore = wireLength;
  let text = '';
  let pos = start;
  let reach = 0;
  let end: number;
  let compressed = false;
  for (;;) {
    if (pos >= limit) throw new WireError(`name runs past the end at offset ${pos}`);
    const len = buf[pos]!;
    if (len === 0) {
      text = labelsText(buf, start, pos, spelled);
      end = pos + 1;
      if (end > reach) reach = end;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= limit) throw new WireError(`truncated compression pointer at offset ${pos}`);
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      if (++hops > MAX_POINTER_HOPS) throw new WireError('compression pointer loop');
      if (target >= pos) throw new WireError(`forward compression pointer at offset ${pos}`);
      end = pos + 2;
      if (end > reach) reach = end;
      compressed = true;
      let tail: string;
      if (reusableSlot(target, cursorId, limit, hops, wireLength)) {
        tail = slotKey[target]!;
        hops += slotHops[target]!;
        wireLength += slotWireLength[target]! - 1;
        if (slotReach[target]! > reach) reach = slotReach[target]!;
      } else {
        tail = readName(buf, limit, cursorId, spelled, target, hops, wireLength);
        hops = found.hops;
        wireLength = found.wireLength;
        if (found.reach > reach) reach = found.reach;
      }
      text = pos === start ? tail : labelsText(buf, start, pos, spelled);
      if (pos !== start && tail !== '') text = `${text}.${tail}`;
      break;
    }
    if (kind !== 0) throw new WireError(`unsupported label type 0x${len.toString(16)} at offset ${pos}`);
    if (pos + 1 + len > limit) throw new WireError(`label runs past the end at offset ${pos}`);
    wireLength += len + 1;
    if (wireLength > MAX_NAME_WIRE_LENGTH) throw new WireError('name longer than 255 octets');
    pos += 1 + len;
  }
  if (cursorId !== 0 && start < NAME_SLOTS) {
    slotOwner[start] = cursorId;
    slotKey[start] = text;
    slotReach[start] = reach;
    slotHops[start] = hops - hopsBefore;
    slotWireLength[start] = wireLength - wireLengthBefore + 1;
  }
  found.end = end;
  found.reach = reach;
  found.hops = hops;
  found.wireLength = wireLength;
  found.compressed = compressed;
  return text;
}

export class Cursor {
  /**
   * The names read since these were last set to false and 0 (at the start of an rdata): whether any followed a
   * pointer, and the octets of their uncompressed wire forms.
   */
  namesCompressed = false;
  namesWireLength = 0;
  private readonly id = nextCursorId();
  /**
   * Views are made with the Uint8Array constructor on the buffer's ArrayBuffer (read once: its getter is not
   * free), about half the cost of subarray(), which looks up a species. Buffers give Uint8Array views, as
   * subarray() of a plain Uint8Array over them would; any other subclass keeps subarray().
   */
  private readonly arrayBuffer: ArrayBufferLike;
  private readonly byteOffset: number;
  private readonly plainViews: boolean;

  /** `limit`: reads stop there (the end of the rdata being decoded, or of the message) */
  constructor(
    readonly buf: Uint8Array,
    public offset = 0,
    public limit = buf.length,
  ) {
    this.arrayBuffer = buf.buffer;
    this.byteOffset = buf.byteOffset;
    this.plainViews = Buffer.isBuffer(buf) || buf.constructor === Uint8Array;
  }

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
    const v = this.view(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /** The bytes from `start` to `end` (within the buffer), not copied: `buf.subarray(start, end)`. */
  view(start: number, end: number): Uint8Array {
    return this.plainViews
      ? new Uint8Array(this.arrayBuffer, this.byteOffset + start, end - start)
      : this.buf.subarray(start, end);
  }
  /**
   * The domain name at the cursor as a key: lower-case presentation form without trailing dot ("" = root).
   * Names are on the hot path of every message; suffixes already read in it are looked up, not decoded again.
   */
  name(): string {
    const { buf, offset, limit } = this;
    // an owner name is mostly a lone pointer to a name read before: no need to enter readName for it
    const first = buf[offset]!;
    if (first >= 0xc0 && offset + 1 < limit) {
      const target = ((first & 0x3f) << 8) | buf[offset + 1]!;
      // the pointer is the name's first hop and its only octets so far are the root's
      if (target < offset && reusableSlot(target, this.id, limit, 1, 1)) {
        this.offset = offset + 2;
        this.namesWireLength += slotWireLength[target]!;
        this.namesCompressed = true;
        return slotKey[target]!;
      }
    }
    return this.readName(this.id, LOWER_CASE);
  }
  /** The domain name at the cursor in presentation form, case kept. */
  nameText(): string {
    return this.readName(0, CASE_KEPT);
  }

  private readName(cursorId: number, spelled: Spelling): string {
    const text = readName(this.buf, this.limit, cursorId, spelled, this.offset, 0, 1);
    this.offset = found.end;
    this.namesWireLength += found.wireLength;
    if (found.compressed) this.namesCompressed = true;
    return text;
  }
}

/**
 * Copies the uncompressed wire form of the name at `pos` (read and checked already) into `out` at `o`;
 * returns where it ends in `out`.
 */
export function copyNameWire(buf: Uint8Array, pos: number, out: Uint8Array, o: number): number {
  for (let len = buf[pos]!; len !== 0; len = buf[pos]!) {
    if ((len & 0xc0) === 0xc0) {
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!;
      continue;
    }
    for (const labelEnd = pos + 1 + len; pos < labelEnd;) out[o++] = buf[pos++]!;
  }
  out[o++] = 0;
  return o;
}

/** Where the name at `pos` (read and checked already) ends in the message: after its root octet or first pointer. */
export function nameEnd(buf: Uint8Array, pos: number): number {
  for (let len = buf[pos]!; len !== 0; len = buf[pos]!) {
    if ((len & 0xc0) === 0xc0) return pos + 2;
    pos += 1 + len;
  }
  return pos + 1;
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
