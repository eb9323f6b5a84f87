/**
 * Params validation: the structure with ajv (types, required, extra properties, patterns, bounds), then the
 * checks that need the configuration or the engine (domain names, IP addresses, profiles, languages).
 * Failures become validation error data: [{path (JSON pointer into params), message}] in the request's language.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isIP } from 'node:net';
import type { ValidationErrorItem } from './errors.js';
import type { MessageArgs, MessageId, MessageRenderer } from './messages.js';
import { jsonType } from './envelope.js';
import type { Schema } from './schemas.js';
import type { NormalizeResult } from '../engine/normalize.js';

export type CheckName = 'domain' | 'ip' | 'profile' | 'language_tag';
export interface Problem {
  id: MessageId;
  args?: MessageArgs;
  /** A message rendered first and passed to `id`'s text as its `reason` argument. */
  reason?: { id: MessageId; args?: MessageArgs };
}
export type Check = (value: string) => Problem | null;

export interface CheckContext {
  normalizeName(input: string): NormalizeResult;
  /** lower-cased names of every public and private profile */
  profiles: ReadonlySet<string>;
  /** language codes offered: those of LANGUAGE.locale that have a catalogue */
  languages: ReadonlySet<string>;
}

const PROFILE_NAME = /^[a-z0-9]$|^[a-z0-9][a-z0-9_-]{0,30}[a-z0-9]$/i;
const LANGUAGE_TAG = /^[a-z]{2}$/;
// Longer input cannot be a domain name; answered without running normalization over it.
const LONGEST_DOMAIN_INPUT = 1024;

export function createChecks(ctx: CheckContext): Record<CheckName, Check> {
  const tooLong = ctx.normalizeName(`${'a'.repeat(60)}.`.repeat(5));
  return {
    domain(value) {
      const result = value.length > LONGEST_DOMAIN_INPUT ? tooLong : ctx.normalizeName(value);
      return result.ok
        ? null
        : { id: 'INVALID_DOMAIN', reason: { id: result.error.tag, args: result.error.args } };
    },
    ip(value) {
      // "" means "no address": the reference's own zmb sends it, and the projection drops it.
      // no zone index ("fe80::1%eth0"): an address must be usable from any host
      return value === '' || (isIP(value) !== 0 && !value.includes('%')) ? null : { id: 'INVALID_IP' };
    },
    profile(value) {
      if (!PROFILE_NAME.test(value)) return { id: 'INVALID_PROFILE_FORMAT' };
      return ctx.profiles.has(value.toLowerCase()) ? null : { id: 'UNKNOWN_PROFILE' };
    },
    language_tag(value) {
      if (!LANGUAGE_TAG.test(value)) return { id: 'INVALID_LANGUAGE_FORMAT' };
      return ctx.languages.has(value) ? null : { id: 'UNKNOWN_LANGUAGE' };
    },
  };
}

/** 'structure': the schema alone (types, bounds, patterns), without the checks that cost per value (domains). */
export type ValidationStage = 'structure' | 'all';

export type ParamsValidator = (
  schema: Schema,
  params: unknown,
  language?: string,
  stage?: ValidationStage,
) => ValidationErrorItem[];

export function createParamsValidator(
  checks: Record<CheckName, Check>,
  renderMessage: MessageRenderer,
): ParamsValidator {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  for (const keyword of ['x-check', 'x-boolean', 'x-error-message', 'x-credentials'])
    ajv.addKeyword({ keyword, schemaType: ['string', 'boolean'] });
  const compiled = new WeakMap<Schema, ValidateFunction>();

  return (schema, params, language, stage = 'all') => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    const problems: Array<{ path: string; problem: Problem }> = [];
    if (!validate(params)) problems.push(...fromAjv(validate.errors ?? []));
    if (stage === 'all') runChecks(schema, params, '', checks, problems);
    return problems.map(({ path, problem }) => {
      const reason = problem.reason && renderMessage(problem.reason.id, problem.reason.args, language);
      const args = reason === undefined ? problem.args : { ...problem.args, reason };
      return { path: path === '' ? '/' : path, message: renderMessage(problem.id, args, language) };
    });
  };
}

function fromAjv(errors: ErrorObject[]): Array<{ path: string; problem: Problem }> {
  const out: Array<{ path: string; problem: Problem }> = [];
  const notAllowed = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'required') {
      out.push({
        path: `${e.instancePath}/${escapePointer(String(e.params.missingProperty))}`,
        problem: { id: 'MISSING_PROPERTY' },
      });
      continue;
    }
    const custom = (e.parentSchema as Schema | undefined)?.['x-error-message'] as MessageId | undefined;
    if (custom) {
      if (!out.some((o) => o.path === e.instancePath && o.problem.id === custom))
        out.push({ path: e.instancePath, problem: { id: custom } });
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const names = notAllowed.get(e.instancePath) ?? [];
      if (names.length === 0) notAllowed.set(e.instancePath, names);
      names.push(String(e.params.additionalProperty));
      continue;
    }
    out.push({ path: e.instancePath, problem: problemOf(e) });
  }
  for (const [path, names] of notAllowed)
    out.push({ path, problem: { id: 'PROPERTIES_NOT_ALLOWED', args: { names: names.join(', ') } } });
  return out;
}

function problemOf(e: ErrorObject): Problem {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return { id: 'EXPECTED_TYPE', args: { expected: String(p.type), actual: jsonType(e.data) } };
    case 'minItems':
      return {
        id: 'NOT_ENOUGH_ITEMS',
        args: { actual: (e.data as unknown[]).length, limit: Number(p.limit) },
      };
    case 'maxItems':
      return { id: 'TOO_MANY_ITEMS', args: { actual: (e.data as unknown[]).length, limit: Number(p.limit) } };
    case 'pattern':
      return { id: 'PATTERN_MISMATCH', args: { pattern: String(p.pattern) } };
    case 'maxLength':
      return { id: 'STRING_TOO_LONG', args: { actual: String(e.data).length, limit: Number(p.limit) } };
    case 'minimum':
    case 'maximum':
      return {
        id: e.keyword === 'minimum' ? 'BELOW_MINIMUM' : 'INVALID_VALUE',
        args: { actual: Number(e.data), limit: Number(p.limit) },
      };
    case 'enum':
      return { id: 'NOT_IN_ENUM', args: { list: (p.allowedValues as unknown[]).join(', ') } };
    default:
      return { id: 'INVALID_VALUE' };
  }
}

/** Walks params along the schema and runs the x-check of every string that has one. */
function runChecks(
  schema: Schema,
  value: unknown,
  path: string,
  checks: Record<CheckName, Check>,
  out: Array<{ path: string; problem: Problem }>,
): void {
  const checkName = schema['x-check'] as CheckName | undefined;
  if (checkName && typeof value === 'string') {
    const problem = checks[checkName](value);
    if (problem) out.push({ path, problem });
    return;
  }
  if (schema.type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, sub] of Object.entries(properties)) {
      if (Object.hasOwn(value, key))
        runChecks(sub, (value as Record<string, unknown>)[key], `${path}/${escapePointer(key)}`, checks, out);
    }
  } else if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    value.forEach((item, i) => runChecks(schema.items as Schema, item, `${path}/${i}`, checks, out));
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
