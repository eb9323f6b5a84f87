/**
 * Domain names and addresses as the engine compares them: canonical form (lower case, no trailing dot, "" for
 * the root), "at or below" a zone, labels, the parent name, the display form of message arguments, and the
 * address family of an IP address.
 */
import { addressFamily } from './address.js';

/** Lower case, no trailing dot, "" for the root. */
export function canonical(name: string): string {
  const lower = name.toLowerCase();
  if (lower === '.' || lower === '') return '';
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Labels of a canonical name; none for the root. */
export function labelsOf(name: string): string[] {
  return name === '' ? [] : name.split('.');
}

/** true when canonical `name` equals `zone` or lies below it. */
export function isAtOrBelow(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/** The name one label up ("" above a top-level name). */
export function parentName(name: string): string {
  const i = name.indexOf('.');
  return i < 0 ? '' : name.slice(i + 1);
}

/** Display form used in message arguments: "." for the root. */
export function displayName(name: string): string {
  return name === '' ? '.' : name;
}

/** Absolute form used in SOA/NS/domain arguments: "ns1.example.", "." for the root. */
export function fqdn(name: string): string {
  const c = canonical(name);
  return c === '' ? '.' : `${c}.`;
}

/** A name server as in message arguments: "ns1.example/192.0.2.1". */
export function nsString(name: string, address: string): string {
  return `${name === '' ? '.' : name}/${address}`;
}

export { addressFamily as familyOf };
