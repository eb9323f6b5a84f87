/**
 * The message log of one test run: every entry gets its level from the profile at emission time and a
 * timestamp in seconds since the start of the run.
 */
import { levelFor, type Profile } from './profile.js';
import { LEVEL_VALUE, type Args, type Level, type MessageEntry } from './types.js';

/** Tags of the SYSTEM module, i.e. messages of the engine itself rather than of a test case. */
export const SYSTEM_TAGS = [
  'ASN_LOOKUP_SOURCE',
  'BLACKLISTING',
  'CACHE_CREATED',
  'CACHE_FETCHED',
  'CACHED_RETURN',
  'CANNOT_CONTINUE',
  'CNAME_CHAIN_TOO_LONG',
  'CNAME_FOLLOWED_IN_ZONE',
  'CNAME_FOLLOWED_OUT_OF_ZONE',
  'CNAME_LOOP_INNER',
  'CNAME_LOOP_OUTER',
  'CNAME_NO_MATCH',
  'CNAME_RECORDS_CHAIN_BROKEN',
  'CNAME_RECORDS_DUPLICATES',
  'CNAME_RECORDS_MULTIPLE_FOR_NAME',
  'CNAME_RECORDS_TOO_MANY',
  'CNAME_START',
  'DEPENDENCY_VERSION',
  'EMPTY_RETURN',
  'EXTERNAL_RESPONSE',
  'FAKE_DELEGATION_ADDED',
  'FAKE_DELEGATION_IN_ZONE_NO_IP',
  'FAKE_DELEGATION_NO_IP',
  'FAKE_DELEGATION_RETURNED',
  'FAKE_DELEGATION_TO_SELF',
  'FAKE_DS_ADDED',
  'FAKE_DS_RETURNED',
  'FAKE_PACKET_RETURNED',
  'GLOBAL_VERSION',
  'IPV4_BLOCKED',
  'IPV6_BLOCKED',
  'IS_BLACKLISTED',
  'IS_REDIRECT',
  'LOGGER_CALLBACK_ERROR',
  'LOOKUP_ERROR',
  'LOOP_PROTECTION',
  'MODULE_ERROR',
  'MODULE_VERSION',
  'MODULE_END',
  'NETWORK_UNREACHABLE',
  'NO_NETWORK',
  'NO_SUCH_NAME',
  'NO_SUCH_RECORD',
  'NS_CREATED',
  'PACKET_BIG',
  'QUERY',
  'RECORDING_MISS',
  'RECURSE',
  'RECURSE_QUERY',
  'RESTORED_NS_CACHE',
  'SAVED_NS_CACHE',
  'SKIP_IPV4_DISABLED',
  'SKIP_IPV6_DISABLED',
  'START_TIME',
  'TEST_TARGET',
  'UNKNOWN_METHOD',
  'UNKNOWN_MODULE',
] as const;

export type SystemTag = (typeof SYSTEM_TAGS)[number];

/** As the reference engine names it in entries; profiles and catalogues key modules in upper case. */
export const SYSTEM_MODULE = 'System';
/** Test case name used for messages emitted outside any test case. */
export const UNSPECIFIED_TESTCASE = 'Unspecified';

export type MessageListener = (entry: MessageEntry) => void;

export interface MessageLogOptions {
  /** Start of the run in milliseconds since the epoch (Date.now()); default: now. */
  startTime?: number;
  /** Called for every entry right after it is stored. */
  onMessage?: MessageListener;
  /** Clock in milliseconds since the epoch; tests may inject one. */
  now?: () => number;
}

export class MessageLog {
  private readonly log: MessageEntry[] = [];
  private readonly listeners: MessageListener[] = [];
  private readonly startTime: number;
  private readonly now: () => number;

  constructor(
    readonly profile: Profile,
    options: MessageLogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.startTime = options.startTime ?? this.now();
    if (options.onMessage) this.listeners.push(options.onMessage);
  }

  onMessage(listener: MessageListener): void {
    this.listeners.push(listener);
  }

  emit(module: string, testcase: string, tag: string, args: Args = {}): MessageEntry {
    const entry: MessageEntry = {
      timestamp: Math.round(this.now() - this.startTime) / 1000,
      module,
      testcase,
      tag,
      args,
      level: levelFor(this.profile, module, tag, args),
    };
    this.log.push(entry);
    for (const listener of this.listeners) {
      // A failing listener must not break the run; the reference engine logs it as LOGGER_CALLBACK_ERROR.
      try {
        listener(entry);
      } catch (error) {
        if (tag !== 'LOGGER_CALLBACK_ERROR') {
          this.system('LOGGER_CALLBACK_ERROR', { exception: String(error) });
        }
      }
    }
    return entry;
  }

  /** A SYSTEM message outside of any test case. */
  system(tag: SystemTag, args: Args = {}, testcase: string = UNSPECIFIED_TESTCASE): MessageEntry {
    return this.emit(SYSTEM_MODULE, testcase, tag, args);
  }

  /** SYSTEM START_TIME with the run's start as epoch seconds and as a readable UTC string. */
  startTimeMessage(): MessageEntry {
    const date = new Date(this.startTime);
    return this.system('START_TIME', {
      time_t: Math.floor(this.startTime / 1000),
      string: date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' +0000'),
    });
  }

  entries(): MessageEntry[] {
    return [...this.log];
  }

  /** Entries at or above `minLevel`. */
  filter(minLevel: Level): MessageEntry[] {
    const threshold = LEVEL_VALUE[minLevel];
    return this.log.filter((entry) => LEVEL_VALUE[entry.level] >= threshold);
  }

  /** The highest level emitted so far, or undefined if the log is empty. */
  highestLevel(): Level | undefined {
    let highest: Level | undefined;
    for (const entry of this.log) {
      if (highest === undefined || LEVEL_VALUE[entry.level] > LEVEL_VALUE[highest]) highest = entry.level;
    }
    return highest;
  }
}
