/** DNSSEC primitives against the public test vectors of RFC 4034, RFC 4509, RFC 5702, RFC 6605 and RFC 5155. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RR } from '../src/engine/dns/types.js';
import {
  canonicalRdata,
  dnskeyAlgorithm,
  digestAlgorithm,
  dsDigest,
  keySize,
  keyTag,
  dnskeyRdata,
  nsec3OwnerLabel,
  signatureValidity,
  signedData,
  verifyRrsig,
  type RrsigFields,
} from '../src/engine/dnssec/index.js';

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');
const time = (s: string) =>
  Date.UTC(
    +s.slice(0, 4),
    +s.slice(4, 6) - 1,
    +s.slice(6, 8),
    +s.slice(8, 10),
    +s.slice(10, 12),
    +s.slice(12, 14),
  ) / 1000;

const RFC4034_KEY = b64(
  'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==',
);
const P256_KEY = b64(
  'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==',
);
const P384_KEY = b64(
  'xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40',
);
const RSA512_KEY = b64(
  'AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL',
);

function aRecord(name: string, address: string): RR {
  return {
    name,
    type: 'A',
    class: 'IN',
    ttl: 3600,
    data: address,
    rawData: Uint8Array.from(address.split('.').map(Number)),
  };
}

function rrsig(algorithm: number, keyTag: number, exp: string, inc: string, signature: string): RrsigFields {
  return {
    typeCovered: 'A',
    algorithm,
    labels: 3,
    originalTTL: 3600,
    expiration: time(exp),
    inception: time(inc),
    keyTag,
    signersName: 'example.net',
    signature: b64(signature),
  };
}

describe('key tags and DS digests', () => {
  it('RFC 4034 §5.4 example: key tag 60485, SHA-1 and (RFC 4509) SHA-256 digests', () => {
    const rdata = dnskeyRdata(256, 3, 5, RFC4034_KEY);
    expect(keyTag(rdata)).toBe(60485);
    expect(hex(dsDigest('dskey.example.com', rdata, 1))).toBe('2bb183af5f22588179a53b0a98631fad1a292118');
    expect(hex(dsDigest('DSKEY.Example.COM', rdata, 2))).toBe(
      'd4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a',
    );
  });

  it('RFC 6605 examples: P-256 (SHA-256 DS) and P-384 (SHA-384 DS)', () => {
    const p256 = dnskeyRdata(257, 3, 13, P256_KEY);
    expect(keyTag(p256)).toBe(55648);
    expect(hex(dsDigest('example.net', p256, 2))).toBe(
      'b4c8c1fe2e7477127b27115656ad6256f424625bf5c1e2770ce6d6e37df61d17',
    );
    const p384 = dnskeyRdata(257, 3, 14, P384_KEY);
    expect(keyTag(p384)).toBe(10771);
    expect(hex(dsDigest('example.net', p384, 4))).toBe(
      '72d7b62976ce06438e9c0bf319013cf801f09ecc84b8d7e9495f27e305c6a9b0563a9b5f4d288405c3008a946df983d6',
    );
  });

  it('GOST and unknown digest types are not computed', () => {
    expect(dsDigest('example.net', dnskeyRdata(257, 3, 13, P256_KEY), 3)).toBeUndefined();
    expect(dsDigest('example.net', dnskeyRdata(257, 3, 13, P256_KEY), 200)).toBeUndefined();
  });
});

describe('RRSIG verification', () => {
  const rrset = [aRecord('www.example.net', '192.0.2.1')];

  it('RFC 6605 §6.1 ECDSA P-256 signature verifies; a changed RRset does not', () => {
    const sig = rrsig(
      13,
      55648,
      '20100909100439',
      '20100812100439',
      'qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==',
    );
    expect(verifyRrsig(sig, rrset, { algorithm: 13, key: P256_KEY })).toBe('valid');
    expect(
      verifyRrsig(sig, [aRecord('www.example.net', '192.0.2.2')], { algorithm: 13, key: P256_KEY }),
    ).toBe('invalid');
  });

  it('RFC 6605 §6.2 ECDSA P-384 signature verifies', () => {
    const sig = rrsig(
      14,
      10771,
      '20100909102025',
      '20100812102025',
      '/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm',
    );
    expect(verifyRrsig(sig, rrset, { algorithm: 14, key: P384_KEY })).toBe('valid');
  });

  it('RFC 5702 §6.2 RSA/SHA-512 signature verifies; owner case does not matter', () => {
    const sig = rrsig(
      10,
      3740,
      '20300101000000',
      '20000101000000',
      'tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=',
    );
    expect(keyTag(dnskeyRdata(256, 3, 10, RSA512_KEY))).toBe(3740);
    expect(keySize(10, RSA512_KEY)).toBe(1024);
    expect(
      verifyRrsig(sig, [aRecord('WWW.Example.NET', '192.0.2.91')], { algorithm: 10, key: RSA512_KEY }),
    ).toBe('valid');
  });

  it('Ed25519 and Ed448 signatures made with node:crypto verify', () => {
    for (const [alg, type] of [
      [15, 'ed25519'],
      [16, 'ed448'],
    ] as const) {
      const pair = generateKeyPairSync(type as 'ed25519');
      const raw = b64(pair.publicKey.export({ format: 'jwk' }).x!.replace(/-/g, '+').replace(/_/g, '/'));
      const fields = {
        ...rrsig(alg, 1, '20300101000000', '20000101000000', ''),
        signature: new Uint8Array(),
      };
      const signature = sign(null, signedData(fields, rrset), pair.privateKey);
      expect(verifyRrsig({ ...fields, signature }, rrset, { algorithm: alg, key: raw })).toBe('valid');
      expect(
        verifyRrsig({ ...fields, signature: signature.fill(1, 0, 4) }, rrset, { algorithm: alg, key: raw }),
      ).toBe('invalid');
    }
  });

  it('an unsupported algorithm is reported as such', () => {
    expect(
      verifyRrsig({ ...rrsig(12, 1, '20300101000000', '20000101000000', 'AAAA') }, rrset, {
        algorithm: 12,
        key: new Uint8Array(64),
      }),
    ).toBe('unsupported');
  });

  it('validity windows', () => {
    const sig = { inception: time('20100812100439'), expiration: time('20100909100439') };
    expect(signatureValidity(sig, time('20100901000000'))).toBe('valid');
    expect(signatureValidity(sig, time('20101001000000'))).toBe('expired');
    expect(signatureValidity(sig, time('20100801000000'))).toBe('not-yet-valid');
  });
});

describe('canonical form', () => {
  it('lower-cases names inside rdata of the listed types only', () => {
    const mx: RR = {
      name: 'example.net',
      type: 'MX',
      class: 'IN',
      ttl: 1,
      data: {},
      rawData: Uint8Array.from([0, 10, 2, 77, 88, 7, 69, 120, 97, 109, 112, 108, 101, 0]),
    };
    expect(Buffer.from(canonicalRdata(mx)).toString('latin1')).toBe('\u0000\n\u0002mx\u0007example\u0000');
    const txt: RR = {
      name: 'example.net',
      type: 'TXT',
      class: 'IN',
      ttl: 1,
      data: {},
      rawData: Uint8Array.from([2, 65, 66]),
    };
    expect(canonicalRdata(txt)).toEqual(Uint8Array.from([2, 65, 66]));
  });
});

describe('NSEC3 hashes and algorithm tables', () => {
  it('RFC 5155 appendix A: salt aabbccdd, 12 iterations', () => {
    const salt = Uint8Array.from([0xaa, 0xbb, 0xcc, 0xdd]);
    expect(nsec3OwnerLabel('example', salt, 12)).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
    expect(nsec3OwnerLabel('a.example', salt, 12)).toBe('35mthgpgcu1qg68fab165klnsnk3dpvl');
  });

  it('classifies algorithms as the specifications do', () => {
    expect(dnskeyAlgorithm(13)).toMatchObject({ mnemo: 'ECDSAP256SHA256', status: 'DS05_ALGO_OK' });
    expect(dnskeyAlgorithm(10).status).toBe('DS05_ALGO_NOT_RECOMMENDED');
    expect(dnskeyAlgorithm(5).status).toBe('DS05_ALGO_DEPRECATED');
    expect(dnskeyAlgorithm(100).status).toBe('DS05_ALGO_UNASSIGNED');
    expect(dnskeyAlgorithm(200).status).toBe('DS05_ALGO_RESERVED');
    expect(digestAlgorithm(2)).toMatchObject({ descr: 'SHA-256', status: 'DS01_DS_ALGO_OK' });
    expect(digestAlgorithm(1).status).toBe('DS01_DS_ALGO_DEPRECATED');
    expect(digestAlgorithm(0).status).toBe('DS01_DS_ALGO_NOT_DS');
    expect(digestAlgorithm(253).status).toBe('DS01_DS_ALGO_PRIVATE');
  });
});

describe('DNSSEC04 date argument', () => {
  it('is the C ctime() form in UTC, as the reference prints it', async () => {
    const { ctimeUtc } = await import('../src/engine/testcases/dnssec/dnssec04.js');
    expect(ctimeUtc(1794429678)).toBe('Wed Nov 11 20:41:18 2026');
    expect(ctimeUtc(Date.UTC(2026, 11, 1, 3, 4, 5) / 1000)).toBe('Tue Dec  1 03:04:05 2026');
  });
});
