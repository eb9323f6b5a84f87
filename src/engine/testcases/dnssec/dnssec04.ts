/**
 * DNSSEC04: Signature validity periods are reasonable.
 * Specification methods: Method 4, Method 5.
 */
import {
  ask,
  childServersV1,
  DNSSEC,
  responseTime,
  rrsigFields,
  usableAddresses,
} from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time in the C ctime() form, UTC, as the reference shows RRSIG expirations: "Wed Nov 11 20:41:18 2026". */
export function ctimeUtc(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}`;
}

export const dnssec04 = testCase({
  id: 'dnssec04',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec04.md',
  tags: {
    DURATION_LONG: 'keytag types duration',
    DURATION_OK: 'keytag types duration',
    REMAINING_LONG: 'keytag types duration',
    REMAINING_SHORT: 'keytag types duration',
    RRSIG_EXPIRATION: 'keytag types date',
    RRSIG_EXPIRED: 'keytag types expiration',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    // DNSSEC04 steps 4-5: the first server that answers
    const firstAnswer = async (qtype: string) => {
      for (const address of usableAddresses(ctx, servers)) {
        const p = await ask(ctx, servers, address, ctx.zone.name, qtype, DNSSEC);
        if (p) return p;
      }
      return undefined;
    };
    const dnskey = await firstAnswer('DNSKEY');
    if (!dnskey) return;
    const soa = await firstAnswer('SOA');
    if (!soa) return;
    const limits = ctx.profile.test_cases_vars.dnssec04;
    const now = Math.floor(responseTime(dnskey));
    for (const rr of [...dnskey.answer, ...soa.answer].filter((r) => r.type === 'RRSIG')) {
      const sig = rrsigFields(rr);
      const base = { keytag: sig.keyTag, types: sig.typeCovered };
      ctx.emit('RRSIG_EXPIRATION', { ...base, date: ctimeUtc(sig.expiration) });
      // DNSSEC04 steps 6-8
      const remaining = sig.expiration - now;
      let remainingTag: 'RRSIG_EXPIRED' | 'REMAINING_SHORT' | 'REMAINING_LONG' | undefined;
      if (remaining < 0) remainingTag = 'RRSIG_EXPIRED';
      else if (remaining < limits.REMAINING_SHORT) remainingTag = 'REMAINING_SHORT';
      else if (remaining > limits.REMAINING_LONG) remainingTag = 'REMAINING_LONG';
      if (remainingTag === 'RRSIG_EXPIRED')
        ctx.emit('RRSIG_EXPIRED', { ...base, expiration: sig.expiration });
      else if (remainingTag) ctx.emit(remainingTag, { ...base, duration: remaining });
      // DNSSEC04 step 9
      const duration = sig.expiration - sig.inception;
      if (duration > limits.DURATION_LONG) ctx.emit('DURATION_LONG', { ...base, duration });
      else if (!remainingTag) ctx.emit('DURATION_OK', { ...base, duration });
    }
  },
});
