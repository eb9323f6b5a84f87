/**
 * Everything the RPC API needs from the engine, behind one interface: name normalization, profile defaults,
 * message rendering and the two DNS lookups. Tests may hand createRpcApp another implementation.
 */
import { dnsLibraryVersion, VERSION } from '../version.js';
import { normalizeName, type NormalizeResult } from '../engine/normalize.js';
import { defaultProfile, loadProfileFile } from '../engine/profile.js';
import { Translator } from '../engine/translator.js';
import { messageRenderer, type MessageRenderer } from './messages.js';

export interface RenderableEntry {
  module: string;
  testcase: string;
  tag: string;
  args: Record<string, unknown>;
}

export interface DelegationData {
  ns_list: Array<{ ns: string; ip: string }>;
  ds_list: Array<{ keytag: number; algorithm: number; digtype: number; digest: string }>;
}

export interface EngineServices {
  normalizeName(input: string): NormalizeResult;
  /** net.ipv4 / net.ipv6 of a profile file ('' = the engine's default profile). */
  ipDefaults(profilePath: string): { ipv4: boolean; ipv6: boolean };
  translate(entry: RenderableEntry, language: string): Promise<string>;
  testcaseDescription(testcase: string, language: string): Promise<string>;
  /** Language codes that have a catalogue (share/locale/<code>.po). */
  languages(): string[];
  /** The API's own messages (validation), rendered by the same translator as the results. */
  renderMessage: MessageRenderer;
  lookupAddresses(hostname: string, hintsFile: string): Promise<Array<{ name: string; address: string }>>;
  lookupDelegation(domain: string, hintsFile: string): Promise<DelegationData>;
  versions(): { zonemaster_ldns: string; zonemaster_engine: string; zonemaster_backend: string };
}

export interface EngineAdapterOptions {
  /** DNS port for the lookups (tests run their DNS servers on a high loopback port). */
  dnsPort?: number;
  /** Folder of the .po catalogues (default share/locale). */
  localeDir?: string;
}

export function createEngineServices(options: EngineAdapterOptions = {}): EngineServices {
  const translator = new Translator(options.localeDir);
  const ldnsVersion = dnsLibraryVersion();
  // The lookups bring in the whole DNS engine: loaded on the first lookup, not at start-up.
  const lookups = () => import('../engine/lookup.js');
  const ipCache = new Map<string, { ipv4: boolean; ipv6: boolean }>();
  const lookupOptions = (hintsFile: string) =>
    options.dnsPort === undefined ? { hintsFile } : { hintsFile, port: options.dnsPort };

  return {
    normalizeName,
    ipDefaults(profilePath) {
      let cached = ipCache.get(profilePath);
      if (!cached) {
        const profile = profilePath === '' ? defaultProfile() : loadProfileFile(profilePath);
        cached = { ipv4: profile.net.ipv4, ipv6: profile.net.ipv6 };
        ipCache.set(profilePath, cached);
      }
      return cached;
    },
    async translate(entry, language) {
      return translator.translate(entry, language);
    },
    async testcaseDescription(testcase, language) {
      return translator.testcaseDescription(testcase, language);
    },
    languages: () => translator.languages(),
    renderMessage: messageRenderer(translator),
    lookupAddresses: async (hostname, hintsFile) =>
      (await lookups()).lookupAddresses(hostname, lookupOptions(hintsFile)),
    lookupDelegation: async (domain, hintsFile) =>
      (await lookups()).lookupDelegation(domain, lookupOptions(hintsFile)),
    versions() {
      return { zonemaster_ldns: ldnsVersion, zonemaster_engine: VERSION, zonemaster_backend: VERSION };
    },
  };
}
