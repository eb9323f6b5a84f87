/**
 * Delegation05: Name server names are not aliases.
 * Specification methods: Method 2, Method 3, Method 4, Method 5.
 */
import { isAtOrBelow, nsString } from '../../dns/name.js';
import type { Packet } from '../../dns/types.js';
import { isPacket } from '../../dns/types.js';
import { referralZone, type ServerAddress } from '../../recursor.js';
import { method2, method3, method4, method5 } from '../../methods/v1.js';
import { testCase } from '../test-case.js';

/** Whether a looked-up A answer went through a CNAME (the recursor follows CNAMEs to the final answer). */
function viaCname(p: Packet | undefined, name: string): boolean {
  if (!p) return false;
  if (p.answer.some((rr) => rr.type === 'CNAME')) return true;
  const question = p.question[0]?.name;
  return question !== undefined && question !== name;
}

export const delegation05 = testCase({
  id: 'delegation05',
  spec: 'docs/public/specifications/tests/Delegation-TP/delegation05.md',
  tags: {
    NO_NS_CNAME: '',
    NO_RESPONSE: 'ns query_name rrtype',
    NS_IS_CNAME: 'nsname',
    UNEXPECTED_RCODE: 'ns query_name rrtype rcode',
  },
  async run(ctx) {
    const zone = ctx.zone.name;
    // Delegation05 step 1: NS Name (Method2 and Method3)
    const names = [...new Set([...(await method2(ctx)), ...(await method3(ctx))])].sort();
    // Delegation05 step 2: NS IP (Method4 and Method5), each (name, address) once
    const servers = new Map<string, ServerAddress>();
    for (const s of [...(await method4(ctx)), ...(await method5(ctx))]) {
      servers.set(nsString(s.name, s.address), s);
    }
    const cnames = new Set<string>();
    // Delegation05 step 3
    for (const nsname of names) {
      if (ctx.signal.aborted) return;
      if (ctx.zone.isInBailiwick(nsname)) {
        // Delegation05 step 3.2: ask every name server of the zone, RD unset
        for (const [ns, server] of [...servers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          if (!ctx.zone.canSendTo(server.address)) continue;
          const args = { ns, query_name: nsname, rrtype: 'A' };
          const p = await ctx.nameserver(server.name, server.address).query(nsname, 'A', { recurse: false });
          if (!isPacket(p))
            ctx.emit('NO_RESPONSE', args); // step 3.2.2
          else if (p.rcode !== 'NOERROR')
            ctx.emit('UNEXPECTED_RCODE', { ...args, rcode: p.rcode }); // step 3.2.3
          else if (p.answer.some((rr) => rr.type === 'CNAME'))
            cnames.add(nsname); // step 3.2.4
          else {
            const cut = referralZone(p);
            // step 3.2.5: referral to a sub-zone of the child zone, look the name up
            if (
              cut !== undefined &&
              cut !== zone &&
              isAtOrBelow(cut, zone) &&
              viaCname(await ctx.recursor.recurse(nsname, 'A'), nsname)
            )
              cnames.add(nsname);
          }
        }
      } else if (viaCname(await ctx.recursor.recurse(nsname, 'A'), nsname)) {
        // Delegation05 step 3.3: sibling or out-of-bailiwick name, looked up
        cnames.add(nsname);
      }
    }
    // Delegation05 step 3.2.4 / 3.2.5.2 / 3.3.2: NS_IS_CNAME
    for (const nsname of cnames) ctx.emit('NS_IS_CNAME', { nsname });
    // Delegation05 step 4: NO_NS_CNAME
    if (cnames.size === 0) ctx.emit('NO_NS_CNAME', {});
  },
});
