/**
 * Public types of the engine library. The engine knows nothing of databases or HTTP.
 */
export type Level = 'DEBUG3' | 'DEBUG2' | 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL';

export const LEVELS: readonly Level[] = [
  'DEBUG3',
  'DEBUG2',
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
];

/** Numeric values as in the reference log_level table. */
export const LEVEL_VALUE: Readonly<Record<Level, number>> = {
  DEBUG3: -2,
  DEBUG2: -1,
  DEBUG: 0,
  INFO: 1,
  NOTICE: 2,
  WARNING: 3,
  ERROR: 4,
  CRITICAL: 5,
};

export type Args = Record<string, string | number | boolean | null | string[] | number[]>;

/** One message emitted during a run. Module names are as the reference engine writes them ("Basic", "DNSSEC",
 * "System", and "Backend" for the agent's own messages); testcase ids are as
 * in the specifications ("Basic01", "Unspecified"). */
export interface MessageEntry {
  /** seconds since the start of the run */
  timestamp: number;
  module: string;
  testcase: string;
  tag: string;
  args: Args;
  level: Level;
}

export interface NameserverSpec {
  ns: string;
  ip?: string;
}

export interface DsSpec {
  keytag: number;
  algorithm: number;
  digtype: number;
  digest: string;
}

export interface RunOptions {
  domain: string;
  /** Profile object as returned by loadProfile/mergeProfile (see src/engine/profile.ts). */
  profile: import('./profile.js').Profile;
  /** Undelegated test: name servers and DS records given by the user. */
  nameservers?: NameserverSpec[];
  ds?: DsSpec[];
  /**
   * Fake delegations of zones above the tested one (the reference's add_fake_delegation, used by its recorded
   * unit tests): each zone's parent servers answer with a referral to these name servers.
   */
  fakeDelegations?: { zone: string; nameservers: NameserverSpec[] }[];
  /** Root hints file; default share/named.root. */
  hintsFile?: string;
  /** Restrict to modules or module/testcase ids, e.g. ["basic", "zone/zone01"]; empty = all enabled. */
  tests?: string[];
  signal?: AbortSignal;
  /** Called for every entry as it is emitted (after the profile decided its level). */
  onMessage?: (entry: MessageEntry) => void;
  /** Called when a test case ends: finished and planned test-case counts. */
  onProgress?: (finished: number, planned: number) => void;
  /**
   * Called once the run's DNS context exists, with a function returning the responses received so far in the
   * recorded-data format: lets a caller keep the recording of a run that throws or is aborted.
   */
  onRecording?: (save: () => string) => void;
  /** Replay data (reference recorded-data format text); with it no network is used. */
  restore?: string;
  /** Override the DNS port for every query (tests only). */
  port?: number;
  /**
   * Answers shared with the other runs of the process (`[ZONEMASTER] shared_dns_cache`): parent-side answers
   * reused within their TTL (src/engine/dns/shared-cache.ts). Not used when replaying.
   */
  sharedCache?: import('./dns/shared-cache.js').SharedAnswerCache;
  /** Per-server query ceiling shared with the other runs of the process (src/engine/dns/politeness.ts). */
  politeness?: import('./dns/politeness.js').PolitenessLimiter;
}

export interface RunResult {
  messages: MessageEntry[];
  /** Recorded responses in the reference recorded-data format (for --save). */
  save(): string;
}
