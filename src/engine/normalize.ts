/**
 * Domain name requirements and normalization, per the specification
 * "RequirementsAndNormalizationOfDomainNames" (zone names and name server names in input).
 */
import { toASCII, toUnicode } from 'tr46';

export type NormalizationErrorTag =
  | 'AMBIGUOUS_DOWNCASING'
  | 'DOMAIN_NAME_TOO_LONG'
  | 'EMPTY_DOMAIN_NAME'
  | 'INITIAL_DOT'
  | 'INVALID_ASCII'
  | 'INVALID_U_LABEL'
  | 'LABEL_TOO_LONG'
  | 'REPEATED_DOTS';

export interface NormalizationError {
  tag: NormalizationErrorTag;
  message: string;
  args: Record<string, string>;
}

export type NormalizeResult = { ok: true; name: string } | { ok: false; error: NormalizationError };

export const MAX_NAME_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;

// Table 3 of the specification.
const WHITE_SPACE =
  '\u0020\u0009\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u205F\u3000\u1680';
const LEADING_WHITE_SPACE = new RegExp(`^[${WHITE_SPACE}]+`, 'u');
const TRAILING_WHITE_SPACE = new RegExp(`[${WHITE_SPACE}]+$`, 'u');
// Table 4: FULLWIDTH FULL STOP, IDEOGRAPHIC FULL STOP, HALFWIDTH IDEOGRAPHIC FULL STOP.
const ALTERNATIVE_FULL_STOPS = /[\uFF0E\u3002\uFF61]/gu;
// Table 1.
const VALID_ASCII_LABEL = /^[A-Za-z0-9/_-]+$/;
const ASCII_ONLY = /^\p{ASCII}*$/u;
const AMBIGUOUS_CHARACTERS: ReadonlyArray<[string, string]> = [
  ['\u0130', 'LATIN CAPITAL LETTER I WITH DOT ABOVE'],
];

/*
 * tr46 implements UTS #46, which maps and accepts more than IDNA2008. Code points that IDNA2008 never allows
 * (symbols, punctuation, separators, controls; the CONTEXTO punctuation excepted) are rejected up front, and a
 * label UTS #46 had to remap (compatibility forms, ignored characters) is not a U-label either.
 */
const NOT_IDNA2008 = /[\p{S}\p{P}\p{Z}\p{C}]/u;
const CONTEXTO_PUNCTUATION = new Set(['\u00B7', '\u0375', '\u05F3', '\u05F4', '\u30FB']);

const UTS46_OPTIONS = {
  transitionalProcessing: false,
  useSTD3ASCIIRules: true,
  checkBidi: true,
  checkJoiners: true,
  checkHyphens: true,
  verifyDNSLength: false,
} as const;

function failure(
  tag: NormalizationErrorTag,
  message: string,
  args: Record<string, string> = {},
): NormalizeResult {
  return { ok: false, error: { tag, message, args } };
}

function hasNonIdna2008CodePoint(label: string): boolean {
  for (const ch of label) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (NOT_IDNA2008.test(ch) && !CONTEXTO_PUNCTUATION.has(ch)) return true;
  }
  return false;
}

/** U-label (already lower-cased and NFC) → A-label, or null if it is not a valid IDNA2008 U-label. */
function uLabelToALabel(label: string): string | null {
  if (hasNonIdna2008CodePoint(label)) return null;
  const aLabel = toASCII(label, UTS46_OPTIONS);
  if (aLabel === null || aLabel === '' || aLabel.includes('.')) return null;
  const back = toUnicode(aLabel, UTS46_OPTIONS);
  if (back.error || back.domain !== label) return null;
  return aLabel;
}

/** Validates and normalizes a domain name; the result is lower case, A-labels, no final dot ("." for root). */
export function normalizeName(input: string): NormalizeResult {
  let name = input.replace(LEADING_WHITE_SPACE, '').replace(TRAILING_WHITE_SPACE, '');

  if (name === '') return failure('EMPTY_DOMAIN_NAME', 'The domain name is empty.');

  for (const [char, unicodeName] of AMBIGUOUS_CHARACTERS) {
    if (name.includes(char)) {
      return failure(
        'AMBIGUOUS_DOWNCASING',
        `The character "${unicodeName}" has no unambiguous lower case form; write the domain name in lower case.`,
        { unicode_name: unicodeName },
      );
    }
  }

  name = name.replace(ALTERNATIVE_FULL_STOPS, '.');
  if (name === '.') return { ok: true, name: '.' };
  if (name.startsWith('.')) return failure('INITIAL_DOT', 'The domain name begins with a dot.');
  if (name.includes('..'))
    return failure('REPEATED_DOTS', 'The domain name contains two or more dots in a row.');
  if (name.endsWith('.')) name = name.slice(0, -1);

  const labels: string[] = [];
  for (const label of name.split('.')) {
    if (ASCII_ONLY.test(label)) {
      if (!VALID_ASCII_LABEL.test(label)) {
        return failure(
          'INVALID_ASCII',
          `The ASCII label "${label}" contains a character that is not permitted.`,
          {
            label,
          },
        );
      }
      labels.push(label.toLowerCase());
    } else {
      const aLabel = uLabelToALabel(label.toLowerCase().normalize('NFC'));
      if (aLabel === null) {
        return failure('INVALID_U_LABEL', `The non-ASCII label "${label}" is not a valid U-label.`, {
          label,
        });
      }
      labels.push(aLabel);
    }
  }

  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) {
      return failure(
        'LABEL_TOO_LONG',
        `The label "${label}" is longer than ${MAX_LABEL_LENGTH} characters.`,
        { label, limit: String(MAX_LABEL_LENGTH) },
      );
    }
  }

  const normalized = labels.join('.');
  if (normalized.length > MAX_NAME_LENGTH) {
    return failure(
      'DOMAIN_NAME_TOO_LONG',
      `The domain name is longer than ${MAX_NAME_LENGTH} characters (not counting a final dot).`,
      { limit: String(MAX_NAME_LENGTH) },
    );
  }
  return { ok: true, name: normalized };
}
