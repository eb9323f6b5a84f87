/** What the engine's module tests share: a fast profile for the loopback test servers and message helpers. */
import { defaultProfile, mergeProfile, type Profile } from '../../src/engine/profile.js';
import type { MessageEntry } from '../../src/engine/types.js';

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
