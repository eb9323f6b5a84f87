/**
 * The RPC API's own message catalogue: validation messages and the top-level error messages.
 * Wire texts of the reference API are kept (clients match on some of them); other languages are added as tables
 * keyed by language code. A missing language or a missing entry falls back to English.
 */

export type MessageId =
  | 'INVALID_PARAMS'
  | 'MISSING_PROPERTY'
  | 'EXPECTED_TYPE'
  | 'NOT_ENOUGH_ITEMS'
  | 'TOO_MANY_ITEMS'
  | 'PROPERTIES_NOT_ALLOWED'
  | 'PATTERN_MISMATCH'
  | 'STRING_TOO_LONG'
  | 'BELOW_MINIMUM'
  | 'NOT_IN_ENUM'
  | 'INVALID_IP'
  | 'INVALID_PROFILE_FORMAT'
  | 'UNKNOWN_PROFILE'
  | 'INVALID_LANGUAGE_FORMAT'
  | 'UNKNOWN_LANGUAGE'
  | 'INVALID_DIGEST'
  | 'INVALID_ALGORITHM'
  | 'INVALID_DIGTYPE'
  | 'INVALID_KEYTAG'
  | 'INVALID_DOMAIN'
  | 'TOO_DEEP'
  | 'INVALID_VALUE';

type Catalogue = Readonly<Record<MessageId, string>>;

/** English texts; `{name}` placeholders are filled from the message arguments. */
const ENGLISH: Catalogue = {
  INVALID_PARAMS: 'Invalid method parameter(s).',
  MISSING_PROPERTY: 'Missing property',
  EXPECTED_TYPE: 'Expected {expected} - got {actual}.',
  NOT_ENOUGH_ITEMS: 'Not enough items: {actual}/{limit}.',
  TOO_MANY_ITEMS: 'Too many items: {actual}/{limit}.',
  PROPERTIES_NOT_ALLOWED: 'Properties not allowed: {names}.',
  PATTERN_MISMATCH: 'String does not match {pattern}.',
  STRING_TOO_LONG: 'String is too long: {actual}/{limit}.',
  BELOW_MINIMUM: '{actual} < minimum({limit})',
  NOT_IN_ENUM: 'Not in enum list: {list}.',
  INVALID_IP: 'Invalid IP address',
  INVALID_PROFILE_FORMAT: 'Invalid profile format',
  UNKNOWN_PROFILE: 'Unknown profile',
  INVALID_LANGUAGE_FORMAT: 'Invalid language tag format',
  // The reference's misspelling is kept: it is the text clients have seen on the wire.
  UNKNOWN_LANGUAGE: 'Unkown language string',
  INVALID_DIGEST: 'Invalid digest format',
  INVALID_ALGORITHM: 'Algorithm must be a positive integer',
  INVALID_DIGTYPE: 'Digest type must be a positive integer',
  INVALID_KEYTAG: 'Keytag must be a positive integer',
  INVALID_DOMAIN: '{reason}',
  TOO_DEEP: 'Value nested too deeply.',
  INVALID_VALUE: 'Invalid value.',
};

/** Other languages: partial tables, English fills the gaps. Add a language by adding its table here. */
const TRANSLATIONS: Readonly<Record<string, Partial<Catalogue>>> = {
  en: ENGLISH,
};

export type MessageArgs = Readonly<Record<string, string | number>>;

/** The text of a message in `language` (a two-letter code), falling back to English. */
export function renderMessage(id: MessageId, args: MessageArgs = {}, language?: string): string {
  const table = (language && TRANSLATIONS[language]) || ENGLISH;
  const template = table[id] ?? ENGLISH[id];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** Languages that have a table of their own (English included). */
export function catalogueLanguages(): string[] {
  return Object.keys(TRANSLATIONS).sort();
}
