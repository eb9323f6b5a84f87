/**
 * SPF policy syntax (RFC 7208 section 4.5 and the ABNF of section 12), as far as Zone11 needs it: is a TXT
 * string an SPF record, does it parse, is it the Null SPF policy ("v=spf1 -all").
 */
import { isIPv6 } from 'node:net';

const VERSION = 'v=spf1';

/** "SPF TXT record": the concatenated string is "v=spf1" or starts with "v=spf1 ", in any case. */
export function isSpfRecord(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === VERSION || lower.startsWith(`${VERSION} `);
}

// macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
const MACRO_EXPAND = String.raw`%\{[slodiphcrtv]\d*r?[.\-+,/_=]*\}|%%|%_|%-`;
// macro-literal = %x21-24 / %x26-7E
const MACRO_LITERAL = String.raw`[\x21-\x24\x26-\x7e]`;
const MACRO_STRING = new RegExp(`^(?:${MACRO_EXPAND}|${MACRO_LITERAL})*$`, 'i');
// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
const TOPLABEL = String.raw`(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])`;
const DOMAIN_END = new RegExp(String.raw`(?:\.${TOPLABEL}\.?|${MACRO_EXPAND})$`, 'i');
const QNUM = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)`;
const IP4_NETWORK = new RegExp(`^${QNUM}(?:\\.${QNUM}){3}$`);
const IP4_CIDR = String.raw`/(?:0|[1-9]\d?)`;
const IP6_CIDR = String.raw`/(?:0|[1-9]\d{0,2})`;
const MODIFIER_NAME = /^[a-z][a-z0-9\-_.]*$/i;

/** domain-spec = macro-string domain-end */
function isDomainSpec(text: string): boolean {
  return text.length > 0 && MACRO_STRING.test(text) && DOMAIN_END.test(text);
}

/** "/24" within 0..max, or no CIDR length at all. */
function cidrValue(cidr: string | undefined, max: number): boolean {
  return cidr === undefined || Number(cidr.slice(1)) <= max;
}

/** a / mx: [ ":" domain-spec ] [ dual-cidr-length ] */
function isAddressMechanism(rest: string): boolean {
  const m = /^(:.+?)?(?:\/(0|[1-9]\d?))?(?:\/\/(0|[1-9]\d{0,2}))?$/.exec(rest);
  if (!m) return false;
  const [, domain, ip4Cidr, ip6Cidr] = m;
  if (domain !== undefined && !isDomainSpec(domain.slice(1))) return false;
  return Number(ip4Cidr ?? 0) <= 32 && Number(ip6Cidr ?? 0) <= 128;
}

function isMechanism(term: string): boolean {
  const m = /^([a-z0-9]+)(.*)$/i.exec(term);
  if (!m) return false;
  const name = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (name) {
    case 'all':
      return rest === '';
    case 'include':
    case 'exists':
      return rest.startsWith(':') && isDomainSpec(rest.slice(1));
    case 'a':
    case 'mx':
      return isAddressMechanism(rest);
    case 'ptr':
      return rest === '' || (rest.startsWith(':') && isDomainSpec(rest.slice(1)));
    case 'ip4': {
      const ip = new RegExp(`^:([^/]+)(${IP4_CIDR})?$`).exec(rest);
      return ip !== null && IP4_NETWORK.test(ip[1]!) && cidrValue(ip[2], 32);
    }
    case 'ip6': {
      const ip = new RegExp(`^:([^/]+)(${IP6_CIDR})?$`).exec(rest);
      return ip !== null && isIPv6(ip[1]!) && cidrValue(ip[2], 128);
    }
    default:
      return false;
  }
}

/** The terms after the version, or undefined when the string is not an SPF record at all. */
function termsOf(record: string): string[] | undefined {
  if (!isSpfRecord(record)) return undefined;
  return record
    .slice(VERSION.length)
    .split(' ')
    .filter((t) => t !== '');
}

/** "Passing the syntax check": the record matches the RFC 7208 grammar; redirect and exp at most once each. */
export function isValidSpf(record: string): boolean {
  const terms = termsOf(record);
  if (!terms) return false;
  // Only SP separates terms (section 12: 1*SP); any other white space or control character is an error.
  if (/[^\x20-\x7e]/.test(record)) return false;
  const seenModifiers = new Set<string>();
  for (const term of terms) {
    const modifier = /^([^=:/]+)=(.*)$/.exec(term);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      if (!MODIFIER_NAME.test(name)) return false;
      if (name === 'redirect' || name === 'exp') {
        if (seenModifiers.has(name) || !isDomainSpec(value)) return false;
        seenModifiers.add(name);
      } else if (!MACRO_STRING.test(value)) return false;
      continue;
    }
    const directive = /^[+\-?~]/.test(term) ? term.slice(1) : term;
    if (!isMechanism(directive)) return false;
  }
  return true;
}

/** "Null SPF": a single term, "-all". */
export function isNullSpf(record: string): boolean {
  const terms = termsOf(record);
  return terms !== undefined && terms.length === 1 && terms[0]!.toLowerCase() === '-all';
}
