/**
 * Just enough Perl reading for the reference engine's unit tests: a tokenizer (strings, q/qq/qw quoting,
 * variables, comments, POD), a statement splitter that keeps blocks, and a reader for literal data
 * (lists, array and hash references) such as scenario tables and root hints.
 */

export type TokenKind = 'str' | 'qw' | 'word' | 'var' | 'num' | 'punct' | 'regex';

export interface Token {
  kind: TokenKind;
  /** the value of a string, the words of qw joined by spaces, or the source text */
  text: string;
  /** the words of a qw list */
  words?: string[];
  /** a double-quoted string (interpolates variables) */
  interpolates?: boolean;
  line: number;
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
const MULTI_PUNCT = ['=>', '->', '==', '!=', '=~', '!~', '&&', '||', '//', '..', '::', '<=', '>='];

/** Tokens of a Perl source text; comments, POD and anything after __END__ are dropped. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = source.length;
  const atLineStart = () => i === 0 || source[i - 1] === '\n';
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (source[k] === '\n') line++;
    i = to;
  };
  /** Reads a quoted body that starts at `open`'s position; returns the body and moves past the closer. */
  const quoted = (open: string): string => {
    const close = PAIRS[open] ?? open;
    let depth = 1;
    let k = i + 1;
    let body = '';
    while (k < n) {
      const c = source[k]!;
      if (c === '\\' && k + 1 < n) {
        const next = source[k + 1]!;
        body += next === close || next === open || next === '\\' ? next : c + next;
        k += 2;
        continue;
      }
      if (c === open && close !== open) depth++;
      else if (c === close && --depth === 0) break;
      body += c;
      k++;
    }
    advance(k + 1);
    return body;
  };
  const previous = () => tokens[tokens.length - 1];

  while (i < n) {
    const c = source[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      advance(i + 1);
      continue;
    }
    if (c === '=' && atLineStart() && /[A-Za-z]/.test(source[i + 1] ?? '')) {
      const end = source.indexOf('\n=cut', i);
      advance(end < 0 ? n : source.indexOf('\n', end + 1) < 0 ? n : source.indexOf('\n', end + 1));
      continue;
    }
    if (c === '#') {
      const end = source.indexOf('\n', i);
      advance(end < 0 ? n : end);
      continue;
    }
    const startLine = line;
    if (c === "'" || c === '"') {
      tokens.push({ kind: 'str', text: quoted(c), line: startLine, ...(c === '"' ? { interpolates: true } : {}) });
      continue;
    }
    const prev = previous();
    if (c === '/' && prev && ((prev.kind === 'punct' && /^(=~|!~|\(|,)$/.test(prev.text)) || (prev.kind === 'word' && /^(grep|split)$/.test(prev.text)))) {
      tokens.push({ kind: 'regex', text: quoted('/'), line: startLine });
      continue;
    }
    const word = /^[A-Za-z_]\w*(?:::\w+)*(?:::)?/.exec(source.slice(i, i + 200));
    if (word) {
      const w = word[0];
      const after = source.slice(i + w.length).match(/^\s*(\S)/);
      const delimiter = after?.[1];
      if (/^(q|qq|qw|qr)$/.test(w) && delimiter && !/[\w\s=,;)]/.test(delimiter) && !(delimiter === '>' )) {
        advance(i + w.length + after![0].length - 1);
        const body = quoted(delimiter);
        if (w === 'qw') {
          const words = body.split(/\s+/).filter((x) => x !== '');
          tokens.push({ kind: 'qw', text: words.join(' '), words, line: startLine });
        } else tokens.push({ kind: w === 'qr' ? 'regex' : 'str', text: body, line: startLine, ...(w === 'qq' ? { interpolates: true } : {}) });
        continue;
      }
      if (w === '__END__' || w === '__DATA__') break;
      tokens.push({ kind: 'word', text: w, line: startLine });
      advance(i + w.length);
      continue;
    }
    const variable = /^[$@%](?:[A-Za-z_]\w*(?:::\w+)*|_)/.exec(source.slice(i, i + 200));
    if (variable) {
      tokens.push({ kind: 'var', text: variable[0], line: startLine });
      advance(i + variable[0].length);
      continue;
    }
    const number = /^\d+(?:\.\d+)?/.exec(source.slice(i, i + 50));
    if (number) {
      tokens.push({ kind: 'num', text: number[0], line: startLine });
      advance(i + number[0].length);
      continue;
    }
    const multi = MULTI_PUNCT.find((p) => source.startsWith(p, i));
    tokens.push({ kind: 'punct', text: multi ?? c, line: startLine });
    advance(i + (multi?.length ?? 1));
  }
  return tokens;
}

export interface Statement {
  tokens: Token[];
  line: number;
}

const COMPOUND = /^(if|unless|foreach|for|while|until|else|elsif|sub|BEGIN|END|TODO|SKIP|do)$/;

function isOpen(t: Token): boolean {
  return t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{');
}
function isClose(t: Token): boolean {
  return t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}');
}

/**
 * Splits tokens into statements: at `;` outside brackets, and after the closing brace of a compound statement
 * (if/foreach/sub NAME/BEGIN/labelled or bare block), which has no `;`.
 */
export function statements(tokens: Token[]): Statement[] {
  const out: Statement[] = [];
  let current: Token[] = [];
  let depth = 0;
  const flush = () => {
    if (current.length > 0) out.push({ tokens: current, line: current[0]!.line });
    current = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (depth === 0 && t.kind === 'punct' && t.text === ';') {
      flush();
      continue;
    }
    current.push(t);
    if (isOpen(t)) depth++;
    else if (isClose(t)) {
      depth--;
      const first = current[0]!;
      const compound = (first.kind === 'word' && COMPOUND.test(first.text)) || (first.kind === 'punct' && first.text === '{');
      const next = tokens[k + 1];
      if (depth === 0 && t.text === '}' && compound && !(next?.kind === 'word' && /^(else|elsif)$/.test(next.text))) {
        if (!(first.kind === 'word' && first.text === 'do')) flush();
      }
    }
  }
  flush();
  return out;
}

/** Index of the bracket closing the one at `open`. */
export function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (isOpen(t)) depth++;
    else if (isClose(t) && --depth === 0) return k;
  }
  return tokens.length - 1;
}

/** The tokens inside the last `{ ... }` block of a statement whose closing brace is its last token. */
export function lastBlock(tokens: Token[]): Token[] | undefined {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && t.text === '{' && closing(tokens, k) === tokens.length - 1) return tokens.slice(k + 1, -1);
  }
  return undefined;
}

/** The block of the first `sub { ... }` in a statement. */
export function subBlock(tokens: Token[]): Token[] | undefined {
  for (let k = 0; k + 1 < tokens.length; k++) {
    if (tokens[k]!.kind === 'word' && tokens[k]!.text === 'sub' && tokens[k + 1]!.text === '{') {
      return tokens.slice(k + 2, closing(tokens, k + 1));
    }
  }
  return undefined;
}

/** A statement as one string: strings as '...', qw lists as qw(...), everything else as written. */
export function render(tokens: Token[]): string {
  return tokens
    .map((t) => (t.kind === 'str' ? `'${t.text}'` : t.kind === 'qw' ? `qw(${t.text})` : t.kind === 'regex' ? `/${t.text}/` : t.text))
    .join(' ');
}

// ------------------------------------------------------------------------------------------ literal data

export type Value = string | number | null | Value[] | { [key: string]: Value } | { ref: string };

export type Lookup = (variable: string) => Value | undefined;

/** The values of a comma / fat-comma list between `start` and `end` (exclusive). */
export function readList(tokens: Token[], start: number, end: number, lookup: Lookup = () => undefined): Value[] {
  const values: Value[] = [];
  let k = start;
  while (k < end) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && (t.text === ',' || t.text === '=>')) {
      k++;
      continue;
    }
    if (t.kind === 'punct' && (t.text === '[' || t.text === '{' || t.text === '(')) {
      const close = closing(tokens, k);
      const inner = readList(tokens, k + 1, close, lookup);
      if (t.text === '[') values.push(inner);
      else if (t.text === '(') values.push(...inner);
      else values.push(toHash(inner));
      k = close + 1;
      continue;
    }
    if (t.kind === 'punct' && t.text === '\\' && tokens[k + 1]?.kind === 'var') {
      values.push({ ref: tokens[k + 1]!.text });
      k += 2;
      continue;
    }
    if (t.kind === 'punct' && t.text === '-' && tokens[k + 1]?.kind === 'num') {
      values.push(-Number(tokens[k + 1]!.text));
      k += 2;
      continue;
    }
    if (t.kind === 'str') values.push(t.interpolates ? interpolate(t.text, lookup) : t.text);
    else if (t.kind === 'qw') values.push(...t.words!);
    else if (t.kind === 'num') values.push(Number(t.text));
    else if (t.kind === 'word') values.push(t.text === 'undef' ? null : t.text);
    else if (t.kind === 'var') {
      const v = lookup(t.text);
      if (Array.isArray(v) && t.text.startsWith('@')) values.push(...v);
      else values.push(v ?? null);
    }
    k++;
  }
  return values;
}

function toHash(list: Value[]): { [key: string]: Value } {
  const hash: { [key: string]: Value } = {};
  for (let k = 0; k + 1 < list.length; k += 2) hash[String(list[k])] = list[k + 1]!;
  return hash;
}

/** Replaces `$name` in a double-quoted string by the scalar's value. */
export function interpolate(text: string, lookup: Lookup): string {
  return text.replace(/\$([A-Za-z_]\w*)/g, (all, name: string) => {
    const v = lookup(`$${name}`);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : all;
  });
}
