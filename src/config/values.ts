import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import type { DbEngine } from './types.js';
import { parseHostPort } from '../hostport.js';
import { parseBlock } from '../engine/dns/address.js';

/** Thrown by a value parser; the caller adds file, section and key. */
export class ValueError extends Error {}

function fail(reason: string): never {
  throw new ValueError(reason);
}

const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);

/** true/yes/false/no, case-insensitively (yes/no are deprecated by the reference but still accepted). */
export function parseBoolean(raw: string): boolean {
  const word = raw.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return fail(`expected true or false, got "${raw}"`);
}

const ENGINES: Record<string, DbEngine> = {
  mysql: 'MySQL',
  mariadb: 'MySQL',
  postgresql: 'PostgreSQL',
  sqlite: 'SQLite',
};

export function parseEngine(raw: string): DbEngine {
  return ENGINES[raw.toLowerCase()] ?? fail(`expected MySQL, PostgreSQL or SQLite, got "${raw}"`);
}

/** Strictly positive decimal, at most 5 integer and 3 fraction digits (reference polling_interval rule). */
export function parsePositiveDecimal(raw: string): number {
  if (!/^[0-9]{1,5}(\.[0-9]{1,3})?$/.test(raw)) {
    fail(`expected a decimal number with at most 5 integer and 3 fraction digits, got "${raw}"`);
  }
  const value = Number(raw);
  if (value <= 0) fail(`must be greater than 0, got "${raw}"`);
  return value;
}

/** Integer of at most 5 digits (the reference ZONEMASTER rule), strictly positive unless `allowZero`. */
export function parseShortInteger(allowZero: boolean): (raw: string) => number {
  return (raw) => {
    if (!/^[0-9]{1,5}$/.test(raw)) fail(`expected an integer of at most 5 digits, got "${raw}"`);
    const value = Number(raw);
    if (!allowZero && value === 0) fail('must be greater than 0');
    return value;
  };
}

export function parseIntegerInRange(min: number, max: number): (raw: string) => number {
  return (raw) => {
    if (!/^[0-9]+$/.test(raw)) fail(`expected an integer from ${min} to ${max}, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) fail(`expected an integer from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

export const parsePort = parseIntegerInRange(1, 65535);

const LDH_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isLdhName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare.length > 0 && bare.length <= 253 && bare.split('.').every((label) => LDH_LABEL.test(label));
}

/** An LDH domain name or an IP address. */
export function parseHost(raw: string): string {
  if (isIP(raw) !== 0 || isLdhName(raw)) return raw;
  return fail(`expected a host name or an IP address, got "${raw}"`);
}

/** MariaDB unquoted identifier, ASCII only. */
export function parseMariadbIdentifier(maxLength: number): (raw: string) => string {
  return (raw) => {
    if (!/^[0-9A-Za-z$_]+$/.test(raw))
      fail(`expected an unquoted identifier of letters, digits, "$" or "_", got "${raw}"`);
    if (raw.length > maxLength) fail(`longer than ${maxLength} characters`);
    return raw;
  };
}

/** PostgreSQL identifier, ASCII only, at most 63 characters. */
export function parsePostgresIdentifier(raw: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(raw)) {
    fail(
      `expected an identifier starting with a letter or "_", then letters, digits, "_" or "$", got "${raw}"`,
    );
  }
  if (raw.length > 63) fail('longer than 63 characters');
  return raw;
}

/** Printable US-ASCII, at most 100 characters, first character neither space nor "<". */
export function parsePassword(raw: string): string {
  if (!/^[\x20-\x7e]*$/.test(raw)) fail('must contain only printable US-ASCII characters');
  if (raw.length > 100) fail('longer than 100 characters');
  if (raw.startsWith(' ') || raw.startsWith('<')) fail('must not start with a space or "<"');
  return raw;
}

/** A file path; a relative one is taken relative to the folder of the config file. */
export function parsePath(configDir: string): (raw: string) => string {
  return (raw) => {
    if (raw === '') fail('expected a file path, got an empty value');
    return isAbsolute(raw) ? resolve(raw) : resolve(configDir, raw);
  };
}

const LOCALE_TAG = /^[a-z]{2}_[A-Z]{2}$/;

/** Space-separated xx_YY locale tags with distinct language codes; at least one. */
export function parseLocales(raw: string): string[] {
  const tags = raw.split(/\s+/).filter((tag) => tag !== '');
  if (tags.length === 0) fail('at least one locale tag (like en_US) is required');
  const seen = new Map<string, string>();
  for (const tag of tags) {
    if (!LOCALE_TAG.test(tag)) fail(`"${tag}" is not a locale tag of the form xx_YY`);
    const language = tag.slice(0, 2);
    const other = seen.get(language);
    if (other !== undefined) fail(`"${other}" and "${tag}" share the language code "${language}"`);
    seen.set(language, tag);
  }
  return tags;
}

/** Space-separated IP addresses, each optionally with a /prefix length (CIDR). */
export function parseAddressList(raw: string): string[] {
  const items = raw.split(/\s+/).filter((item) => item !== '');
  for (const item of items) if (!parseBlock(item)) fail(`"${item}" is not an IP address`);
  return items;
}

/** Space- or comma-separated host names, IP addresses and CIDR blocks. */
export function parseHostList(raw: string): string[] {
  const items = raw.split(/[\s,]+/).filter((item) => item !== '');
  for (const item of items)
    if (!parseBlock(item) && !isLdhName(item))
      fail(`"${item}" is not a host name, an IP address or a CIDR block`);
  return items;
}

/** A byte size: digits with an optional kb, mb or gb unit (case-insensitive), e.g. "64mb". */
export function parseByteSize(raw: string): string {
  if (!/^[0-9]+\s*(kb|mb|gb)?$/i.test(raw)) fail(`expected a size like 512kb, 64mb or 1gb, got "${raw}"`);
  return raw.replace(/\s+/g, '').toLowerCase();
}

/** HOST:PORT, the host being a name, an IPv4 address or a bracketed IPv6 address. */
export function parseListenAddress(raw: string): string {
  const target = parseHostPort(raw);
  if (!target) fail(`expected HOST:PORT (IPv6 in brackets), got "${raw}"`);
  const { host, port } = target;
  if (isIP(host) === 0 && !isLdhName(host)) fail(`"${host}" is not a host name or IP address`);
  parsePort(String(port));
  return raw;
}

const PROFILE_NAME = /^[a-z0-9]$|^[a-z0-9][a-z0-9_-]{0,30}[a-z0-9]$/i;

export function isProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}
