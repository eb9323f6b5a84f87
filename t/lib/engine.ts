/**
 * What the engine's module tests share: a DNS world on loopback (a served tree and root hints pointing at it)
 * that runs the engine against it, a fast profile, and message helpers for scenario tables.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultProfile, mergeProfile, type Profile } from '../../src/engine/profile.js';
import { runTest } from '../../src/engine/run.js';
import type { MessageEntry, RunOptions } from '../../src/engine/types.js';
import { startDnsServer, type DnsServer, type DnsServerOptions } from './dns-server.js';
import { writeHints, type NsAddress } from './zones.js';

/** The default profile, IPv4 only, with one 1-second try per query: failures cost a second, not fifteen. */
export function testProfile(override: Record<string, unknown> = {}): Profile {
  const fast = mergeProfile(defaultProfile(), {
    net: { ipv4: true, ipv6: false },
    resolver: { defaults: { timeout: 1, retry: 1, retrans: 1 } },
  });
  return mergeProfile(fast, override);
}

/** The args of every message with this tag. */
export function argsOf(messages: MessageEntry[], tag: string): MessageEntry['args'][] {
  return messages.filter((m) => m.tag === tag).map((m) => m.args);
}

/** A served DNS tree with its root hints: every run of the engine goes to it. */
export interface DnsWorld<Server extends Served = Served> {
  server: Server;
  /** Runs the engine on `domain` in this world and returns every message. */
  run(domain: string, options?: Partial<RunOptions>): Promise<MessageEntry[]>;
  stop(): Promise<void>;
}

/** Anything that serves DNS on a port of loopback addresses (the plain or the signing test server). */
export interface Served {
  port: number;
  stop(): Promise<void>;
}

/** A world over a server already started (`serve`), with `root` as the only root server. */
export async function worldOf<Server extends Served>(
  root: NsAddress,
  serve: () => Promise<Server>,
  profile: Profile = testProfile(),
): Promise<DnsWorld<Server>> {
  const server = await serve();
  const hintsFile = writeHints(mkdtempSync(join(tmpdir(), 'zm-world-')), [root]);
  return {
    server,
    async run(domain, options = {}) {
      const result = await runTest({ domain, profile, hintsFile, port: server.port, ...options });
      return result.messages;
    },
    stop: () => server.stop(),
  };
}

/** A world served by the in-process authoritative server. */
export function startDnsWorld(
  root: NsAddress,
  options: Omit<DnsServerOptions, 'addresses'> & { addresses?: string[] },
  profile?: Profile,
): Promise<DnsWorld<DnsServer>> {
  const addresses = options.addresses ?? Object.keys(options.zonesByAddress ?? {});
  return worldOf(root, () => startDnsServer({ ...options, addresses }), profile);
}

/** The messages of one module's test cases: no SYSTEM messages, no TEST_CASE_START / TEST_CASE_END. */
export function findings(messages: MessageEntry[], module: string): MessageEntry[] {
  return messages.filter(
    (m) => m.module.toUpperCase() === module.toUpperCase() && !m.tag.startsWith('TEST_CASE_'),
  );
}

/** The tags of the messages, once each. */
export function tagSet(messages: MessageEntry[]): Set<string> {
  return new Set(messages.map((m) => m.tag));
}

/** One row of a module's scenario table: a zone, the tags that must appear and the tags that must not. */
export interface Scenario {
  zone: string;
  present: string[];
  absent: string[];
}

/** Both lists checked at once, so that every mismatch of a scenario shows. */
export function expectScenario(tags: Set<string>, scenario: Pick<Scenario, 'present' | 'absent'>): void {
  expect({
    missing: scenario.present.filter((t) => !tags.has(t)),
    unexpected: scenario.absent.filter((t) => tags.has(t)),
  }).toEqual({ missing: [], unexpected: [] });
}
