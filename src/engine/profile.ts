/**
 * Engine profile: typed properties, the default profile (share/profile.json), merge with validation, and the
 * severity decision for each message (test_levels, then logfilter).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { sharePath } from '../paths.js';
import { LEVELS, type Args, type Level } from './types.js';

export interface ResolverDefaults {
  debug: boolean;
  /** Deprecated, ignored. */
  igntc: boolean;
  fallback: boolean;
  /** Deprecated, ignored. */
  recurse: boolean;
  retrans: number;
  retry: number;
  /** Deprecated, ignored. */
  usevc: boolean;
  timeout: number;
}

export interface RedisCache {
  server: string;
  expire?: number;
}

export interface LogfilterRule {
  when: Record<string, unknown>;
  set: Level;
}

export interface Profile {
  resolver: { defaults: ResolverDefaults; source4: string; source6: string };
  net: { ipv4: boolean; ipv6: boolean };
  no_network: boolean;
  /** style and source keys are stored lower case ("cymru" | "ripe"). */
  asn_db: { style: 'cymru' | 'ripe'; sources: { cymru?: string[]; ripe?: string[] } };
  cache: { redis?: RedisCache };
  /** MODULE → TAG → rules; the first rule whose conditions all match decides the level. */
  logfilter: Record<string, Record<string, LogfilterRule[]>>;
  /** MODULE → TAG → level. */
  test_levels: Record<string, Record<string, Level>>;
  /** Enabled test case ids, lower case ("basic01"). */
  test_cases: string[];
  test_cases_vars: {
    dnssec04: { REMAINING_SHORT: number; REMAINING_LONG: number; DURATION_LONG: number };
    zone02: { SOA_REFRESH_MINIMUM_VALUE: number };
    zone04: { SOA_RETRY_MINIMUM_VALUE: number };
    zone05: { SOA_EXPIRE_MINIMUM_VALUE: number };
    zone06: { SOA_DEFAULT_TTL_MAXIMUM_VALUE: number; SOA_DEFAULT_TTL_MINIMUM_VALUE: number };
  };
}

/** A property that failed validation; `property` is the dotted name, e.g. "resolver.defaults.retry". */
export class ProfileError extends Error {
  constructor(
    readonly property: string,
    readonly reason: string,
  ) {
    super(`Profile property ${property}: ${reason}`);
    this.name = 'ProfileError';
  }
}

export const DEFAULT_PROFILE_PATH = sharePath('profile.json');

let cachedDefault: Profile | undefined;

/** A fresh deep copy of the engine's default profile. */
export function defaultProfile(): Profile {
  cachedDefault ??= JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')) as Profile;
  return structuredClone(cachedDefault);
}

/** Every test case id the engine implements (the default profile's test_cases). */
export function allTestCaseIds(): string[] {
  return defaultProfile().test_cases;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation of one property value

type Validator = (value: unknown, property: string) => unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bool: Validator = (value, property) => {
  if (typeof value === 'boolean') return value;
  throw new ProfileError(property, 'must be a boolean');
};

function integer(min?: number, max?: number): Validator {
  return (value, property) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new ProfileError(property, 'must be a non-negative integer');
    }
    if (min !== undefined && value < min) throw new ProfileError(property, `must be at least ${min}`);
    if (max !== undefined && value > max) throw new ProfileError(property, `must be at most ${max}`);
    return value;
  };
}

function sourceAddress(family: 4 | 6): Validator {
  return (value, property) => {
    if (typeof value !== 'string' || (value !== '' && isIP(value) !== family)) {
      throw new ProfileError(property, `must be an IPv${family} address or the empty string`);
    }
    return value;
  };
}

const asnStyle: Validator = (value, property) => {
  const style = typeof value === 'string' ? value.toLowerCase() : '';
  if (style !== 'cymru' && style !== 'ripe') {
    throw new ProfileError(property, 'must be "Cymru" or "RIPE" (case-insensitive)');
  }
  return style;
};

const HOST_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

const asnSources: Validator = (value, property) => {
  if (!isPlainObject(value)) throw new ProfileError(property, 'must be an object');
  const sources: Record<string, string[]> = {};
  for (const [style, list] of Object.entries(value)) {
    const key = style.toLowerCase();
    const at = `${property}.${style}`;
    if (key !== 'cymru' && key !== 'ripe') {
      throw new ProfileError(property, 'keys must be "Cymru" or "RIPE" (case-insensitive)');
    }
    if (!Array.isArray(list) || list.length === 0) throw new ProfileError(at, 'must be a non-empty array');
    for (const item of list) {
      if (typeof item !== 'string') throw new ProfileError(at, 'items must be strings');
      if (item.length > 255) throw new ProfileError(at, `item "${item}" is too long`);
      if (!item.split('.').every((label) => HOST_LABEL.test(label))) {
        throw new ProfileError(at, `item "${item}" is not a domain name`);
      }
    }
    sources[key] = [...(list as string[])];
  }
  return sources;
};

const cache: Validator = (value, property) => {
  if (!isPlainObject(value)) throw new ProfileError(property, 'must be an object');
  for (const [backend, settings] of Object.entries(value)) {
    if (backend !== 'redis')
      throw new ProfileError(`${property}.${backend}`, 'unknown cache; the only one is "redis"');
    if (!isPlainObject(settings) || Object.keys(settings).length === 0) {
      throw new ProfileError(`${property}.redis`, 'must be an object with "server" and optionally "expire"');
    }
    for (const [key, setting] of Object.entries(settings)) {
      const at = `${property}.redis.${key}`;
      if (key === 'server') {
        if (typeof setting !== 'string' || !/^[^\s:]+:\d{1,5}$/.test(setting)) {
          throw new ProfileError(at, 'must be a string "host:port"');
        }
      } else if (key === 'expire') {
        integer()(setting, at);
      } else {
        throw new ProfileError(at, 'unknown key; allowed keys are "server" and "expire"');
      }
    }
  }
  return structuredClone(value);
};

function level(value: unknown, property: string): Level {
  if (typeof value !== 'string' || !LEVELS.includes(value.toUpperCase() as Level)) {
    throw new ProfileError(property, `must be one of ${LEVELS.join(', ')}`);
  }
  return value.toUpperCase() as Level;
}

const MODULE_NAME = /^[A-Z0-9_]+$/;

const testLevels: Validator = (value, property) => {
  if (!isPlainObject(value)) throw new ProfileError(property, 'must be an object');
  const result: Record<string, Record<string, Level>> = {};
  for (const [module, tags] of Object.entries(value)) {
    if (!MODULE_NAME.test(module))
      throw new ProfileError(`${property}.${module}`, 'module names are upper case');
    if (!isPlainObject(tags))
      throw new ProfileError(`${property}.${module}`, 'must be an object of tag → level');
    result[module] = {};
    for (const [tag, tagLevel] of Object.entries(tags)) {
      result[module][tag] = level(tagLevel, `${property}.${module}.${tag}`);
    }
  }
  return result;
};

const logfilter: Validator = (value, property) => {
  if (!isPlainObject(value)) throw new ProfileError(property, 'must be an object');
  const result: Profile['logfilter'] = {};
  for (const [module, tags] of Object.entries(value)) {
    const moduleAt = `${property}.${module}`;
    if (!isPlainObject(tags)) throw new ProfileError(moduleAt, 'must be an object of tag → rules');
    result[module] = {};
    for (const [tag, rules] of Object.entries(tags)) {
      const tagAt = `${moduleAt}.${tag}`;
      if (!Array.isArray(rules)) throw new ProfileError(tagAt, 'must be an array of {when, set} rules');
      result[module][tag] = rules.map((rule: unknown, index) => {
        const at = `${tagAt}.${index}`;
        if (!isPlainObject(rule)) throw new ProfileError(at, 'must be an object {when, set}');
        const extra = Object.keys(rule).filter((key) => key !== 'when' && key !== 'set');
        if (extra.length > 0)
          throw new ProfileError(`${at}.${extra[0]}`, 'unknown key; allowed keys are "when" and "set"');
        if (!isPlainObject(rule.when))
          throw new ProfileError(`${at}.when`, 'must be an object of argument → value(s)');
        for (const [arg, expected] of Object.entries(rule.when)) {
          const values = Array.isArray(expected) ? expected : [expected];
          if (!values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
            throw new ProfileError(`${at}.when.${arg}`, 'must be a scalar or an array of scalars');
          }
        }
        return { when: structuredClone(rule.when), set: level(rule.set, `${at}.set`) };
      });
    }
  }
  return result;
};

const testCases: Validator = (value, property) => {
  if (!Array.isArray(value)) throw new ProfileError(property, 'must be an array of test case ids');
  const known = new Set(allTestCaseIds());
  return value.map((id: unknown) => {
    if (typeof id !== 'string' || !known.has(id.toLowerCase())) {
      throw new ProfileError(property, `unknown test case ${JSON.stringify(id)}`);
    }
    return id.toLowerCase();
  });
};

/** Every leaf property of the profile, by dotted name. Objects that are values (not groups) are leaves. */
const PROPERTIES: Readonly<Record<string, Validator>> = {
  'resolver.defaults.debug': bool,
  'resolver.defaults.igntc': bool,
  'resolver.defaults.fallback': bool,
  'resolver.defaults.recurse': bool,
  'resolver.defaults.retrans': integer(1, 255),
  'resolver.defaults.retry': integer(1, 255),
  'resolver.defaults.usevc': bool,
  'resolver.defaults.timeout': integer(1),
  'resolver.source4': sourceAddress(4),
  'resolver.source6': sourceAddress(6),
  'net.ipv4': bool,
  'net.ipv6': bool,
  no_network: bool,
  'asn_db.style': asnStyle,
  'asn_db.sources': asnSources,
  cache,
  logfilter,
  test_levels: testLevels,
  test_cases: testCases,
  'test_cases_vars.dnssec04.REMAINING_SHORT': integer(1),
  'test_cases_vars.dnssec04.REMAINING_LONG': integer(1),
  'test_cases_vars.dnssec04.DURATION_LONG': integer(1),
  'test_cases_vars.zone02.SOA_REFRESH_MINIMUM_VALUE': integer(1),
  'test_cases_vars.zone04.SOA_RETRY_MINIMUM_VALUE': integer(1),
  'test_cases_vars.zone05.SOA_EXPIRE_MINIMUM_VALUE': integer(1),
  'test_cases_vars.zone06.SOA_DEFAULT_TTL_MAXIMUM_VALUE': integer(1),
  'test_cases_vars.zone06.SOA_DEFAULT_TTL_MINIMUM_VALUE': integer(1),
};

const PROPERTY_NAMES = Object.keys(PROPERTIES);

function isGroup(path: string): boolean {
  return PROPERTY_NAMES.some((name) => name.startsWith(`${path}.`));
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function collect(override: Record<string, unknown>, prefix: string, out: Array<[string, unknown]>): void {
  for (const [key, value] of Object.entries(override)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (PROPERTIES[path]) {
      if (value === null || value === undefined) throw new ProfileError(path, 'can not be null');
      out.push([path, value]);
    } else if (isGroup(path)) {
      if (!isPlainObject(value)) throw new ProfileError(path, 'must be an object');
      collect(value, path, out);
    } else {
      throw new ProfileError(path, 'unknown property');
    }
  }
}

/**
 * Returns `base` with every property set in `override` replaced (arrays and value objects replace, they are not
 * merged). Throws ProfileError on an unknown property or an invalid value; `base` is never modified.
 */
export function mergeProfile(base: Profile, override: unknown): Profile {
  if (!isPlainObject(override)) throw new ProfileError('(profile)', 'a profile must be a JSON object');
  const assignments: Array<[string, unknown]> = [];
  collect(override, '', assignments);
  const merged = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [path, value] of assignments) setAt(merged, path, PROPERTIES[path](value, path));
  return merged as unknown as Profile;
}

/** The default profile merged with a JSON profile file (which may be partial or empty). */
export function loadProfileFile(path: string): Profile {
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ProfileError('(file)', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  return mergeProfile(defaultProfile(), parsed);
}

// ---------------------------------------------------------------------------------------------------------------
// Severity decision

function argMatches(actual: unknown, expected: unknown): boolean {
  const candidates = Array.isArray(expected) ? expected : [expected];
  return candidates.some(
    (candidate) => actual !== undefined && actual !== null && String(actual) === String(candidate),
  );
}

/** A logfilter rule with its conditions listed once. */
interface CompiledRule {
  conditions: Array<[string, unknown]>;
  set: Level;
}

/** What the level of a module's tag depends on besides the message's arguments. */
interface TagLevel {
  level: Level;
  /** undefined when no logfilter rule names the tag: the level is then `level` whatever the arguments */
  rules: CompiledRule[] | undefined;
}

/**
 * Each test emits a few hundred messages, and the profile of a run does not change while it runs: the
 * test_levels and logfilter lookups of a (module, tag) are made once per profile object.
 */
const tagLevels = new WeakMap<Profile, Map<string, Map<string, TagLevel>>>();
let lastProfile: Profile | undefined;
let lastLevels: Map<string, Map<string, TagLevel>> | undefined;

function tagLevelFor(profile: Profile, module: string, tag: string): TagLevel {
  let byModule = profile === lastProfile ? lastLevels : tagLevels.get(profile);
  if (!byModule) tagLevels.set(profile, (byModule = new Map()));
  lastProfile = profile;
  lastLevels = byModule;
  let byTag = byModule.get(module);
  if (!byTag) byModule.set(module, (byTag = new Map()));
  let known = byTag.get(tag);
  if (!known) byTag.set(tag, (known = lookUpTagLevel(profile, module, tag)));
  return known;
}

function lookUpTagLevel(profile: Profile, module: string, tag: string): TagLevel {
  // Entries name modules as "Basic" or "System"; the profile keys them in upper case.
  const key = module.toUpperCase();
  const level: Level = profile.test_levels[key]?.[tag] ?? 'DEBUG';
  const rules = profile.logfilter[key]?.[tag] ?? profile.logfilter[module]?.[tag] ?? [];
  // A rule without conditions never matches, as in the reference logger.
  const compiled = rules
    .map((rule) => ({ conditions: Object.entries(rule.when), set: rule.set }))
    .filter((rule) => rule.conditions.length > 0);
  return { level, rules: compiled.length > 0 ? compiled : undefined };
}

/**
 * Level of one message: test_levels (DEBUG when unlisted), then the first matching logfilter rule. The profile
 * must not change once it is in use (its levels are remembered per profile object).
 */
export function levelFor(profile: Profile, module: string, tag: string, args: Args = {}): Level {
  const { level, rules } = tagLevelFor(profile, module, tag);
  if (rules === undefined) return level;
  const record = args as Record<string, unknown>;
  for (const rule of rules) {
    if (rule.conditions.every(([arg, expected]) => argMatches(record[arg], expected))) return rule.set;
  }
  return level;
}

export function isTestCaseEnabled(profile: Profile, id: string): boolean {
  return profile.test_cases.includes(id.toLowerCase());
}
