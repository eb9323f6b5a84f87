/** What every method handler receives. */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { EngineServices } from './engine-adapter.js';

export interface ApiContext {
  config: Config;
  knex: Knex;
  engine: EngineServices;
  logger: Logger;
  /** The clock (tests move it). */
  now(): Date;
}

/** Per request. */
export interface CallContext {
  /** Client address after trusted-proxy handling; undefined for an in-process call. */
  remoteAddress: string | undefined;
  /** The user whose credentials the dispatcher has checked for this request, if any. */
  authenticatedUser?: string;
}

export type Params = Record<string, unknown>;
export type Handler = (params: Params, call: CallContext) => Promise<unknown> | unknown;

/** A name as the engine normalizes it; params were validated, so a failure here is an internal error. */
export function normalizedName(api: ApiContext, input: string): string {
  const result = api.engine.normalizeName(input);
  if (!result.ok) throw new Error(`normalization failed after validation: ${result.error.message}`);
  return result.name;
}

/** Path of a configured profile ('' = the engine's default profile). */
export function profilePath(config: Config, name: string): string {
  const lower = name.toLowerCase();
  return config.PUBLIC_PROFILES[lower] ?? config.PRIVATE_PROFILES[lower] ?? '';
}

/** Two-letter language codes of LANGUAGE.locale, sorted, without duplicates. */
export function configuredLanguages(config: Config): string[] {
  return [...new Set(config.LANGUAGE.locale.map((l) => l.slice(0, 2)))].sort();
}

/**
 * The languages the API offers and accepts: configured in LANGUAGE.locale (the configuration can only block a
 * language) and with a catalogue (a language without one would silently answer in English).
 */
export function offeredLanguages(config: Config, catalogued: readonly string[]): string[] {
  return configuredLanguages(config).filter((language) => catalogued.includes(language));
}
