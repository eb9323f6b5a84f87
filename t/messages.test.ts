import { describe, expect, it } from 'vitest';
import { MessageLog, SYSTEM_TAGS } from '../src/engine/messages.js';
import { defaultProfile, mergeProfile } from '../src/engine/profile.js';
import type { MessageEntry } from '../src/engine/types.js';

function clock(start: number) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MessageLog', () => {
  it('stamps seconds since the start with millisecond resolution and takes the level from the profile', () => {
    const time = clock(1_700_000_000_000);
    const log = new MessageLog(defaultProfile(), { now: time.now });
    time.advance(1234.4);
    const entry = log.emit('BASIC', 'Basic02', 'B02_NO_DELEGATION', { domain: 'example' });
    expect(entry).toEqual({
      timestamp: 1.234,
      module: 'BASIC',
      testcase: 'Basic02',
      tag: 'B02_NO_DELEGATION',
      args: { domain: 'example' },
      level: 'CRITICAL',
    });
    time.advance(10);
    expect(log.emit('BASIC', 'Basic02', 'UNLISTED').level).toBe('DEBUG');
    expect(log.entries().map((e) => e.timestamp)).toEqual([1.234, 1.244]);
  });

  it('uses the start time it is given', () => {
    const time = clock(5_000);
    const log = new MessageLog(defaultProfile(), { now: time.now, startTime: 2_000 });
    expect(log.emit('ZONE', 'Zone10', 'ONE_SOA').timestamp).toBe(3);
  });

  it('applies logfilter rules', () => {
    const profile = mergeProfile(defaultProfile(), {
      logfilter: { BASIC: { B02_NS_BROKEN: [{ when: { ns: 'ns1.example/127.0.0.1' }, set: 'INFO' }] } },
    });
    const log = new MessageLog(profile);
    expect(log.emit('BASIC', 'Basic02', 'B02_NS_BROKEN', { ns: 'ns1.example/127.0.0.1' }).level).toBe('INFO');
    expect(log.emit('BASIC', 'Basic02', 'B02_NS_BROKEN', { ns: 'ns2.example/127.0.0.2' }).level).toBe(
      'ERROR',
    );
  });

  it('calls every listener with every entry, and survives a failing listener', () => {
    const seen: MessageEntry[] = [];
    const log = new MessageLog(defaultProfile(), { onMessage: (entry) => seen.push(entry) });
    const second: string[] = [];
    log.onMessage((entry) => second.push(entry.tag));
    log.emit('ZONE', 'Zone10', 'ONE_SOA');
    expect(seen.map((e) => e.tag)).toEqual(['ONE_SOA']);
    expect(second).toEqual(['ONE_SOA']);
    log.onMessage((entry) => {
      if (entry.tag === 'MULTIPLE_SOA') throw new Error('listener broke');
    });
    log.emit('ZONE', 'Zone10', 'MULTIPLE_SOA', { ns: 'a', count: 2 });
    expect(log.entries().map((e) => e.tag)).toEqual(['ONE_SOA', 'MULTIPLE_SOA', 'LOGGER_CALLBACK_ERROR']);
    expect(String(log.entries()[2].args.exception)).toContain('listener broke');
  });

  it('filters by minimum level and reports the highest level', () => {
    const log = new MessageLog(defaultProfile());
    expect(log.highestLevel()).toBeUndefined();
    log.emit('BASIC', 'Basic01', 'B01_CHILD_FOUND', { domain: 'example' }); // INFO
    log.emit('BASIC', 'Basic02', 'B02_NS_NO_RESPONSE', { ns: 'ns1' }); // WARNING
    log.system('QUERY', { name: 'example', type: 'SOA', flags: '', ip: '127.0.0.1' }); // DEBUG2
    expect(log.filter('INFO').map((e) => e.tag)).toEqual(['B01_CHILD_FOUND', 'B02_NS_NO_RESPONSE']);
    expect(log.filter('WARNING').map((e) => e.tag)).toEqual(['B02_NS_NO_RESPONSE']);
    expect(log.filter('DEBUG3')).toHaveLength(3);
    expect(log.highestLevel()).toBe('WARNING');
  });

  it('emits SYSTEM messages in the Unspecified test case', () => {
    const log = new MessageLog(defaultProfile(), { startTime: Date.UTC(2024, 0, 2, 3, 4, 5) });
    const start = log.startTimeMessage();
    expect(start).toMatchObject({
      module: 'System',
      testcase: 'Unspecified',
      tag: 'START_TIME',
      level: 'DEBUG',
    });
    expect(start.args).toEqual({ time_t: 1704164645, string: '2024-01-02 03:04:05 +0000' });
    expect(log.system('NO_NETWORK').level).toBe('CRITICAL');
  });

  it('lists exactly the SYSTEM tags of the default profile', () => {
    expect(Object.keys(SYSTEM_TAGS).sort()).toEqual(Object.keys(defaultProfile().test_levels.SYSTEM).sort());
  });
});
