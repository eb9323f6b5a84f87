import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ProfileError,
  defaultProfile,
  isTestCaseEnabled,
  levelFor,
  loadProfileFile,
  mergeProfile,
} from '../src/engine/profile.js';
import { LEVELS } from '../src/engine/types.js';

const MODULES = [
  'ADDRESS',
  'BASIC',
  'CONNECTIVITY',
  'CONSISTENCY',
  'DELEGATION',
  'DNSSEC',
  'NAMESERVER',
  'SYNTAX',
  'ZONE',
];

function expectProfileError(override: unknown, property: string): void {
  try {
    mergeProfile(defaultProfile(), override);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).property).toBe(property);
    expect((error as ProfileError).message).toContain(property);
    return;
  }
  throw new Error(`no ProfileError for ${JSON.stringify(override)}`);
}

describe('default profile', () => {
  const profile = defaultProfile();

  it('has every test case of the engine and every module', () => {
    expect(profile.test_cases).toHaveLength(73);
    expect(new Set(profile.test_cases).size).toBe(73);
    expect(profile.test_cases).toContain('basic01');
    expect(profile.test_cases).toContain('nameserver15');
    expect(profile.test_cases).not.toContain('dnssec12');
    expect(Object.keys(profile.test_levels).sort()).toEqual([...MODULES, 'SYSTEM'].sort());
  });

  // The reference's 539 entries plus this engine's two SYSTEM additions: NETWORK_UNREACHABLE (CRITICAL) and
  // RECORDING_MISS (DEBUG).
  it('has the 539 test_levels entries of the reference and two SYSTEM additions, with valid levels', () => {
    const counts = Object.fromEntries(
      Object.entries(profile.test_levels).map(([m, tags]) => [m, Object.keys(tags).length]),
    );
    expect(counts).toEqual({
      ADDRESS: 13,
      BASIC: 31,
      CONNECTIVITY: 53,
      CONSISTENCY: 28,
      DELEGATION: 40,
      DNSSEC: 178,
      NAMESERVER: 52,
      SYNTAX: 29,
      ZONE: 60,
      SYSTEM: 57,
    });
    const histogram: Record<string, number> = {};
    for (const tags of Object.values(profile.test_levels)) {
      for (const level of Object.values(tags)) {
        expect(LEVELS).toContain(level);
        histogram[level] = (histogram[level] ?? 0) + 1;
      }
    }
    expect(histogram).toEqual({
      ERROR: 154,
      WARNING: 110,
      INFO: 97,
      DEBUG: 78,
      NOTICE: 67,
      DEBUG2: 19,
      CRITICAL: 12,
      DEBUG3: 4,
    });
  });

  it('has the documented defaults of every other property', () => {
    expect(profile.resolver).toEqual({
      defaults: {
        debug: false,
        igntc: false,
        fallback: true,
        recurse: false,
        retrans: 3,
        retry: 2,
        usevc: false,
        timeout: 5,
      },
      source4: '',
      source6: '',
    });
    expect(profile.net).toEqual({ ipv4: true, ipv6: true });
    expect(profile.no_network).toBe(false);
    expect(profile.asn_db.style).toBe('cymru');
    expect(profile.asn_db.sources.cymru?.[0]).toBe('asnlookup.zonemaster.net');
    expect(profile.asn_db.sources.ripe).toEqual(['riswhois.ripe.net']);
    expect(profile.cache).toEqual({});
    expect(profile.logfilter).toEqual({});
    expect(profile.test_cases_vars).toEqual({
      dnssec04: { REMAINING_SHORT: 43200, REMAINING_LONG: 15552000, DURATION_LONG: 15552000 },
      zone02: { SOA_REFRESH_MINIMUM_VALUE: 14400 },
      zone04: { SOA_RETRY_MINIMUM_VALUE: 3600 },
      zone05: { SOA_EXPIRE_MINIMUM_VALUE: 604800 },
      zone06: { SOA_DEFAULT_TTL_MAXIMUM_VALUE: 86400, SOA_DEFAULT_TTL_MINIMUM_VALUE: 300 },
    });
  });

  it('is a fresh copy each time', () => {
    const a = defaultProfile();
    a.net.ipv4 = false;
    a.test_cases.pop();
    expect(defaultProfile().net.ipv4).toBe(true);
    expect(defaultProfile().test_cases).toHaveLength(73);
  });
});

describe('mergeProfile', () => {
  it('lets the override win per property and leaves the base untouched', () => {
    const base = defaultProfile();
    const merged = mergeProfile(base, {
      net: { ipv6: false },
      resolver: { defaults: { retry: 5 }, source4: '127.0.0.1', source6: '::1' },
      test_levels: { BASIC: { B02_NS_BROKEN: 'warning' } },
      test_cases_vars: { zone02: { SOA_REFRESH_MINIMUM_VALUE: 100 } },
    });
    expect(merged.net).toEqual({ ipv4: true, ipv6: false });
    expect(merged.resolver.defaults.retry).toBe(5);
    expect(merged.resolver.defaults.retrans).toBe(3);
    expect(merged.resolver.source4).toBe('127.0.0.1');
    expect(merged.resolver.source6).toBe('::1');
    expect(merged.test_cases_vars.zone02.SOA_REFRESH_MINIMUM_VALUE).toBe(100);
    expect(merged.test_cases_vars.zone04.SOA_RETRY_MINIMUM_VALUE).toBe(3600);
    // test_levels is one property: the override replaces it as a whole, as in the reference engine.
    expect(merged.test_levels).toEqual({ BASIC: { B02_NS_BROKEN: 'WARNING' } });
    expect(base.net.ipv6).toBe(true);
    expect(base.resolver.defaults.retry).toBe(2);
  });

  it('replaces arrays instead of merging them', () => {
    const merged = mergeProfile(defaultProfile(), { test_cases: ['basic01', 'Zone01'] });
    expect(merged.test_cases).toEqual(['basic01', 'zone01']);
    expect(isTestCaseEnabled(merged, 'zone01')).toBe(true);
    expect(isTestCaseEnabled(merged, 'Basic01')).toBe(true);
    expect(isTestCaseEnabled(merged, 'basic02')).toBe(false);
    const sources = mergeProfile(defaultProfile(), {
      asn_db: { style: 'RIPE', sources: { RIPE: ['whois.example'] } },
    });
    expect(sources.asn_db).toEqual({ style: 'ripe', sources: { ripe: ['whois.example'] } });
  });

  it('accepts an empty override', () => {
    expect(mergeProfile(defaultProfile(), {})).toEqual(defaultProfile());
  });

  it('accepts a cache and a logfilter of the documented shape', () => {
    const merged = mergeProfile(defaultProfile(), {
      cache: { redis: { server: '127.0.0.1:6379', expire: 300 } },
      logfilter: { BASIC: { IPV6_ENABLED: [{ when: { ns: ['a.example', 'b.example'] }, set: 'WARNING' }] } },
    });
    expect(merged.cache.redis).toEqual({ server: '127.0.0.1:6379', expire: 300 });
    expect(merged.logfilter.BASIC.IPV6_ENABLED[0].set).toBe('WARNING');
  });

  const invalid: Array<[string, unknown, string]> = [
    ['unknown top-level property', { colour: 'blue' }, 'colour'],
    ['unknown nested property', { resolver: { defaults: { speed: 1 } } }, 'resolver.defaults.speed'],
    ['unknown net property', { net: { ipv5: true } }, 'net.ipv5'],
    ['retry below 1', { resolver: { defaults: { retry: 0 } } }, 'resolver.defaults.retry'],
    ['retry above 255', { resolver: { defaults: { retry: 256 } } }, 'resolver.defaults.retry'],
    ['retrans not an integer', { resolver: { defaults: { retrans: 1.5 } } }, 'resolver.defaults.retrans'],
    ['timeout a string', { resolver: { defaults: { timeout: '5' } } }, 'resolver.defaults.timeout'],
    ['boolean given as string', { net: { ipv4: 'yes' } }, 'net.ipv4'],
    ['no_network given as number', { no_network: 1 }, 'no_network'],
    ['null value', { no_network: null }, 'no_network'],
    ['source4 not IPv4', { resolver: { source4: '::1' } }, 'resolver.source4'],
    ['source6 not IPv6', { resolver: { source6: '127.0.0.1' } }, 'resolver.source6'],
    ['asn_db.style unknown', { asn_db: { style: 'whois' } }, 'asn_db.style'],
    ['asn_db.sources empty list', { asn_db: { sources: { cymru: [] } } }, 'asn_db.sources.cymru'],
    ['asn_db.sources not a name', { asn_db: { sources: { cymru: ['bad name!'] } } }, 'asn_db.sources.cymru'],
    [
      'level not a level name',
      { test_levels: { BASIC: { B02_NS_BROKEN: 'FATAL' } } },
      'test_levels.BASIC.B02_NS_BROKEN',
    ],
    ['test_levels not an object', { test_levels: ['BASIC'] }, 'test_levels'],
    ['unknown test case', { test_cases: ['basic01', 'basic99'] }, 'test_cases'],
    ['test_cases not an array', { test_cases: 'basic01' }, 'test_cases'],
    [
      'test_cases_vars below 1',
      { test_cases_vars: { dnssec04: { REMAINING_SHORT: 0 } } },
      'test_cases_vars.dnssec04.REMAINING_SHORT',
    ],
    ['unknown test case var', { test_cases_vars: { zone02: { OTHER: 1 } } }, 'test_cases_vars.zone02.OTHER'],
    ['unknown cache', { cache: { memcached: { server: 'x:1' } } }, 'cache.memcached'],
    ['redis without items', { cache: { redis: {} } }, 'cache.redis'],
    ['redis bad server', { cache: { redis: { server: 'no-port' } } }, 'cache.redis.server'],
    [
      'redis negative expire',
      { cache: { redis: { server: '127.0.0.1:6379', expire: -1 } } },
      'cache.redis.expire',
    ],
    [
      'logfilter rules not an array',
      { logfilter: { BASIC: { TAG: { set: 'INFO' } } } },
      'logfilter.BASIC.TAG',
    ],
    [
      'logfilter rule without when',
      { logfilter: { BASIC: { TAG: [{ set: 'INFO' }] } } },
      'logfilter.BASIC.TAG.0.when',
    ],
    [
      'logfilter bad level',
      { logfilter: { BASIC: { TAG: [{ when: { ns: 'x' }, set: 'LOUD' }] } } },
      'logfilter.BASIC.TAG.0.set',
    ],
    [
      'logfilter extra key',
      { logfilter: { BASIC: { TAG: [{ when: { ns: 'x' }, set: 'INFO', also: 1 }] } } },
      'logfilter.BASIC.TAG.0.also',
    ],
    ['group given a scalar', { resolver: 5 }, 'resolver'],
  ];
  it.each(invalid)('rejects %s', (_name, override, property) => {
    expectProfileError(override, property);
  });

  it('rejects a profile that is not an object', () => {
    expect(() => mergeProfile(defaultProfile(), [])).toThrow(ProfileError);
  });
});

describe('loadProfileFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zm-profile-'));

  it('merges a partial file over the default profile', () => {
    const path = join(dir, 'partial.json');
    writeFileSync(path, JSON.stringify({ net: { ipv6: false }, asn_db: { style: 'Cymru' } }));
    const profile = loadProfileFile(path);
    expect(profile.net).toEqual({ ipv4: true, ipv6: false });
    expect(profile.test_cases).toHaveLength(73);
    expect(profile.asn_db.style).toBe('cymru');
  });

  it('accepts an empty file and rejects invalid JSON or values', () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    expect(loadProfileFile(empty)).toEqual(defaultProfile());
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"net": ');
    expect(() => loadProfileFile(broken)).toThrow(ProfileError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ resolver: { defaults: { retry: 1000 } } }));
    expect(() => loadProfileFile(bad)).toThrow(/resolver\.defaults\.retry/);
  });
});

describe('levelFor', () => {
  it('takes the level from test_levels, DEBUG for unlisted tags', () => {
    const profile = defaultProfile();
    expect(levelFor(profile, 'BASIC', 'B02_NO_DELEGATION', {})).toBe('CRITICAL');
    expect(levelFor(profile, 'ZONE', 'REFRESH_MINIMUM_VALUE_LOWER', {})).toBe(
      profile.test_levels.ZONE.REFRESH_MINIMUM_VALUE_LOWER,
    );
    expect(levelFor(profile, 'SYSTEM', 'QUERY', {})).toBe('DEBUG2');
    expect(levelFor(profile, 'BASIC', 'NOT_A_LISTED_TAG', {})).toBe('DEBUG');
    expect(levelFor(profile, 'NO_SUCH_MODULE', 'B02_NO_DELEGATION', {})).toBe('DEBUG');
  });

  it('applies the first matching logfilter rule, with scalar and list conditions', () => {
    const profile = mergeProfile(defaultProfile(), {
      logfilter: {
        BASIC: {
          IPV6_ENABLED: [
            { when: { rrtype: 'NS', ns: 'f.example' }, set: 'WARNING' },
            { when: { ns: ['g.example', 'h.example'] }, set: 'ERROR' },
            { when: { ns: 'f.example' }, set: 'CRITICAL' },
          ],
        },
        ZONE: { MULTIPLE_SOA: [{ when: { count: 2 }, set: 'NOTICE' }] },
      },
    });
    expect(levelFor(profile, 'BASIC', 'IPV6_ENABLED', { rrtype: 'NS', ns: 'f.example' })).toBe('WARNING');
    expect(levelFor(profile, 'BASIC', 'IPV6_ENABLED', { rrtype: 'A', ns: 'f.example' })).toBe('CRITICAL');
    expect(levelFor(profile, 'BASIC', 'IPV6_ENABLED', { rrtype: 'A', ns: 'h.example' })).toBe('ERROR');
    expect(levelFor(profile, 'BASIC', 'IPV6_ENABLED', { rrtype: 'A', ns: 'x.example' })).toBe('DEBUG');
    expect(levelFor(profile, 'BASIC', 'IPV6_ENABLED', { rrtype: 'NS' })).toBe('DEBUG');
    // Numbers compare with their string form, as the reference compares with "eq".
    expect(levelFor(profile, 'ZONE', 'MULTIPLE_SOA', { ns: 'a', count: 2 })).toBe('NOTICE');
    expect(levelFor(profile, 'ZONE', 'MULTIPLE_SOA', { ns: 'a', count: 3 })).toBe(
      profile.test_levels.ZONE.MULTIPLE_SOA,
    );
  });

  it('gives each profile its own levels, in turns and per module spelling', () => {
    const quiet = mergeProfile(defaultProfile(), { test_levels: { BASIC: { B02_NS_BROKEN: 'info' } } });
    const loud = mergeProfile(defaultProfile(), {
      test_levels: { BASIC: { B02_NS_BROKEN: 'critical' } },
      logfilter: { Basic: { B02_NS_BROKEN: [{ when: { ns: 'x' }, set: 'NOTICE' }] } },
    });
    for (let turn = 0; turn < 2; turn++) {
      expect(levelFor(quiet, 'Basic', 'B02_NS_BROKEN', { ns: 'x' })).toBe('INFO');
      expect(levelFor(loud, 'Basic', 'B02_NS_BROKEN', { ns: 'x' })).toBe('NOTICE');
      expect(levelFor(loud, 'Basic', 'B02_NS_BROKEN', { ns: 'y' })).toBe('CRITICAL');
      expect(levelFor(loud, 'BASIC', 'B02_NS_BROKEN', { ns: 'y' })).toBe('CRITICAL');
      expect(levelFor(quiet, 'Basic', 'B02_NO_DELEGATION')).toBe('DEBUG');
    }
  });

  it('never matches a rule without conditions', () => {
    const profile = mergeProfile(defaultProfile(), {
      logfilter: { BASIC: { B02_NS_BROKEN: [{ when: {}, set: 'INFO' }] } },
    });
    expect(levelFor(profile, 'BASIC', 'B02_NS_BROKEN', { ns: 'x' })).toBe('ERROR');
  });
});
