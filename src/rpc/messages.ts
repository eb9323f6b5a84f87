/**
 * The RPC API's own messages: validation messages and the top-level error messages. Their texts live in the
 * .po catalogues beside the test messages (msgctxt "RPCAPI", msgid = the MessageId), so one translator renders
 * both; English keeps the reference API's wire texts, which some clients match on.
 */
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
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];

export type MessageArgs = Readonly<Record<string, string | number>>;

/** The text of a message in `language` (a language code), falling back to English. */
export type MessageRenderer = (id: MessageId, args?: MessageArgs, language?: string) => string;

export function messageRenderer(translator: Translator): MessageRenderer {
  return (id, args = {}, language) => translator.text(RPCAPI_CONTEXT, id, args, language);
}
