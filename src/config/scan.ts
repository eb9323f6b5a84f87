import { ConfigError } from './errors.js';

/** One `key = value` line as written, before value decoding. */
export interface ScannedKey {
  section: string;
  key: string;
  line: number;
}

export interface ScannedIni {
  /** Section name -> line of its header, in file order. */
  sections: Map<string, number>;
  keys: ScannedKey[];
  /** The text with leading blanks removed from every line, so the `ini` package sees what we scanned. */
  normalizedText: string;
}

const COMMENT = /^[;#]/;
const SECTION_HEADER = /^\[([^\]]*)\]\s*$/;

/**
 * Walks the ini text line by line to find its structure with line numbers. The `ini` package
 * decodes the values but drops line numbers and silently merges repeated keys, which the
 * reference treats as fatal; this scan catches those and outright syntax errors.
 */
export function scanIni(text: string, file: string): ScannedIni {
  const sections = new Map<string, number>();
  const keys: ScannedKey[] = [];
  const firstSeen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let section: string | undefined;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || COMMENT.test(trimmed)) return;

    const header = SECTION_HEADER.exec(trimmed);
    if (header) {
      const name = header[1]!.trim();
      if (name === '') throw new ConfigError({ file, line }, 'empty section name');
      const previous = sections.get(name);
      if (previous !== undefined) {
        throw new ConfigError({ file, section: name }, `section repeated (lines ${previous} and ${line})`);
      }
      sections.set(name, line);
      section = name;
      return;
    }
    if (trimmed.startsWith('[')) {
      throw new ConfigError({ file, line }, `malformed section header "${trimmed}"`);
    }

    const equals = trimmed.indexOf('=');
    if (equals < 0) throw new ConfigError({ file, line }, `expected "key = value", got "${trimmed}"`);
    const key = trimmed.slice(0, equals).trim();
    if (key === '') throw new ConfigError({ file, line }, 'missing key name before "="');
    if (section === undefined) throw new ConfigError({ file, line }, `key "${key}" outside of any [SECTION]`);

    const id = `${section}\u0000${key}`;
    const previous = firstSeen.get(id);
    if (previous !== undefined) {
      throw new ConfigError({ file, section, key }, `key repeated (lines ${previous} and ${line})`);
    }
    firstSeen.set(id, line);
    keys.push({ section, key, line });
  });

  return { sections, keys, normalizedText: lines.map((l) => l.trimStart()).join('\n') };
}
