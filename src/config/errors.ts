/** Where in a config file a problem sits; every field is optional except the file. */
export interface ConfigErrorLocation {
  file: string;
  section?: string;
  key?: string;
  line?: number;
}

/**
 * A configuration problem. The message is always one line, so start-up failures read well in
 * journals: `<file>: [SECTION] key: reason`, `<file>: [SECTION]: reason` or `<file>: line N: reason`.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly section?: string;
  readonly key?: string;
  readonly line?: number;
  readonly reason: string;

  constructor(where: ConfigErrorLocation, reason: string) {
    super(describe(where, reason));
    this.name = 'ConfigError';
    this.file = where.file;
    this.section = where.section;
    this.key = where.key;
    this.line = where.line;
    this.reason = reason;
  }
}

function describe(where: ConfigErrorLocation, reason: string): string {
  const oneLine = reason.replace(/\s*[\r\n]+\s*/g, ' ');
  if (where.line !== undefined) return `${where.file}: line ${where.line}: ${oneLine}`;
  if (where.section !== undefined && where.key !== undefined) {
    return `${where.file}: [${where.section}] ${where.key}: ${oneLine}`;
  }
  if (where.section !== undefined) return `${where.file}: [${where.section}]: ${oneLine}`;
  return `${where.file}: ${oneLine}`;
}

/** The one-line text to show for an error thrown while loading the configuration. */
export function formatConfigError(e: unknown): string {
  if (e instanceof ConfigError) return e.message;
  if (e instanceof Error) return e.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return String(e);
}
