/**
 * The engine's entry point: one run of the selected test modules against one zone.
 * Order and SYSTEM messages as the reference engine: START_TIME, TEST_TARGET, GLOBAL_VERSION, DEPENDENCY_VERSION
 * (NO_NETWORK and nothing more when net.ipv4 and net.ipv6 are both off), then per module
 * MODULE_VERSION, its test cases (TEST_CASE_START ... TEST_CASE_END), MODULE_END; CANNOT_CONTINUE when Basic
 * finds nothing to test; MODULE_ERROR when a test case throws; NETWORK_UNREACHABLE, and the run stops, when no
 * root server answers (reachability.ts).
 */
import { canonical } from './dns/name.js';
import { setMaxListeners } from 'node:events';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dependencyVersions } from './dependencies.js';
import { createDnsContext, type DnsContext, type QueryEvent, type QueryEventTag } from './dns/context.js';
import { createNameserver, loadRecording, saveRecording } from './dns/index.js';
import type { Nameserver } from './dns/types.js';
import type { SharedAnswerCache } from './dns/shared-cache.js';
import { SharedScope } from './dns/shared-scope.js';
import { MessageLog, SYSTEM_MODULE, UNSPECIFIED_TESTCASE } from './messages.js';
import { isTestCaseEnabled } from './profile.js';
import { readHintsFile, Recursor, type ServerAddress } from './recursor.js';
import type {
  ModuleContext,
  ModuleDefinition,
  RunnerContext,
  TestCaseDefinition,
} from './testcases/test-case.js';
import { MODULES } from './testcases/registry.js';
import { networkGate, probeReachability } from './reachability.js';
import type { Args, MessageEntry, RunOptions, RunResult } from './types.js';
import { applyUndelegated, fakeDelegationServers, undelegatedSet } from './undelegated.js';
import { ZoneModel } from './methods/v2.js';
import { VERSION } from '../version.js';

export const ENGINE_VERSION = VERSION;

export const DEFAULT_HINTS_FILE = fileURLToPath(new URL('../../../share/named.root', import.meta.url));

/** The root hints of the last runs by file, with what identified the file's version when it was read. */
const knownHints = new Map<string, { version: string; hints: ServerAddress[] }>();

/** The hints file's servers, read again only when the file changed (a stat costs a fraction of a read). */
function hintsOf(path: string): ServerAddress[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return readHintsFile(path); // its error, as without this memory
  const { ino, size, mtimeMs, ctimeMs } = stats;
  const version = `${ino}/${size}/${mtimeMs}/${ctimeMs}`;
  let known = knownHints.get(path);
  if (known?.version !== version) knownHints.set(path, (known = { version, hints: readHintsFile(path) }));
  return known.hints.map((hint) => ({ ...hint }));
}

/** Modules and test cases selected by `tests` ("basic", "basic/basic02"; empty or absent: everything). */
export function selection(tests: readonly string[] | undefined): (testCase: TestCaseDefinition) => boolean {
  if (!tests || tests.length === 0) return () => true;
  const wanted = tests.map((t) => t.toLowerCase());
  return (tc) =>
    wanted.some(
      (w) => w === tc.module.toLowerCase() || w === `${tc.module.toLowerCase()}/${tc.id}` || w === tc.id,
    );
}

function selectedModules(tests: readonly string[] | undefined): ModuleDefinition[] {
  if (!tests || tests.length === 0) return [...MODULES];
  const names = new Set(tests.map((t) => t.split('/')[0]!.toUpperCase()));
  return MODULES.filter((m) => names.has(m.name) || m.testCases.some((tc) => names.has(tc.id.toUpperCase())));
}

const shownName = (e: QueryEvent) => (e.name === '' ? '.' : e.name);
const proto = (e: QueryEvent) => (e.flags.usevc ? 'TCP' : 'UDP');
const serverNameType = (e: QueryEvent): Args => ({ ns: e.ns, name: shownName(e), type: e.type });

/**
 * The SYSTEM message's arguments the reference logs for each DNS-layer event it logs (answers from the cache are
 * not logged: too many); the DNS context reports only these events.
 */
const SYSTEM_ARGS_OF: Partial<Record<QueryEventTag, (e: QueryEvent) => Args>> = {
  EXTERNAL_QUERY: (e) => ({ ip: e.address, name: shownName(e), type: e.type }),
  BLACKLISTING: (e) => ({ ns: e.ns, proto: proto(e) }),
  IS_BLACKLISTED: (e) => ({
    ns: e.ns,
    proto: proto(e),
    name: shownName(e),
    type: e.type,
    class: e.flags.class ?? 'IN',
    dnssec: e.flags.dnssec ? 1 : 0,
    edns_size: e.flags.ednsSize ?? 0,
  }),
  FAKE_DS_RETURNED: serverNameType,
  FAKE_DELEGATION_RETURNED: serverNameType,
  IPV4_BLOCKED: serverNameType,
  IPV6_BLOCKED: serverNameType,
  // Only replays and no_network runs get here: the query was not in the recording.
  NO_NETWORK_MISS: serverNameType,
  PACKET_BIG: (e) => ({ ns: e.ns, name: shownName(e), type: e.type, size: e.size ?? 0 }),
};
const SYSTEM_TAG_OF: Partial<Record<QueryEventTag, string>> = { NO_NETWORK_MISS: 'RECORDING_MISS' };
const LOGGED_QUERY_EVENTS = Object.keys(SYSTEM_ARGS_OF) as QueryEventTag[];

/** The run's window on the shared cache: an undelegated test's given servers are the zone's own. */
function sharedScopeOf(
  cache: SharedAnswerCache,
  domain: string,
  given: RunOptions['nameservers'],
): SharedScope {
  return new SharedScope(cache, {
    zone: domain,
    overridden: (given ?? []).map((n) => n.ns),
    ownAddresses: (given ?? []).flatMap((n) => (n.ip ? [n.ip] : [])),
  });
}

/** Builds the DNS context, recursor and zone model of a run. */
export async function prepareRun(
  opts: RunOptions,
  log: MessageLog,
  currentTestCase: { name: string } = { name: UNSPECIFIED_TESTCASE },
  onUnreachable?: (asked: number) => void,
): Promise<{
  dns: DnsContext;
  recursor: Recursor;
  zone: ZoneModel;
  nameserver: (name: string, address: string) => Nameserver;
}> {
  const profile = opts.profile;
  const domain = canonical(opts.domain);
  const hints = hintsOf(opts.hintsFile ?? DEFAULT_HINTS_FILE);
  const live = opts.restore === undefined && !profile.no_network;
  const beforeNetwork =
    live && onUnreachable
      ? networkGate(async () => {
          const given = (opts.nameservers ?? [])
            .filter((n) => n.ip)
            .map((n) => ({ name: canonical(n.ns), address: n.ip!, zone: domain }));
          const probe = await probeReachability({
            servers: [...hints.map((h) => ({ ...h, zone: '' })), ...given],
            nameserver: (name, address) => createNameserver(name, address, dns),
            ipv4: profile.net.ipv4,
            ipv6: profile.net.ipv6,
          });
          if (!probe.responded) onUnreachable(probe.asked);
        })
      : undefined;
  const spelled = opts.domain.endsWith('.') ? opts.domain.slice(0, -1) : opts.domain;
  const dns = createDnsContext({
    ...(domain !== '' && spelled !== domain && canonical(spelled) === domain
      ? { spellings: new Map([[domain, spelled]]) }
      : {}),
    resolver: {
      retry: profile.resolver.defaults.retry,
      retrans: profile.resolver.defaults.retrans,
      timeout: profile.resolver.defaults.timeout,
      fallback: profile.resolver.defaults.fallback,
    },
    ipv4: profile.net.ipv4,
    ipv6: profile.net.ipv6,
    source4: profile.resolver.source4,
    source6: profile.resolver.source6,
    port: opts.port,
    noNetwork: !live,
    ...(live && opts.sharedCache
      ? { shared: sharedScopeOf(opts.sharedCache, domain, opts.nameservers) }
      : {}),
    ...(opts.politeness ? { politeness: opts.politeness } : {}),
    signal: opts.signal,
    ...(beforeNetwork ? { beforeNetwork } : {}),
    onQuery: (event) => {
      const args = SYSTEM_ARGS_OF[event.tag];
      const tag = SYSTEM_TAG_OF[event.tag] ?? event.tag;
      if (args) log.emit(SYSTEM_MODULE, currentTestCase.name, tag, args(event));
    },
    onQueryTags: LOGGED_QUERY_EVENTS,
  });
  if (opts.restore !== undefined) loadRecording(dns, opts.restore);
  opts.onRecording?.(() => saveRecording(dns));
  const nameserver = (name: string, address: string) => createNameserver(name, address, dns);
  const fakeDelegations = new Map<string, ServerAddress[]>();
  const recursor = new Recursor({
    hints,
    nameserver,
    ipv4: profile.net.ipv4,
    ipv6: profile.net.ipv6,
    fakeDelegations,
    log: (tag, args) => log.emit(SYSTEM_MODULE, currentTestCase.name, tag, args),
  });
  for (const fake of opts.fakeDelegations ?? []) {
    const zone = canonical(fake.zone);
    const servers = await fakeDelegationServers(
      zone,
      undelegatedSet(fake.nameservers),
      recursor,
      (tag, args) => log.emit(SYSTEM_MODULE, UNSPECIFIED_TESTCASE, tag, args),
    );
    fakeDelegations.set(
      zone,
      servers.filter((s) => s.address !== ''),
    );
    applyUndelegated(dns, zone, servers, []);
  }
  const undelegated =
    opts.nameservers && opts.nameservers.length > 0 ? undelegatedSet(opts.nameservers) : undefined;
  if (undelegated || (opts.ds && opts.ds.length > 0)) {
    const servers = undelegated
      ? await fakeDelegationServers(domain, undelegated, recursor, (tag, args) =>
          log.emit(SYSTEM_MODULE, UNSPECIFIED_TESTCASE, tag, args),
        )
      : [];
    if (servers.length > 0)
      fakeDelegations.set(
        domain,
        servers.filter((s) => s.address !== ''),
      );
    applyUndelegated(dns, domain, servers, opts.ds ?? []);
  }
  const zone = new ZoneModel({
    name: domain,
    recursor,
    nameserver,
    undelegated,
    undelegatedDs: opts.ds ?? [],
    ipv4: profile.net.ipv4,
    ipv6: profile.net.ipv6,
  });
  return { dns, recursor, zone, nameserver };
}

export async function runTest(opts: RunOptions): Promise<RunResult> {
  // After NETWORK_UNREACHABLE only SYSTEM messages count: what a test case emits while its queries fail
  // at once would describe the network, not the zone.
  let unreachableAt: number | undefined;
  const kept = (entry: MessageEntry, index: number) =>
    unreachableAt === undefined ||
    index < unreachableAt ||
    entry.module === SYSTEM_MODULE ||
    entry.tag === 'TEST_CASE_END';
  let emitted = 0;
  const log = new MessageLog(opts.profile, {
    onMessage: (entry) => {
      if (kept(entry, emitted++)) opts.onMessage?.(entry);
    },
  });
  const stop = new AbortController();
  // Every query in flight listens to the run's signal; the reachability check alone sends dozens at once.
  setMaxListeners(0, stop.signal);
  if (opts.signal?.aborted) stop.abort();
  opts.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const signal = stop.signal;
  const domain = canonical(opts.domain);
  const isSelected = selection(opts.tests);
  const modules = selectedModules(opts.tests);
  const planned = modules.flatMap((m) =>
    m.testCases.filter((tc) => isSelected(tc) && isTestCaseEnabled(opts.profile, tc.id)),
  ).length;
  let finished = 0;

  log.startTimeMessage();
  log.system('TEST_TARGET', {
    zone: domain === '' ? '.' : domain,
    module: opts.tests && opts.tests.length > 0 ? opts.tests.join(',') : 'all',
  });
  log.system('GLOBAL_VERSION', { version: ENGINE_VERSION });
  for (const dependency of dependencyVersions()) log.system('DEPENDENCY_VERSION', dependency);
  if (!opts.profile.net.ipv4 && !opts.profile.net.ipv6) {
    // As the reference: with both families off nothing can be asked, so no module runs at all.
    log.system('NO_NETWORK', {});
    return { messages: log.entries(), save: () => '' };
  }

  // The test case the recursor's messages belong to (test cases of one run are sequential).
  const currentTestCase = { name: UNSPECIFIED_TESTCASE };
  const { dns, recursor, zone, nameserver } = await prepareRun(
    { ...opts, signal },
    log,
    currentTestCase,
    (asked) => {
      unreachableAt = log.entries().length;
      log.system('NETWORK_UNREACHABLE', { servers: asked });
      stop.abort();
    },
  );
  const result: RunResult = { messages: [], save: () => saveRecording(dns) };

  for (const module of modules) {
    if (signal.aborted) break;
    log.system('MODULE_VERSION', { module: module.displayName, version: module.version });
    let current: TestCaseDefinition | undefined;
    const ctx: RunnerContext = {
      zone,
      recursor,
      nameserver,
      profile: opts.profile,
      signal,
      emit: (tag: string, args: Args = {}) =>
        void log.emit(module.displayName, current?.name ?? UNSPECIFIED_TESTCASE, tag, args),
    };
    const runCase = async (testCase: TestCaseDefinition): Promise<Set<string>> => {
      const tags = new Set<string>();
      if (signal.aborted) return tags;
      current = testCase;
      currentTestCase.name = testCase.name;
      const listener = (tag: string) => tags.add(tag);
      const emit = ctx.emit;
      ctx.emit = (tag, args = {}) => {
        listener(tag);
        emit(tag, args);
      };
      log.emit(module.displayName, testCase.name, 'TEST_CASE_START', { testcase: testCase.name });
      try {
        await testCase.run(ctx);
      } catch (error) {
        log.system(
          'MODULE_ERROR',
          { module: module.displayName, msg: error instanceof Error ? error.message : String(error) },
          testCase.name,
        );
      } finally {
        ctx.emit = emit;
      }
      log.emit(module.displayName, testCase.name, 'TEST_CASE_END', { testcase: testCase.name });
      current = undefined;
      currentTestCase.name = UNSPECIFIED_TESTCASE;
      finished++;
      opts.onProgress?.(finished, planned);
      return tags;
    };
    const moduleCtx: ModuleContext = {
      ctx,
      isSelected: (tc) => isSelected(tc) && isTestCaseEnabled(opts.profile, tc.id),
      runCase,
      emitUnspecified: (tag, args = {}) => void log.emit(module.displayName, UNSPECIFIED_TESTCASE, tag, args),
    };
    let canContinue = true;
    try {
      if (module.run) canContinue = await module.run(moduleCtx);
      else
        for (const tc of module.testCases) if (moduleCtx.isSelected(tc) && !signal.aborted) await runCase(tc);
    } catch (error) {
      log.system('MODULE_ERROR', {
        module: module.displayName,
        msg: error instanceof Error ? error.message : String(error),
      });
    }
    log.system('MODULE_END', { module: module.displayName });
    if (unreachableAt !== undefined) break;
    if (!canContinue) {
      // The reference reports CANNOT_CONTINUE only in a full run, not when modules were picked.
      if (!opts.tests || opts.tests.length === 0)
        log.system('CANNOT_CONTINUE', { domain: domain === '' ? '.' : domain });
      break;
    }
  }
  result.messages = log.entries().filter(kept);
  return result;
}
