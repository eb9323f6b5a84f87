/** Messages with a key tag and the addresses of the servers concerned, one per key tag (DNSSEC02, 08, 09, 16, 17). */
import { dnskeyAlgorithm } from '../../dnssec/algorithms.js';
import { ipList, type Grouped } from '../../dnssec/servers.js';
import type { EmitCall, TestContext } from '../test-case.js';

export const BY_KEYTAG = 'keytag ns_ip_list';

export function emitByKeytag<Tag extends string>(
  ctx: TestContext<Record<NoInfer<Tag>, typeof BY_KEYTAG>>,
  tag: Tag,
  group: Grouped<number>,
) {
  for (const [keytag, addresses] of group.map)
    ctx.emit(
      ...([tag, { keytag, ns_ip_list: ipList(addresses) }] as unknown as EmitCall<
        Record<Tag, typeof BY_KEYTAG>
      >),
    );
}

/** The arguments of an ..._ALGO_NOT_SUPPORTED_BY_ZM message per (key tag, algorithm), grouped as "keytag|algorithm". */
export function algoNotSupportedArgs(group: Grouped<string>) {
  return [...group.map].map(([key, addresses]) => {
    const [keytag, algo] = key.split('|').map(Number) as [number, number];
    return { keytag, algo_num: algo, algo_mnemo: dnskeyAlgorithm(algo).mnemo, ns_ip_list: ipList(addresses) };
  });
}
