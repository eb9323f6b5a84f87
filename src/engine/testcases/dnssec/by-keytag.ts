/** Messages with a key tag and the addresses of the servers concerned, one per key tag (DNSSEC02, 08, 09, 16, 17). */
import { ipList, type Grouped } from '../../dnssec/servers.js';
import type { EmitCall, TestContext } from '../test-case.js';

export const BY_KEYTAG = ['keytag', 'ns_ip_list'] as const;

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
