import { mergeProfile, type Profile } from '../engine/profile.js';
import type { DsSpec, NameserverSpec, RunOptions } from '../engine/types.js';
import type { ClaimedTest } from '../db/queue/index.js';

/** The engine options of a stored test: its params (as start_domain_test stored them) on top of its profile. */
export function runOptionsFor(
  test: ClaimedTest,
  profile: Profile,
  hintsFile: string,
): Pick<RunOptions, 'domain' | 'profile' | 'nameservers' | 'ds' | 'hintsFile'> {
  const params = test.params;
  const options: Pick<RunOptions, 'domain' | 'profile' | 'nameservers' | 'ds' | 'hintsFile'> = {
    domain: test.domain,
    profile: withNetwork(profile, params.ipv4, params.ipv6),
    hintsFile,
  };
  const nameservers = nameserversOf(params.nameservers);
  if (nameservers.length > 0) options.nameservers = nameservers;
  const ds = dsOf(params.ds_info);
  if (ds.length > 0) options.ds = ds;
  return options;
}

/**
 * The profile with the test's IP families, made once per (profile, ipv4, ipv6) rather than a deep copy of the
 * whole profile per test for two booleans. The engine never changes a profile, so tests can share one.
 */
const withFamilies = new WeakMap<Profile, Map<string, Profile>>();

function withNetwork(profile: Profile, ipv4: unknown, ipv6: unknown): Profile {
  const net: Record<string, boolean> = {};
  if (typeof ipv4 === 'boolean') net.ipv4 = ipv4;
  if (typeof ipv6 === 'boolean') net.ipv6 = ipv6;
  if (net.ipv4 === undefined && net.ipv6 === undefined) return profile;
  const key = `${net.ipv4}|${net.ipv6}`;
  let merged = withFamilies.get(profile);
  if (!merged) withFamilies.set(profile, (merged = new Map()));
  let result = merged.get(key);
  if (!result) merged.set(key, (result = mergeProfile(profile, { net })));
  return result;
}

function nameserversOf(value: unknown): NameserverSpec[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { ns, ip } = item as { ns?: unknown; ip?: unknown };
    if (typeof ns !== 'string') return [];
    return [typeof ip === 'string' && ip !== '' ? { ns, ip } : { ns }];
  });
}

function dsOf(value: unknown): DsSpec[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { keytag, algorithm, digtype, digest } = item as Record<string, unknown>;
    if (typeof digest !== 'string') return [];
    return [{ keytag: Number(keytag), algorithm: Number(algorithm), digtype: Number(digtype), digest }];
  });
}
