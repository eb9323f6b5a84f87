/** The pure parts of the RPC API: client address, api keys, envelope ids, coercion, projection. */
import { describe, expect, it } from 'vitest';
import { hashApiKey, isHashedApiKey, verifyApiKey } from '../src/rpc/apikey.js';
import { coerce, toBoolean } from '../src/rpc/coerce.js';
import { topLevelIdTexts } from '../src/rpc/envelope.js';
import { Translator } from '../src/engine/translator.js';
import { messageRenderer } from '../src/rpc/messages.js';
import { clientAddress, isAdministrativeClient, trustChecker } from '../src/rpc/remote.js';
import { METHOD_SCHEMAS } from '../src/rpc/schemas.js';
import { canonicalJson, fingerprint, isUndelegated, project } from '../src/rpc/test-params.js';

describe('client address', () => {
  const trusted = trustChecker(['127.0.0.1', '10.1.0.0/16', '::1']);

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress('192.0.2.7', '127.0.0.1', trusted)).toBe('192.0.2.7');
    expect(clientAddress('127.0.0.1', '127.0.0.1', trustChecker([]))).toBe('127.0.0.1');
  });

  it('takes the right-most untrusted hop behind trusted proxies', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1, 192.0.2.9, 10.1.2.3', trusted)).toBe('192.0.2.9');
    expect(clientAddress('::ffff:127.0.0.1', '192.0.2.9', trusted)).toBe('192.0.2.9');
    expect(clientAddress('::1', '127.0.0.1', trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', 'garbage', trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
  });

  it('treats only loopback as administrative, never an unknown address', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isAdministrativeClient(a)).toBe(true);
    for (const a of ['192.0.2.1', '10.0.0.1', '::ffff:192.0.2.1', undefined])
      expect(isAdministrativeClient(a)).toBe(false);
  });
});

describe('api keys', () => {
  it('hashes with a fresh salt and verifies hashed and plaintext keys', async () => {
    const a = await hashApiKey('secret');
    const b = await hashApiKey('secret');
    expect(a).not.toBe(b);
    expect(isHashedApiKey(a)).toBe(true);
    expect(a.length).toBeLessThanOrEqual(512);
    expect(await verifyApiKey('secret', a)).toBe(true);
    expect(await verifyApiKey('Secret', a)).toBe(false);
    expect(await verifyApiKey('plain', 'plain')).toBe(true);
    expect(await verifyApiKey('plain2', 'plain')).toBe(false);
    expect(await verifyApiKey('x', 'scrypt$broken')).toBe(false);
  });
});

describe('envelope ids', () => {
  it('finds the source text of top-level ids, skipping nested ones and strings that look like ids', () => {
    expect(topLevelIdTexts('{"params":{"id":1,"s":"\\"id\\":2"},"id":123456789012345678901}')).toEqual([
      '123456789012345678901',
    ]);
    expect(topLevelIdTexts('[{"id":1.50},{"method":"x"},3,{"a":[[{"id":9}]],"id":"s"}]')).toEqual([
      '1.50',
      undefined,
      undefined,
      '"s"',
    ]);
    expect(topLevelIdTexts(' { "id" : -0 , "id": 5 } ')).toEqual(['5']);
  });
});

describe('coercion', () => {
  it('reads booleans as the reference does', () => {
    for (const v of [false, '', '0', 0, -0, 0.0]) expect(toBoolean(v)).toBe(false);
    for (const v of [true, 'false', 'no', 1, 'x', [], {}]) expect(toBoolean(v)).toBe(true);
  });

  it('turns numeric strings into integers, rounds fractions, drops null booleans', () => {
    const params = coerce(METHOD_SCHEMAS.start_domain_test!, {
      domain: 123,
      priority: ' 7 ',
      queue: 2.6,
      ipv4: null,
      ipv6: 'yes',
      ds_info: [{ keytag: '42', algorithm: '8.2', digtype: 'two', digest: 'ab' }],
    });
    expect(params).toEqual({
      domain: '123',
      priority: 7,
      queue: 3,
      ipv6: true,
      ds_info: [{ keytag: 42, algorithm: 8, digtype: 'two', digest: 'ab' }],
    });
  });
});

describe('projection and fingerprint', () => {
  const normalize = (n: string) => n.toLowerCase().replace(/\.$/, '');

  it('ignores order, case and client fields; sees every compared parameter', () => {
    const base = { domain: 'Example.', ipv4: true, ipv6: true, profile: 'Default' };
    const ns = [
      { ns: 'NS2.example', ip: '127.0.0.2' },
      { ns: 'ns1.example', ip: '' },
    ];
    const a = project({ ...base, nameservers: ns, client_id: 'a', priority: 1 }, normalize);
    const b = project(
      { ...base, domain: 'example', profile: 'default', nameservers: [...ns].reverse(), queue: 4 },
      normalize,
    );
    expect(a).toEqual(b);
    expect(a.nameservers).toEqual([{ ns: 'ns1.example' }, { ns: 'ns2.example', ip: '127.0.0.2' }]);
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(project({ ...base, ipv6: false }, normalize))).not.toBe(
      fingerprint(project(base, normalize)),
    );
    expect(isUndelegated(a)).toBe(true);
    expect(isUndelegated(project(base, normalize))).toBe(false);
    expect(
      isUndelegated(
        project({ ...base, ds_info: [{ keytag: 1, algorithm: 8, digtype: 2, digest: 'aa' }] }, normalize),
      ),
    ).toBe(true);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x', u: undefined })).toBe(
      '{"a":"x","b":[{"c":2,"d":1}]}',
    );
  });
});

describe('messages', () => {
  const renderMessage = messageRenderer(new Translator());
  it('fills placeholders and falls back to English', () => {
    expect(renderMessage('NOT_ENOUGH_ITEMS', { actual: 0, limit: 1 }, 'pt')).toBe('Not enough items: 0/1.');
    expect(renderMessage('NOT_ENOUGH_ITEMS', { actual: 0, limit: 1 }, 'sv')).toBe('För få element: 0/1.');
    expect(renderMessage('MISSING_PROPERTY')).toBe('Missing property');
  });
});
