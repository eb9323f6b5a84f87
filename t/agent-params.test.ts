/** Stored test params → engine options, and profile selection by name. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ProfileCatalog } from '../src/agent/profiles.js';
import { runOptionsFor } from '../src/agent/runOptions.js';
import type { ClaimedTest } from '../src/db/queue/index.js';
import { defaultProfile } from '../src/engine/profile.js';
import { makeTestConfig } from './lib/config.js';

function claimed(params: Record<string, unknown>): ClaimedTest {
  return {
    rowId: 1,
    testId: 'a'.repeat(16),
    domain: 'zone.test',
    batchId: null,
    priority: 10,
    queue: 0,
    params,
    attempts: 1,
    startedAt: 0,
  };
}

it('passes undelegated data, DS and the IP family switches to the engine', () => {
  const options = runOptionsFor(
    claimed({
      ipv4: true,
      ipv6: false,
      nameservers: [
        { ns: 'ns1.zone.test', ip: '127.0.0.9' },
        { ns: 'ns2.zone.test' },
        { ns: 'ns3.zone.test', ip: '' },
      ],
      ds_info: [{ keytag: 1234, algorithm: 13, digtype: 2, digest: 'ab'.repeat(32) }],
    }),
    defaultProfile(),
    '/hints',
  );
  expect(options.domain).toBe('zone.test');
  expect(options.hintsFile).toBe('/hints');
  expect(options.profile.net).toEqual({ ipv4: true, ipv6: false });
  expect(options.nameservers).toEqual([
    { ns: 'ns1.zone.test', ip: '127.0.0.9' },
    { ns: 'ns2.zone.test' },
    { ns: 'ns3.zone.test' },
  ]);
  expect(options.ds).toEqual([{ keytag: 1234, algorithm: 13, digtype: 2, digest: 'ab'.repeat(32) }]);
});

it('leaves a normal test without undelegated data and with its profile untouched', () => {
  const profile = defaultProfile();
  const options = runOptionsFor(claimed({ domain: 'zone.test' }), profile, '/hints');
  expect(options.nameservers).toBeUndefined();
  expect(options.ds).toBeUndefined();
  expect(options.profile).toBe(profile);
});

it('shares one profile per profile and IP families among tests, leaving the base as it is', () => {
  const profile = defaultProfile();
  const ipv4Only = (id: number) =>
    runOptionsFor({ ...claimed({ ipv4: true, ipv6: false }), rowId: id }, profile, '/hints').profile;
  const first = ipv4Only(1);
  expect(ipv4Only(2)).toBe(first);
  expect(first.net).toEqual({ ipv4: true, ipv6: false });
  const ipv6Only = runOptionsFor(claimed({ ipv4: false, ipv6: true }), profile, '/hints').profile;
  expect(ipv6Only.net).toEqual({ ipv4: false, ipv6: true });
  const onlyIpv6Given = runOptionsFor(claimed({ ipv6: false }), profile, '/hints').profile;
  expect(onlyIpv6Given.net).toEqual({ ipv4: true, ipv6: false });
  expect(onlyIpv6Given).not.toBe(first);
  expect(runOptionsFor(claimed({ ipv4: true, ipv6: false }), defaultProfile(), '/hints').profile).not.toBe(
    first,
  );
  expect(profile.net).toEqual({ ipv4: true, ipv6: true });
});

it('picks profiles by name, case-insensitively, with the default for unknown names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zmt-profiles-'));
  writeFileSync(join(dir, 'quick.json'), JSON.stringify({ net: { ipv6: false } }));
  const catalog = new ProfileCatalog(makeTestConfig({ 'PUBLIC PROFILES': { quick: 'quick.json' } }, dir));
  expect(catalog.get('QUICK').net.ipv6).toBe(false);
  expect(catalog.get('quick')).toBe(catalog.get('Quick'));
  expect(catalog.get('default')).toEqual(defaultProfile());
  expect(catalog.get('gone')).toEqual(defaultProfile());
  expect(catalog.get(undefined)).toEqual(defaultProfile());
});
