/**
 * Type, class, rcode and opcode mnemonics <-> numbers, with "TYPEnnn" / "CLASSnnn" / "RCODEnnn" (RFC 3597)
 * for anything not named here. Lookups are table reads: they run for every record decoded.
 */

/** The RR types known by mnemonic (IANA "Resource Record (RR) TYPEs"). */
const TYPES: readonly (readonly [number, string])[] = [
  [1, 'A'],
  [2, 'NS'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [10, 'NULL'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [17, 'RP'],
  [18, 'AFSDB'],
  [24, 'SIG'],
  [25, 'KEY'],
  [28, 'AAAA'],
  [29, 'LOC'],
  [33, 'SRV'],
  [35, 'NAPTR'],
  [36, 'KX'],
  [37, 'CERT'],
  [39, 'DNAME'],
  [41, 'OPT'],
  [42, 'APL'],
  [43, 'DS'],
  [44, 'SSHFP'],
  [45, 'IPSECKEY'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [55, 'HIP'],
  [59, 'CDS'],
  [60, 'CDNSKEY'],
  [62, 'CSYNC'],
  [63, 'ZONEMD'],
  [99, 'SPF'],
  [249, 'TKEY'],
  [250, 'TSIG'],
  [251, 'IXFR'],
  [252, 'AXFR'],
  [255, 'ANY'],
  [257, 'CAA'],
  [32768, 'TA'],
  [32769, 'DLV'],
];

const TYPE_NAMES = new Map<number, string>(TYPES);
const TYPE_CODES = new Map<string, number>([
  ...TYPES.map(([code, name]) => [name, code] as const),
  ['*', 255],
]);

export function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

/** Type code of a mnemonic or "TYPEnnn" (any case); undefined when neither. */
export function typeCode(name: string): number | undefined {
  const known = TYPE_CODES.get(name) ?? TYPE_CODES.get(name.toUpperCase());
  if (known !== undefined) return known;
  const generic = /^TYPE(\d{1,5})$/i.exec(name);
  return generic && Number(generic[1]) <= 0xffff ? Number(generic[1]) : undefined;
}

const CLASS_NAMES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
const CLASS_CODES = new Map<string, number>(
  Object.entries(CLASS_NAMES).map(([code, n]) => [n, Number(code)]),
);

export function className(code: number): string {
  return CLASS_NAMES[code] ?? `CLASS${code}`;
}

export function classCode(name: string): number {
  const known = CLASS_CODES.get(name) ?? CLASS_CODES.get(name.toUpperCase());
  if (known !== undefined) return known;
  const generic = /^CLASS(\d{1,5})$/i.exec(name);
  if (generic && Number(generic[1]) <= 0xffff) return Number(generic[1]);
  throw new Error(`unknown class ${name}`);
}

/** RCODE mnemonics 0-23 (RFC 1035, 2136, 6891, 2845, 2930, 8945, 7873); the rest are "RCODEnnn". */
const RCODE_NAMES: readonly (string | undefined)[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  'BADVERS',
  'BADKEY',
  'BADTIME',
  'BADMODE',
  'BADNAME',
  'BADALG',
  'BADTRUNC',
  'BADCOOKIE',
];

/** Mnemonic of a (possibly extended, 12-bit) rcode. */
export function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

/** Number of an rcode mnemonic or "RCODEnnn"; undefined when neither. */
export function rcodeCode(name: string): number | undefined {
  const upper = name.toUpperCase();
  const known = RCODE_NAMES.indexOf(upper);
  if (known >= 0) return known;
  const generic = /^RCODE(\d{1,4})$/.exec(upper);
  return generic && Number(generic[1]) < 4096 ? Number(generic[1]) : undefined;
}

const OPCODE_NAMES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO'];

export function opcodeName(code: number): string {
  return OPCODE_NAMES[code] ?? `OPCODE${code}`;
}
