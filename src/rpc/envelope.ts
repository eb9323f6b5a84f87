/**
 * Reading a request body: JSON text → one request or a JSON-RPC batch array. The `id` of every request is kept
 * as its source text too, so a number beyond 2^53 (clients send Date.now()-style ids and larger) is echoed back
 * exactly rather than rounded by JSON.parse.
 */
import { invalidRequest, parseError, type RpcError } from './errors.js';

export interface RequestEnvelope {
  method: string;
  params: unknown;
  hasParams: boolean;
  /** The id as JSON source text ("null" when absent or null). */
  idText: string;
}

/** A request that failed the envelope check: answered with this error and `idText`. */
export interface RejectedEnvelope {
  error: RpcError;
  idText: string;
  method?: string;
}

export type ParsedBody =
  | { kind: 'single'; item: RequestEnvelope | RejectedEnvelope }
  | { kind: 'batch'; items: Array<RequestEnvelope | RejectedEnvelope> }
  | { kind: 'invalid'; error: RpcError };

const METHOD_NAME = /^[a-z0-9_-]*$/i;
// OpenRPC's discovery method: the one name outside the reference's method-name grammar.
const DISCOVER = 'rpc.discover';

export function parseBody(body: Buffer | string): ParsedBody {
  let text: string;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { kind: 'invalid', error: parseError('malformed UTF-8 in the request body') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'invalid', error: parseError(e instanceof Error ? e.message : String(e)) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'invalid', error: invalidRequest('/: Empty batch array.') };
    const idTexts = topLevelIdTexts(text);
    return { kind: 'batch', items: value.map((v, i) => checkEnvelope(v, idTexts[i])) };
  }
  return { kind: 'single', item: checkEnvelope(value, topLevelIdTexts(text)[0]) };
}

export function isRejected(item: RequestEnvelope | RejectedEnvelope): item is RejectedEnvelope {
  return 'error' in item;
}

/** The reference's envelope rules: an object with a string `jsonrpc`, a well-formed `method` and an `id`. */
function checkEnvelope(value: unknown, rawId: string | undefined): RequestEnvelope | RejectedEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: invalidRequest(`/: Expected object - got ${jsonType(value)}.`), idText: 'null' };
  }
  const req = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!('jsonrpc' in req)) problems.push('/jsonrpc: Missing property.');
  else if (typeof req.jsonrpc !== 'string')
    problems.push(`/jsonrpc: Expected string - got ${jsonType(req.jsonrpc)}.`);
  if (!('method' in req)) problems.push('/method: Missing property.');
  else if (typeof req.method !== 'string')
    problems.push(`/method: Expected string - got ${jsonType(req.method)}.`);
  else if (!METHOD_NAME.test(req.method) && req.method !== DISCOVER)
    problems.push(`/method: String does not match ${METHOD_NAME.source}.`);
  if (!('id' in req)) problems.push('/id: Missing property.');
  else if (req.id !== null && typeof req.id !== 'number' && typeof req.id !== 'string') {
    problems.push(`/id: Expected null/number/string - got ${jsonType(req.id)}.`);
  }
  const method = typeof req.method === 'string' ? req.method : undefined;
  if (problems.length > 0) return { error: invalidRequest(problems.join(' ')), idText: 'null', method };
  const idText = typeof req.id === 'number' && rawId !== undefined ? rawId : JSON.stringify(req.id);
  // null is kept: it is "no params" for a method without any, and a wrong type for the others.
  const hasParams = req.params !== undefined;
  return { method: method!, params: req.params, hasParams, idText };
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * Source text of the "id" member of the top-level object, or of each top-level array element that is an
 * object; undefined where there is none. The text is known to be valid JSON.
 */
export function topLevelIdTexts(text: string): Array<string | undefined> {
  const scanner = new Scanner(text);
  scanner.skipWs();
  if (scanner.peek() === '[') {
    const ids: Array<string | undefined> = [];
    scanner.pos++;
    scanner.skipWs();
    if (scanner.peek() === ']') return ids;
    for (;;) {
      scanner.skipWs();
      ids.push(scanner.peek() === '{' ? scanner.objectId() : (scanner.skipValue(), undefined));
      scanner.skipWs();
      if (scanner.text[scanner.pos++] !== ',') return ids;
    }
  }
  return [scanner.peek() === '{' ? scanner.objectId() : undefined];
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipWs(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  /** At '{': walks the members, returns the last "id" member's source text (JSON.parse keeps the last too). */
  objectId(): string | undefined {
    let id: string | undefined;
    this.pos++;
    this.skipWs();
    if (this.peek() === '}') {
      this.pos++;
      return id;
    }
    for (;;) {
      this.skipWs();
      const keyStart = this.pos;
      this.skipString();
      const key = JSON.parse(this.text.slice(keyStart, this.pos)) as string;
      this.skipWs();
      this.pos++; // ':'
      this.skipWs();
      const valueStart = this.pos;
      this.skipValue();
      if (key === 'id') id = this.text.slice(valueStart, this.pos);
      this.skipWs();
      if (this.text[this.pos++] !== ',') return id;
    }
  }

  skipString(): void {
    this.pos++; // opening quote
    for (;;) {
      const c = this.text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '"' || c === undefined) return;
    }
  }

  /** Skips any value; nesting is tracked with a counter, never recursion, so depth costs nothing. */
  skipValue(): void {
    const c = this.peek();
    if (c === '"') return this.skipString();
    if (c !== '{' && c !== '[') {
      while (this.pos < this.text.length && !',]} \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
      return;
    }
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.skipString();
        continue;
      }
      this.pos++;
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return;
      }
    }
  }
}
