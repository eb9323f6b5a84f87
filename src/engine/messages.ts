/**
 * The message log of one test run: every entry gets its level from the profile at emission time and a
 * timestamp in seconds since the start of the run.
 */
import { levelFor, type Profile } from './profile.js';
import { LEVEL_VALUE, type Args, type Level, type MessageEntry } from './types.js';

/** Tags of the SYSTEM module (messages of the engine itself rather than of a test case), with their argument names. */
export const SYSTEM_TAGS = {
  ASN_LOOKUP_SOURCE: ['name'],
  BLACKLISTING: ['ns', 'proto'],
  CACHE_CREATED: ['ip'],
  CACHE_FETCHED: ['ip'],
  CACHED_RETURN: ['packet'],
  CANNOT_CONTINUE: ['domain'],
  CNAME_CHAIN_TOO_LONG: ['count', 'max'],
  CNAME_FOLLOWED_IN_ZONE: ['name', 'type', 'target'],
  CNAME_FOLLOWED_OUT_OF_ZONE: ['name', 'target'],
  CNAME_LOOP_INNER: ['name', 'target'],
  CNAME_LOOP_OUTER: ['name', 'target', 'targets_seen'],
  CNAME_NO_MATCH: ['name', 'type', 'target', 'owner_names'],
  CNAME_RECORDS_CHAIN_BROKEN: ['name', 'cname_rrs', 'cname_counter'],
  CNAME_RECORDS_DUPLICATES: ['records'],
  CNAME_RECORDS_MULTIPLE_FOR_NAME: ['name'],
  CNAME_RECORDS_TOO_MANY: ['name', 'count', 'max'],
  CNAME_START: ['name', 'type', 'dns_class'],
  DEPENDENCY_VERSION: ['name', 'version'],
  EMPTY_RETURN: [],
  EXTERNAL_RESPONSE: ['packet'],
  FAKE_DELEGATION_ADDED: ['ns', 'domain', 'data'],
  FAKE_DELEGATION_IN_ZONE_NO_IP: ['domain', 'nsname'],
  FAKE_DELEGATION_NO_IP: ['domain', 'nsname'],
  FAKE_DELEGATION_RETURNED: ['name', 'type', 'class', 'from'],
  FAKE_DELEGATION_TO_SELF: ['ns', 'domain'],
  FAKE_DS_ADDED: ['domain', 'data', 'ns'],
  FAKE_DS_RETURNED: ['name', 'type', 'class', 'from'],
  FAKE_PACKET_RETURNED: ['packet'],
  GLOBAL_VERSION: ['version'],
  IPV4_BLOCKED: ['ns'],
  IPV6_BLOCKED: ['ns'],
  IS_BLACKLISTED: ['message', 'ns', 'name', 'type', 'class', 'proto', 'dnssec', 'edns_size'],
  IS_REDIRECT: ['name', 'type', 'to'],
  LOGGER_CALLBACK_ERROR: ['exception'],
  LOOKUP_ERROR: ['ns', 'domain', 'type', 'class', 'message'],
  LOOP_PROTECTION: ['caller', 'child_zone_name', 'name', 'intermediate_query_name'],
  MODULE_ERROR: ['module', 'msg'],
  MODULE_VERSION: ['module', 'version'],
  MODULE_END: ['module'],
  NETWORK_UNREACHABLE: ['servers'],
  NO_NETWORK: [],
  NO_SUCH_NAME: ['name', 'type'],
  NO_SUCH_RECORD: ['name', 'type'],
  NS_CREATED: ['name', 'ip'],
  PACKET_BIG: ['size', 'command'],
  QUERY: ['name', 'type', 'flags', 'ip'],
  RECORDING_MISS: ['ns', 'name', 'type'],
  RECURSE: ['name', 'type', 'class'],
  RECURSE_QUERY: ['source', 'ns', 'address', 'name', 'type', 'class'],
  RESTORED_NS_CACHE: ['file'],
  SAVED_NS_CACHE: ['file'],
  SKIP_IPV4_DISABLED: ['rrtype', 'ns'],
  SKIP_IPV6_DISABLED: ['rrtype', 'ns'],
  START_TIME: ['time_t', 'string'],
  TEST_TARGET: ['zone', 'module', 'testcase'],
  UNKNOWN_METHOD: ['testcase', 'module'],
  UNKNOWN_MODULE: ['testcase', 'module', 'module_list'],
} as const;

export type SystemTag = keyof typeof SYSTEM_TAGS;

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
