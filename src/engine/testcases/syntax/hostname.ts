/**
 * Host name syntax (Syntax01-04, 07, 08): labels of a presentation-format name, legal characters and lengths,
 * hyphens in positions 3-4, all-numeric TLD.
 */
import { displayName } from '../../dns/name.js';
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH } from '../../normalize.js';
import type { Args } from '../../types.js';
import type { TestContext } from '../test-case.js';

/** The tags of checkHostname for one kind of host name, e.g. MNAME_SYNTAX_OK. */
export type HostnameTags<Prefix extends string> = {
  readonly [Tag in `${Prefix}_DISCOURAGED_DOUBLE_DASH`]: 'domain label';
} & { readonly [Tag in `${Prefix}_NON_ALLOWED_CHARS` | `${Prefix}_SYNTAX_OK`]: 'domain' } & {
  readonly [Tag in `${Prefix}_NUMERIC_TLD`]: 'domain tld';
};

/** Labels of a presentation-format name, splitting on unescaped dots only (escapes kept in the labels). */
export function presentationLabels(name: string): string[] {
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === '\\' && i + 1 < name.length) {
      current += ch + name[i + 1]!;
      i++;
    } else if (ch === '.') {
      labels.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') labels.push(current);
  return labels;
}

// RFC 1035 section 2.3.1 (letters, digits, hyphen), as every Syntax test case applies it to a label.
const LEGAL_LABEL = /^[-a-z0-9]+$/i;

export function hasOnlyLegalCharacters(labels: string[]): boolean {
  return labels.every((label) => LEGAL_LABEL.test(label) && label.length <= MAX_LABEL_LENGTH);
}

/** Hyphens in positions 3 and 4 of a label that is not an A-label ("xn--") candidate. */
export function hasDiscouragedDoubleDash(label: string): boolean {
  return /^..--/.test(label) && !/^xn/i.test(label);
}

/**
 * The host name checks shared by Syntax04, Syntax07 and Syntax08 (`prefix` is NAMESERVER, MNAME or MX):
 * legal characters and lengths, hyphens in positions 3-4, all-numeric TLD.
 */
export function checkHostname<Prefix extends 'NAMESERVER' | 'MNAME' | 'MX'>(
  ctx: TestContext<HostnameTags<Prefix>>,
  prefix: Prefix,
  host: string,
): void {
  // Every tag built here is one of HostnameTags<Prefix>, which the test case declares.
  const emit = ctx.emit as unknown as (tag: string, args: Args) => void;
  const labels = presentationLabels(host);
  const domain = displayName(host);
  let problems = 0;
  // steps "label does not contain a-z or 0-9", "label longer than 63", "name longer than 255"
  if (!hasOnlyLegalCharacters(labels) || host.length > MAX_NAME_LENGTH) {
    emit(`${prefix}_NON_ALLOWED_CHARS`, { domain });
    problems++;
  }
  if (labels.length > 0) {
    // step "hyphen in position 3 and 4 ... prefix is not xn"
    for (const label of labels) {
      if (hasDiscouragedDoubleDash(label)) {
        emit(`${prefix}_DISCOURAGED_DOUBLE_DASH`, { domain, label });
        problems++;
      }
    }
    // step "rightmost label (the TLD) contains only digits"
    const tld = labels[labels.length - 1]!;
    if (/^\d+$/.test(tld)) {
      emit(`${prefix}_NUMERIC_TLD`, { domain, tld });
      problems++;
    }
  }
  if (problems === 0) emit(`${prefix}_SYNTAX_OK`, { domain });
}
