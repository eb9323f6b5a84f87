/**
 * Contract of the DNS layer (src/engine/dns/). Everything above it (recursor, zone model, test cases)
 * sees only these types. Every query goes through Nameserver.query().
 */
export type Section = 'answer' | 'authority' | 'additional';

/** One resource record. `data` is the type-specific rdata object as decoded by the codec (shapes in rdata.ts;
 * a Buffer of the rdata for types it has no shape for); names are lower-case absolute without trailing dot ("" = root)
 * except where case matters (see Packet.raw). */
export interface RR {
  name: string;
  type: string; // "A", "NS", "SOA", "TYPE65534" for unknown types
  class: string; // "IN", "CH"
  ttl: number;
  data: any;
  /** The rdata bytes as received (for DNSSEC digests and signature checks). */
  rawData?: Uint8Array;
}

export interface Question {
  name: string;
  type: string;
  class: string;
}

export interface EdnsInfo {
  version: number;
  udpSize: number;
  do: boolean;
  /** extended rcode high bits already merged into Packet.rcode */
  z: number;
  options: { code: number; data: Uint8Array }[];
}

/** A parsed response; the bytes as received are always attached. */
export interface Packet {
  readonly raw: Uint8Array;
  readonly id: number;
  /** "NOERROR", "NXDOMAIN", "REFUSED", "SERVFAIL", "FORMERR", "NOTIMP", "BADVERS", ... (extended rcode merged) */
  readonly rcode: string;
  readonly opcode: string;
  readonly flags: {
    qr: boolean;
    aa: boolean;
    tc: boolean;
    rd: boolean;
    ra: boolean;
    ad: boolean;
    cd: boolean;
  };
  readonly question: Question[];
  readonly answer: RR[];
  readonly authority: RR[];
  readonly additional: RR[]; // without the OPT record
  readonly edns?: EdnsInfo;
  /** Address and port the response came from. */
  readonly from: { address: string; port: number };
  /** Round-trip time in milliseconds. */
  readonly querytime: number;
  /** true when the response came over TCP */
  readonly tcp: boolean;
  /** Records of a type (optionally only those owned by `name`) from one section, or from all sections. */
  records(type: string, section?: Section, name?: string): RR[];
  /** NOERROR with no answer of the question type and an SOA (NODATA) or NXDOMAIN */
  readonly isNoData: boolean;
  /** A referral: no AA, NS records in authority for a name below the question's zone cut. */
  readonly isReferral: boolean;
}

/** A response that could not be parsed (broken wire format). */
export interface BrokenResponse {
  readonly broken: true;
  readonly raw: Uint8Array;
  readonly from: { address: string; port: number };
  readonly error: string;
}

/** What a query gives: a packet, a broken response, or undefined when nothing answered. */
export type QueryResult = Packet | BrokenResponse | undefined;

export function isPacket(r: QueryResult): r is Packet {
  return r !== undefined && !(r as BrokenResponse).broken;
}

export interface EdnsDetails {
  version?: number;
  z?: number;
  rcode?: number;
  /** raw OPT rdata (options) */
  data?: Uint8Array;
  size?: number;
  do?: boolean;
}

/** Per-query flags, named as in the reference engine. EDNS is only sent when asked (dnssec, ednsSize or
 * ednsDetails); dnssec without size means payload 1232; ednsDetails without size means 512. */
export interface QueryFlags {
  class?: 'IN' | 'CH';
  dnssec?: boolean;
  usevc?: boolean;
  recurse?: boolean;
  cd?: boolean;
  ednsSize?: number;
  ednsDetails?: EdnsDetails;
  /** Query name sent with exactly this case (Nameserver08/09); default: the name as given. */
  blacklistingDisabled?: boolean;
  retry?: number;
  retrans?: number;
  timeout?: number;
  fallback?: boolean;
}

export interface NameserverStats {
  queries: number;
  max: number;
  min: number;
  average: number;
  median: number;
  stddev: number;
}

export interface Nameserver {
  /** host name, lower case, no trailing dot */
  readonly name: string;
  readonly address: string;
  readonly family: 4 | 6;
  /** Name and type are as in the question section (type mnemonic, "TYPE123" allowed). */
  query(name: string, type: string, flags?: QueryFlags): Promise<QueryResult>;
  /** Full zone transfer over TCP; resolves with every record, or rejects with the reason. */
  axfr(zone: string): Promise<RR[]>;
  readonly stats: NameserverStats;
  /** "name/address" */
  toString(): string;
}
