/**
 * Renders message entries as text at read time. Texts live in gettext .po files, one per language
 * (share/locale/<lang>.po): msgctxt = module ("BASIC", "SYSTEM", "BACKEND"), "TESTCASE" or "RPCAPI" (the API's
 * own messages), msgid = tag, test case id or message id, msgstr = text with {argument} placeholders. English
 * (en.po) is the source language and the fallback.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { po } from 'gettext-parser';
import { sharePath } from '../paths.js';
import type { Args } from './types.js';

export const DEFAULT_LOCALE_DIR = sharePath('locale');
export const SOURCE_LANGUAGE = 'en';
export const TESTCASE_CONTEXT = 'TESTCASE';

export interface TranslatableEntry {
  module: string;
  tag: string;
  args?: Args | Record<string, unknown>;
}

/** context → msgid → text */
type Catalog = Map<string, Map<string, string>>;

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (value === null || value === undefined) return '';
  return String(value);
}

/**
 * Arguments that carry a list joined with ";" (or "," for AS numbers). Stored that way, as the reference engine
 * stores them; rendered with ", " so a reader's line breaks fall between items, not inside names.
 */
const LIST_ARGUMENTS = new Set([
  'asn',
  'cname_set',
  'extra',
  'names',
  'ns_list_nsec',
  'ns_list_nsec3',
  'parent_addresses',
  'servers',
  'zone_addresses',
]);
const isListArgument = (name: string) => name.endsWith('_list') || LIST_ARGUMENTS.has(name);

function formatArgument(name: string, value: unknown): string {
  if (typeof value !== 'string' || !isListArgument(name)) return formatValue(value);
  return value
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .join(', ');
}

/**
 * Replaces {name} with the argument's value; unknown placeholders stay as they are. A value that ends with "."
 * (a fully qualified name) absorbs the template's own full stop right after it, so no ".." appears. With
 * `lists`, list arguments are shown with ", " between their items.
 */
export function interpolate(text: string, args: Record<string, unknown> = {}, lists = false): string {
  return text.replace(/\{([A-Za-z0-9_]+)\}(\.?)/g, (placeholder, name: string, stop: string) => {
    if (!Object.prototype.hasOwnProperty.call(args, name)) return placeholder;
    const value = lists ? formatArgument(name, args[name]) : formatValue(args[name]);
    return value.endsWith('.') ? value : value + stop;
  });
}

/** Rendering used when no language has a text for the tag: "TAG name=value; other=a, b". */
export function genericRendering(tag: string, args: Record<string, unknown> = {}): string {
  const parts = Object.keys(args)
    .sort()
    .map((name) => `${name}=${formatValue(args[name])}`);
  return parts.length > 0 ? `${tag} ${parts.join('; ')}` : tag;
}

function parseCatalog(path: string): Catalog {
  const parsed = po.parse(readFileSync(path));
  const catalog: Catalog = new Map();
  for (const [context, messages] of Object.entries(parsed.translations)) {
    const texts = new Map<string, string>();
    for (const [msgid, translation] of Object.entries(messages)) {
      const text = translation.msgstr[0];
      if (msgid !== '' && text) texts.set(msgid, text);
    }
    catalog.set(context, texts);
  }
  return catalog;
}

export class Translator {
  private readonly catalogs = new Map<string, Catalog>();
  private available: string[] | undefined;

  constructor(readonly localeDir: string = DEFAULT_LOCALE_DIR) {}

  /** Language codes with a catalogue, sorted, e.g. ["en", "fr"]. */
  languages(): string[] {
    // Listed once: translate() resolves the language for every message it renders.
    this.available ??= existsSync(this.localeDir)
      ? readdirSync(this.localeDir)
          .filter((file) => file.endsWith('.po'))
          .map((file) => file.slice(0, -'.po'.length))
          .sort()
      : [];
    return [...this.available];
  }

  /**
   * The catalogue language for a language code or locale: "fr", "fr_FR", "fr-FR" and "fr_FR.UTF-8" all give "fr"
   * when only fr.po exists; undefined when there is none.
   */
  resolveLanguage(lang: string): string | undefined {
    const available = this.available ?? this.languages();
    const locale = lang.split('.')[0].replace('-', '_');
    const candidates = [locale, locale.split('_')[0].toLowerCase()];
    return candidates.find((candidate) => available.includes(candidate));
  }

  /** The text of a message in `lang`, falling back to English, then to a generic rendering of tag and args. */
  translate(entry: TranslatableEntry, lang: string = SOURCE_LANGUAGE): string {
    const args = (entry.args ?? {}) as Record<string, unknown>;
    const text = this.lookup(entry.module.toUpperCase(), entry.tag, lang);
    return text === undefined ? genericRendering(entry.tag, args) : interpolate(text, args, true);
  }

  /**
   * A text of the catalogue other than a test's message (the RPC API's own messages): the arguments are put in
   * as given. Falls back to English, then to the msgid.
   */
  text(
    context: string,
    msgid: string,
    args: Record<string, unknown> = {},
    lang: string = SOURCE_LANGUAGE,
  ): string {
    const text = this.lookup(context, msgid, lang);
    return text === undefined ? msgid : interpolate(text, args);
  }

  /** Short description of a test case ("basic01" or "Basic01"); the id itself if there is none. */
  testcaseDescription(id: string, lang: string = SOURCE_LANGUAGE): string {
    return this.lookup(TESTCASE_CONTEXT, id.toLowerCase(), lang) ?? id;
  }

  /** Whether the source language has a text for the tag. */
  has(module: string, tag: string): boolean {
    return this.catalog(SOURCE_LANGUAGE)?.get(module.toUpperCase())?.get(tag) !== undefined;
  }

  private lookup(context: string, msgid: string, lang: string): string | undefined {
    const resolved = this.resolveLanguage(lang);
    const fromLanguage =
      resolved === undefined ? undefined : this.catalog(resolved)?.get(context)?.get(msgid);
    return fromLanguage ?? this.catalog(SOURCE_LANGUAGE)?.get(context)?.get(msgid);
  }

  private catalog(lang: string): Catalog | undefined {
    let catalog = this.catalogs.get(lang);
    if (catalog === undefined) {
      const path = join(this.localeDir, `${lang}.po`);
      if (!existsSync(path)) return undefined;
      catalog = parseCatalog(path);
      this.catalogs.set(lang, catalog);
    }
    return catalog;
  }
}
