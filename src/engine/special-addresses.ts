/**
 * The IANA special-purpose address registries (share/iana-ipv4-special-registry.csv and
 * share/iana-ipv6-special-registry.csv, in IANA's CSV export format) and the lookups Address01 needs:
 * which registered block an address falls in, and whether that block is globally reachable.
 */
import { readFileSync } from 'node:fs';
import { sharePath } from '../paths.js';
import { blockCovers, parseAddress, parseBlock, reversedLabels, type IpAddress } from './dns/address.js';

export interface SpecialBlock {
  /** "192.0.2.0/24" */
  prefix: string;
  family: 4 | 6;
  /** registry "Name" column: "Documentation (TEST-NET-1)", "Loopback", "Private-Use", ... */
  name: string;
  /** "Globally Reachable" column is True (footnote marks such as "True [1]" allowed) */
  globallyReachable: boolean;
  block: [IpAddress, number];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function blocksOf(cell: string): { block: [IpAddress, number]; family: 4 | 6; prefix: string }[] {
  // "192.0.0.0/24 [2]" carries a footnote; "192.0.0.170/32, 192.0.0.171/32" lists two blocks.
  return cell
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0]!)
    .filter((part) => part.includes('/'))
    .flatMap((prefix) => {
      const block = parseBlock(prefix);
      return block
        ? [{ block, family: block[0].kind() === 'ipv4' ? (4 as const) : (6 as const), prefix }]
        : [];
    });
}

/** Blocks of one registry CSV (header row first; columns found by name). */
export function parseRegistry(text: string): SpecialBlock[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const column = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const blockCol = column('Address Block');
  const nameCol = column('Name');
  const reachableCol = column('Globally Reachable');
  if (blockCol < 0 || nameCol < 0 || reachableCol < 0)
    throw new Error('special-purpose registry: missing column');
  return rows.flatMap((row) =>
    blocksOf(row[blockCol] ?? '').map((b) => ({
      ...b,
      name: (row[nameCol] ?? '').replace(/\s+/g, ' ').trim(),
      globallyReachable: /^\s*True\b/.test(row[reachableCol] ?? ''),
    })),
  );
}

let loaded: SpecialBlock[] | undefined;

/** Both registries from share/, read once. */
export function specialBlocks(): SpecialBlock[] {
  loaded ??= [
    ...parseRegistry(readFileSync(sharePath('iana-ipv4-special-registry.csv'), 'utf8')),
    ...parseRegistry(readFileSync(sharePath('iana-ipv6-special-registry.csv'), 'utf8')),
  ];
  return loaded;
}

/** The most specific registered block holding `address` (e.g. 192.0.0.9/32 rather than 192.0.0.0/24). */
export function findSpecialBlock(
  address: string,
  blocks: readonly SpecialBlock[] = specialBlocks(),
): SpecialBlock | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  let best: SpecialBlock | undefined;
  for (const candidate of blocks) {
    if (!blockCovers(candidate.block, parsed)) continue;
    if (!best || candidate.block[1] > best.block[1]) best = candidate;
  }
  return best;
}

export type AddressCategory = 'documentation' | 'local-use' | 'not-globally-reachable' | 'globally-reachable';

/** Registry names Address01 step 4.1.2 counts as local use (matched as parts of the registry name). */
const LOCAL_USE_NAMES = [
  'Private-Use',
  'Loopback',
  'Link Local',
  'Link-Local',
  'Unique-Local',
  'Shared Address Space',
];

/** Address01 step 4.1: the category of one name server address. */
export function addressCategory(
  address: string,
  blocks: readonly SpecialBlock[] = specialBlocks(),
): AddressCategory {
  const block = findSpecialBlock(address, blocks);
  if (!block) return 'globally-reachable';
  if (block.name.includes('Documentation')) return 'documentation';
  if (LOCAL_USE_NAMES.some((n) => block.name.includes(n))) return 'local-use';
  return block.globallyReachable ? 'globally-reachable' : 'not-globally-reachable';
}

/** The reverse-mapping name of an address: "4.3.2.1.in-addr.arpa" / nibbles under "ip6.arpa". */
export function reverseName(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) throw new Error(`not an IP address: ${address}`);
  return `${reversedLabels(parsed)}.${parsed.kind() === 'ipv4' ? 'in-addr' : 'ip6'}.arpa`;
}
