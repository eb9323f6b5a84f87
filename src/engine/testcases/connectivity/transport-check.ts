/**
 * Connectivity01 (UDP) and Connectivity02 (TCP): SOA and NS of the zone over one transport from every name
 * server, each answer checked in the specification's order. The two test cases differ only in the prefix and
 * the suffix of their tags.
 */
import { fqdn } from '../../dns/name.js';
import type { Nameserver } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import type { Args } from '../../types.js';
import type { TestContext } from '../test-case.js';
import { canQuery, DISABLED_TAGS } from '../transport.js';

export const UDP_CHECK_TAGS = {
  CN01_NO_RESPONSE_UDP: 'ns',
  CN01_MISSING_SOA_RECORD_UDP: 'ns',
  CN01_NO_RESPONSE_SOA_QUERY_UDP: 'ns',
  CN01_SOA_RECORD_NOT_AA_UDP: 'ns',
  CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP: 'ns rcode',
  CN01_WRONG_SOA_RECORD_UDP: 'ns domain_found domain_expected',
  CN01_MISSING_NS_RECORD_UDP: 'ns',
  CN01_NO_RESPONSE_NS_QUERY_UDP: 'ns',
  CN01_NS_RECORD_NOT_AA_UDP: 'ns',
  CN01_UNEXPECTED_RCODE_NS_QUERY_UDP: 'ns rcode',
  CN01_WRONG_NS_RECORD_UDP: 'ns domain_found domain_expected',
  ...DISABLED_TAGS,
} as const;

export const TCP_CHECK_TAGS = {
  CN02_NO_RESPONSE_TCP: 'ns',
  CN02_MISSING_SOA_RECORD_TCP: 'ns',
  CN02_NO_RESPONSE_SOA_QUERY_TCP: 'ns',
  CN02_SOA_RECORD_NOT_AA_TCP: 'ns',
  CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP: 'ns rcode',
  CN02_WRONG_SOA_RECORD_TCP: 'ns domain_found domain_expected',
  CN02_MISSING_NS_RECORD_TCP: 'ns',
  CN02_NO_RESPONSE_NS_QUERY_TCP: 'ns',
  CN02_NS_RECORD_NOT_AA_TCP: 'ns',
  CN02_UNEXPECTED_RCODE_NS_QUERY_TCP: 'ns rcode',
  CN02_WRONG_NS_RECORD_TCP: 'ns domain_found domain_expected',
  ...DISABLED_TAGS,
} as const;

type Checked = { UDP: TestContext<typeof UDP_CHECK_TAGS>; TCP: TestContext<typeof TCP_CHECK_TAGS> };

export async function transportCheck<Protocol extends 'UDP' | 'TCP'>(
  ctx: Checked[Protocol],
  protocol: Protocol,
  servers: Nameserver[],
): Promise<void> {
  const usevc = protocol === 'TCP';
  const prefix = usevc ? 'CN02' : 'CN01';
  // Every tag built here is in the protocol's table above, which the test case declares.
  const emit = ctx.emit as unknown as (tag: string, args: Args) => void;
  const zone = ctx.zone.name;
  for (const ns of servers) {
    if (!canQuery(ctx, ns, 'SOA', 'NS')) continue;
    const answers = {
      SOA: await ns.query(zone, 'SOA', { usevc }),
      NS: await ns.query(zone, 'NS', { usevc }),
    };
    const args = { ns: ns.toString() };
    if (!isPacket(answers.SOA) && !isPacket(answers.NS)) {
      emit(`${prefix}_NO_RESPONSE_${protocol}`, args);
      continue;
    }
    for (const qtype of ['SOA', 'NS'] as const) {
      const p = answers[qtype];
      if (!isPacket(p)) {
        emit(`${prefix}_NO_RESPONSE_${qtype}_QUERY_${protocol}`, args);
      } else if (p.rcode !== 'NOERROR') {
        emit(`${prefix}_UNEXPECTED_RCODE_${qtype}_QUERY_${protocol}`, { ...args, rcode: p.rcode });
      } else {
        const record = p.records(qtype, 'answer')[0];
        if (!record) emit(`${prefix}_MISSING_${qtype}_RECORD_${protocol}`, args);
        else if (record.name !== zone) {
          emit(`${prefix}_WRONG_${qtype}_RECORD_${protocol}`, {
            ...args,
            domain_found: fqdn(record.name),
            domain_expected: fqdn(zone),
          });
        } else if (!p.flags.aa) emit(`${prefix}_${qtype}_RECORD_NOT_AA_${protocol}`, args);
      }
    }
  }
}
