/**
 * The RPC API's own messages: validation messages and the top-level error messages. Their texts live in the
 * .po catalogues beside the test messages (msgctxt "RPCAPI", msgid = the MessageId), so one translator renders
 * both; English keeps the reference API's wire texts, which some clients match on.
 */
import type { NormalizationErrorTag } from '../engine/normalize.js';
import type { Translator } from '../engine/translator.js';

export const RPCAPI_CONTEXT = 'RPCAPI';

/** Every message the API renders itself; each has an English text in share/locale/en.po. */
export const MESSAGE_IDS = [
  'INVALID_PARAMS',
  'MISSING_PROPERTY',
  'EXPECTED_TYPE',
  'NOT_ENOUGH_ITEMS',
  'TOO_MANY_ITEMS',
  'PROPERTIES_NOT_ALLOWED',
  'PATTERN_MISMATCH',
  'STRING_TOO_LONG',
  'BELOW_MINIMUM',
  'NOT_IN_ENUM',
  'INVALID_IP',
  'INVALID_PROFILE_FORMAT',
  'UNKNOWN_PROFILE',
  'INVALID_LANGUAGE_FORMAT',
  'UNKNOWN_LANGUAGE',
  'INVALID_DIGEST',
  'INVALID_ALGORITHM',
  'INVALID_DIGTYPE',
  'INVALID_KEYTAG',
  'INVALID_DOMAIN',
  'TOO_DEEP',
  'INVALID_VALUE',
  // why a domain name is refused (the reason inside INVALID_DOMAIN), one per NormalizationErrorTag
  'AMBIGUOUS_DOWNCASING',
  'DOMAIN_NAME_TOO_LONG',
  'EMPTY_DOMAIN_NAME',
  'INITIAL_DOT',
  'INVALID_ASCII',
  'INVALID_U_LABEL',
  'LABEL_TOO_LONG',
  'REPEATED_DOTS',
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];

export type MessageArgs = Readonly<Record<string, string | number>>;

/** The text of a message in `language` (a language code), falling back to English. */
export type MessageRenderer = (id: MessageId, args?: MessageArgs, language?: string) => string;

export function messageRenderer(translator: Translator): MessageRenderer {
  return (id, args = {}, language) => translator.text(RPCAPI_CONTEXT, id, args, language);
}

/** Every refusal reason of domain-name normalization has a text of its own in this table. */
type Covers<T extends MessageId> = T;
export type NormalizationReasons = Covers<NormalizationErrorTag>;
