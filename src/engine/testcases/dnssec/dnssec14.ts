/**
 * DNSSEC14: Key sizes are valid for their algorithms.
 * Specification methods: Method 4, Method 5.
 */
import { dnskeyAlgorithm } from '../../dnssec/algorithms.js';
import { keySize } from '../../dnssec/keys.js';
import { childServersV1, type DnskeyInfo, dnskeyInfo, DNSSEC } from '../../dnssec/servers.js';
import { testCase } from '../test-case.js';

const RSA_RECOMMENDED_SIZE = 2048;

/** DNSSEC14 Key Size Table: RSA algorithms, minimum and maximum modulus sizes in bits; 2048 recommended. */
const RSA_KEY_SIZES: Record<number, { min: number; max: number }> = {
  5: { min: 512, max: 4096 },
  7: { min: 512, max: 4096 },
  8: { min: 512, max: 4096 },
  10: { min: 1024, max: 4096 },
};

export const dnssec14 = testCase({
  id: 'dnssec14',
  spec: 'docs/public/specifications/tests/DNSSEC-TP/dnssec14.md',
  tags: {
    DNSKEY_SMALLER_THAN_REC: 'keytag algo_num algo_descr keysize keysizerec',
    DNSKEY_TOO_LARGE_FOR_ALGO: 'keytag algo_num algo_descr keysize keysizemax',
    DNSKEY_TOO_SMALL_FOR_ALGO: 'keytag algo_num algo_descr keysize keysizemin',
    IPV4_DISABLED: 'rrtype ns',
    IPV6_DISABLED: 'rrtype ns',
    KEY_SIZE_OK: '',
    NO_RESPONSE: 'ns',
    NO_RESPONSE_DNSKEY: 'ns',
  },
  async run(ctx) {
    const servers = await childServersV1(ctx);
    const keys: DnskeyInfo[] = [];
    let problems = 0;
    // DNSSEC14 step 4, for every name server (name and address)
    for (const [address, names] of servers) {
      for (const name of names) {
        const ns = `${name}/${address}`;
        if (!ctx.zone.canSendTo(address)) {
          ctx.emit(address.includes(':') ? 'IPV6_DISABLED' : 'IPV4_DISABLED', { ns, rrtype: 'DNSKEY' });
          continue;
        }
        const result = await ctx
          .nameserver(name, address)
          .query(ctx.zone.name, 'DNSKEY', { ...DNSSEC, usevc: false });
        const p = result && !('broken' in result) ? result : undefined;
        if (!p) {
          ctx.emit('NO_RESPONSE', { ns });
          continue;
        }
        const found = p.answer.filter((rr) => rr.type === 'DNSKEY');
        if (found.length === 0) {
          ctx.emit('NO_RESPONSE_DNSKEY', { ns });
          problems++;
          continue;
        }
        keys.push(...found.map(dnskeyInfo));
      }
    }
    // DNSSEC14 step 5, once per key tag, size and algorithm
    const seen = new Set<string>();
    for (const key of keys) {
      const limits = RSA_KEY_SIZES[key.algorithm];
      if (!limits) continue;
      const size = keySize(key.algorithm, key.key);
      const id = `${key.tag}:${size}:${key.algorithm}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const base = {
        keytag: key.tag,
        algo_num: key.algorithm,
        algo_descr: dnskeyAlgorithm(key.algorithm).descr,
        keysize: size,
      };
      if (size < limits.min) ctx.emit('DNSKEY_TOO_SMALL_FOR_ALGO', { ...base, keysizemin: limits.min });
      else if (size < RSA_RECOMMENDED_SIZE)
        ctx.emit('DNSKEY_SMALLER_THAN_REC', { ...base, keysizerec: RSA_RECOMMENDED_SIZE });
      else if (size > limits.max) ctx.emit('DNSKEY_TOO_LARGE_FOR_ALGO', { ...base, keysizemax: limits.max });
      else continue;
      problems++;
    }
    // DNSSEC14 step 6
    if (keys.length > 0 && problems === 0) ctx.emit('KEY_SIZE_OK', {});
  },
});
