/**
 * Messages naming the servers concerned: one per key tag (DNSSEC02), per key tag and algorithm (DNSSEC01, 02, 05,
 * 08-10), or one ns_list per finding (DNSSEC10).
 */
import { dnskeyAlgorithm } from '../../dnssec/algorithms.js';
import { Grouped, ipList, nsList, type ServerNames } from '../../dnssec/servers.js';
import type { Args } from '../../types.js';
import type { EmitCall, TagDeclarations, TagsTaking, TestContext } from '../test-case.js';

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

/** Servers by the tag reporting an algorithm (its status), then by key tag and algorithm number (DNSSEC01, 05). */
export class ByAlgorithm {
  private readonly byTag = new Map<string, Grouped<string>>();

  add(tag: string, keytag: number, algorithm: number, address: string): void {
    let group = this.byTag.get(tag);
    if (!group) this.byTag.set(tag, (group = new Grouped()));
    group.add(`${keytag}|${algorithm}`, address);
  }

  /** For each tag of `order` in turn, its (key tag, algorithm) pairs with the addresses of their servers. */
  *inOrder<Tag extends string>(order: readonly Tag[]): Generator<[Tag, number, number, Set<string>]> {
    for (const tag of order) {
      for (const [key, addresses] of this.byTag.get(tag)?.map ?? []) {
        const [keytag, algorithm] = key.split('|').map(Number) as [number, number];
        yield [tag, keytag, algorithm, addresses];
      }
    }
  }
}

/** For each tag of `reports` in turn, one message with the ns_list of its addresses, if it has any. */
export function emitNsLists<Tags extends TagDeclarations>(
  ctx: TestContext<Tags>,
  servers: ServerNames,
  reports: { readonly [Tag in TagsTaking<Tags, 'ns_list'>]?: Iterable<string> },
): void {
  // The keys of `reports` are declared tags that take ns_list alone.
  const emit = ctx.emit as unknown as (tag: string, args: Args) => void;
  for (const [tag, addresses] of Object.entries(reports) as [string, Iterable<string>][]) {
    const list = [...addresses];
    if (list.length > 0) emit(tag, { ns_list: nsList(servers, list) });
  }
}
