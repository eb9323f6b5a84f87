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
  const net: Record<string, boolean> = {};
  if (typeof params.ipv4 === 'boolean') net.ipv4 = params.ipv4;
  if (typeof params.ipv6 === 'boolean') net.ipv6 = params.ipv6;
  const options: Pick<RunOptions, 'domain' | 'profile' | 'nameservers' | 'ds' | 'hintsFile'> = {
    domain: test.domain,
    profile: Object.keys(net).length > 0 ? mergeProfile(profile, { net }) : profile,
    hintsFile,
  };
  const nameservers = nameserversOf(params.nameservers);
  if (nameservers.length > 0) options.nameservers = nameservers;
  const ds = dsOf(params.ds_info);
  if (ds.length > 0) options.ds = ds;
  return options;
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
