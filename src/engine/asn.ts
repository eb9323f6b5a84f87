/**
 * ASN lookups for Connectivity03/04: which autonomous systems announce an address, and in which prefix.
 * Two database styles, chosen by the profile's asn_db.style: "cymru" (a TXT query for the reversed address
 * under origin.<source> / origin6.<source>, through the recursor) and "ripe" (a whois query over TCP port 43).
 * Specification: zonemaster/zonemaster docs/public/specifications/tests/Connectivity-TP/connectivity03.md.
 */
import { connect } from 'node:net';
import type { Packet } from './dns/types.js';
import {
  blockCovers,
  canonicalAddress,
  parseAddress,
  parseBlock,
  reversedLabels as reversedLabelsOf,
} from './dns/address.js';
import type { Profile } from './profile.js';

/** AS_FOUND: asns and prefix known; EMPTY_ASN_SET: the database knows no AS; ERROR_ASN_DATABASE: no usable answer. */
export type AsnLookupCode = 'AS_FOUND' | 'EMPTY_ASN_SET' | 'ERROR_ASN_DATABASE';

export interface AsnLookupResult {
  code: AsnLookupCode;
  /** AS numbers announcing the address (AS_FOUND only). */
  asns: number[];
  /** Covering prefix, "address/length" with the address in its usual (compressed) form (AS_FOUND only). */
  prefix?: string;
  /** The database's answer line the result was taken from ("" when none). */
  raw: string;
}

export interface AsnLookupDeps {
  /** Recursive DNS lookup (Cymru style). */
  recurse(name: string, type: string): Promise<Packet | undefined>;
  /** Addresses of a whois server host name (RIPE style). */
  addressesOf?(host: string): Promise<string[]>;
  /** Whois TCP port; 43 unless a test says otherwise. */
  whoisPort?: number;
  /** Whois connection timeout in milliseconds. */
  whoisTimeoutMs?: number;
}

const ERROR: AsnLookupResult = { code: 'ERROR_ASN_DATABASE', asns: [], raw: '' };
const EMPTY: AsnLookupResult = { code: 'EMPTY_ASN_SET', asns: [], raw: '' };

// ---------------------------------------------------------------------------------------------- addresses

/** The reverse-mapping labels of an address without the arpa suffix: "1.0.0.127" or the 32 nibbles. */
export function reversedLabels(address: string): { labels: string; family: 4 | 6 } | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  return { labels: reversedLabelsOf(parsed), family: parsed.kind() === 'ipv4' ? 4 : 6 };
}

/** Whether `prefix` ("address/length") covers `address` (same family). */
export function prefixCovers(prefix: string, address: string): boolean {
  const block = parseBlock(prefix);
  const host = parseAddress(address);
  return block !== undefined && host !== undefined && blockCovers(block, host);
}

function normalizePrefix(prefix: string): string {
  const [base, length] = prefix.trim().split('/');
  const address = base!.includes(':') ? canonicalAddress(base!) : base!;
  return length === undefined ? address : `${address}/${length}`;
}

function numbers(text: string, separator: RegExp): number[] | undefined {
  const parts = text
    .trim()
    .split(separator)
    .filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

// ---------------------------------------------------------------------------------------------- Cymru

/**
 * One Cymru-style TXT answer ("64512 64513 | 192.0.2.0/24 | ..." per string): the most specific prefix
 * wins; a prefix not covering the address makes the database unusable.
 */
export function parseCymruTxt(texts: string[], address: string): AsnLookupResult {
  let best: AsnLookupResult | undefined;
  let bestLength = -1;
  for (const text of texts) {
    const fields = text.split(/ \| ?/);
    if (fields.length <= 1) continue;
    const prefix = fields[1]!.trim();
    if (!prefixCovers(prefix, address)) return ERROR;
    const asns = numbers(fields[0]!, /\s+/);
    if (!asns) return ERROR;
    const length = Number(prefix.split('/')[1] ?? 0);
    if (length > bestLength) {
      best = { code: 'AS_FOUND', asns, prefix: normalizePrefix(prefix), raw: text };
      bestLength = length;
    }
  }
  return best ?? EMPTY;
}

function txtTexts(p: Packet): string[] {
  return p.records('TXT', 'answer').map((rr) => {
    const parts: unknown[] = Array.isArray(rr.data) ? rr.data : [rr.data];
    return parts
      .map((part) => (part instanceof Uint8Array ? Buffer.from(part).toString('latin1') : String(part)))
      .join('');
  });
}

async function cymruLookup(
  address: string,
  sources: string[],
  deps: AsnLookupDeps,
): Promise<AsnLookupResult> {
  const reversed = reversedLabels(address);
  if (!reversed) return ERROR;
  for (const [index, rawSource] of sources.entries()) {
    const source = rawSource.toLowerCase().replace(/\.$/, '');
    const qname = `${reversed.labels}.${reversed.family === 4 ? 'origin' : 'origin6'}.${source}`;
    const p = await deps.recurse(qname, 'TXT');
    if (p?.rcode === 'NXDOMAIN') {
      // The source's own zone says the address is unknown: no AS announces it.
      const soa = p.records('SOA', 'authority');
      if (soa.length === 1 && soa[0]!.name === source) return EMPTY;
    } else if (p?.rcode === 'NOERROR') {
      if (p.answer.length === 0) return EMPTY;
      if (p.records('TXT', 'answer').length === 0) return ERROR;
      return parseCymruTxt(txtTexts(p), address);
    }
    // No usable answer from this source: try the next one, if any.
    if (index === sources.length - 1) return ERROR;
  }
  return ERROR;
}

// ---------------------------------------------------------------------------------------------- RIPE

/** The first line of a RIPE RIS whois answer that is neither a comment nor empty: "ASN[/ASN] prefix ...". */
export function parseRipeWhois(answer: string): AsnLookupResult {
  const line = answer.split(/\r?\n/).find((l) => !l.startsWith('%') && l.trim() !== '');
  if (line === undefined) return EMPTY;
  const fields = line.trim().split(/\s+/);
  const asns = numbers(fields[0] ?? '', /\//);
  if (!asns || fields[1] === undefined) return ERROR;
  return { code: 'AS_FOUND', asns, prefix: normalizePrefix(fields[1]), raw: line };
}

/** The whole answer of a whois server, or undefined when it could not be reached or said nothing. */
function whois(address: string, port: number, query: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: address, port });
    const finish = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () =>
      finish(chunks.length > 0 ? Buffer.concat(chunks).toString('latin1') : undefined),
    );
    socket.on('connect', () => socket.write(query));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish(chunks.length > 0 ? Buffer.concat(chunks).toString('latin1') : undefined));
    socket.on('error', () => finish(undefined));
  });
}

async function ripeLookup(address: string, sources: string[], deps: AsnLookupDeps): Promise<AsnLookupResult> {
  for (const [index, source] of sources.entries()) {
    const last = index === sources.length - 1;
    const hosts = parseAddress(source) ? [source] : ((await deps.addressesOf?.(source)) ?? []);
    let answer: string | undefined;
    for (const host of hosts) {
      answer = await whois(
        host,
        deps.whoisPort ?? 43,
        `-F -M ${canonicalAddress(address)}\n`,
        deps.whoisTimeoutMs ?? 5000,
      );
      if (answer !== undefined) break;
    }
    if (answer === undefined) {
      if (last) return ERROR;
      continue;
    }
    return parseRipeWhois(answer);
  }
  return ERROR;
}

// ---------------------------------------------------------------------------------------------- entry point

/** ASNs and prefix announcing `address`, from the profile's asn_db style and sources (in order). */
export async function lookupAsn(
  address: string,
  profile: Profile,
  deps: AsnLookupDeps,
): Promise<AsnLookupResult> {
  const style = profile.asn_db.style;
  const sources = profile.asn_db.sources[style] ?? [];
  if (sources.length === 0) return ERROR;
  return style === 'ripe' ? ripeLookup(address, sources, deps) : cymruLookup(address, sources, deps);
}
