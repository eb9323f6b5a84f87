import type { Config } from '../config/types.js';
import { PolitenessLimiter } from '../engine/dns/politeness.js';
import { SharedAnswerCache } from '../engine/dns/shared-cache.js';
import type { RunOptions } from '../engine/types.js';

/**
 * The DNS state one agent process shares among all its tests, as the config asks: the shared answer cache
 * (`shared_dns_cache`) and the per-server query ceiling (`max_queries_per_second_per_server`). One instance of
 * each per agent, so the ceiling holds across every test the agent runs at once.
 */
export function sharedDnsOptions(config: Config): Pick<RunOptions, 'sharedCache' | 'politeness'> {
  const z = config.ZONEMASTER;
  return {
    ...(z.shared_dns_cache
      ? { sharedCache: new SharedAnswerCache({ maxEntries: z.shared_dns_cache_size }) }
      : {}),
    ...(z.max_queries_per_second_per_server > 0
      ? { politeness: new PolitenessLimiter(z.max_queries_per_second_per_server) }
      : {}),
  };
}
