/**
 * The shared answer cache and the per-server politeness ceiling: unit behaviour, and on a registry's world
 * (t/lib/tld-world.ts) the proof that matters: every test's findings and recording are the same with the
 * cache on and off, while the root and TLD servers are asked far less.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsContext } from '../src/engine/dns/context.js';
import { createNameserver } from '../src/engine/dns/nameserver.js';
import { PolitenessLimiter } from '../src/engine/dns/politeness.js';
import { answerTtl, SharedAnswerCache, type SharedAnswer } from '../src/engine/dns/shared-cache.js';
import { SharedScope } from '../src/engine/dns/shared-scope.js';
import { decodeResponse } from '../src/engine/dns/codec.js';
import type { Packet } from '../src/engine/dns/types.js';
import { runTest } from '../src/engine/run.js';
import type { RunOptions } from '../src/engine/types.js';
import { encodeMessage, type RecordSpec } from '../src/engine/dns/encoder.js';
import { testProfile } from './lib/engine.js';
import { comparable, recordedQuestions } from './lib/same-results.js';
import type { LoggedQuery } from './lib/dns-server.js';
import { startTldWorld, type TldWorld } from './lib/tld-world.js';

const answer = (tag: number): SharedAnswer => ({ response: null, arrived: tag });

function packet(sections: Partial<Record<'answer' | 'authority' | 'additional', RecordSpec[]>>): Packet {
  const raw = encodeMessage({ id: 1, question: [{ name: 'x.test', type: 'A' }], ...sections });
  return decodeResponse(raw, {
    from: { address: '127.0.0.1', port: 53 },
    querytime: 1,
    tcp: false,
  }) as Packet;
}

describe('SharedAnswerCache', () => {
  it('keeps an answer for its TTL, capped by maxTtl', () => {
    let now = 1_000_000;
    const cache = new SharedAnswerCache({ maxEntries: 10, maxTtl: 60, now: () => now });
    cache.set('short', answer(1), 5);
    cache.set('long', answer(2), 3600);
    cache.set('zero', answer(3), 0);
    expect(cache.get('short')?.arrived).toBe(1);
    expect(cache.get('zero')).toBeUndefined();
    now += 5_001;
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('long')?.arrived).toBe(2);
    now += 55_000;
    expect(cache.get('long')).toBeUndefined();
  });

  it('drops the least recently used entry above its size', () => {
    const cache = new SharedAnswerCache({ maxEntries: 2 });
    cache.set('a', answer(1), 60);
    cache.set('b', answer(2), 60);
    cache.get('a');
    cache.set('c', answer(3), 60);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.arrived).toBe(1);
    expect(cache.get('c')?.arrived).toBe(3);
    expect(cache.stats.entries).toBe(2);
  });

  it('asks once for concurrent askers, and lets a waiter ask again when the asker gives up', async () => {
    const cache = new SharedAnswerCache({ maxEntries: 10 });
    let asked = 0;
    const ask = async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 20));
      return { answer: answer(7), ttl: 60 };
    };
    const all = await Promise.all([
      cache.resolve('k', ask),
      cache.resolve('k', ask),
      cache.resolve('k', ask),
    ]);
    expect(asked).toBe(1);
    expect(all.map((r) => r?.shared)).toEqual([false, true, true]);
    let gaveUp = 0;
    const giveUp = async () => {
      gaveUp++;
      await new Promise((r) => setTimeout(r, 10));
      return undefined;
    };
    const [first, second] = await Promise.all([cache.resolve('g', giveUp), cache.resolve('g', giveUp)]);
    expect(first).toBeUndefined();
    expect(second).toBeUndefined();
    expect(gaveUp).toBe(2);
    // A waiter whose run is aborted stops waiting for the asker.
    const stop = new AbortController();
    const slow = () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000));
    const started = performance.now();
    const asking = cache.resolve('s', slow);
    const waiting = cache.resolve('s', slow, stop.signal);
    setTimeout(() => stop.abort(), 20);
    expect(await waiting).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1500);
    await asking;
  });

  it('takes the smallest TTL, and a negative answer the SOA minimum', () => {
    const soa = (ttl: number, minimum: number): RecordSpec => ({
      name: 'test',
      type: 'SOA',
      ttl,
      data: { mname: 'ns', rname: 'h', serial: 1, refresh: 1, retry: 1, expire: 1, minimum },
    });
    expect(
      answerTtl(
        packet({
          answer: [
            { name: 'x.test', type: 'A', ttl: 300, data: '127.0.0.1' },
            { name: 'x.test', type: 'A', ttl: 60, data: '127.0.0.2' },
          ],
        }),
      ),
    ).toBe(60);
    expect(answerTtl(packet({ authority: [soa(3600, 300)] }))).toBe(300);
    expect(answerTtl(packet({ authority: [soa(100, 300)] }))).toBe(100);
    expect(answerTtl(packet({}))).toBe(0);
  });
});

describe('SharedScope', () => {
  it('never shares names in the tested zone or overridden, nor the zone’s own servers once seen', () => {
    const scope = new SharedScope(new SharedAnswerCache({ maxEntries: 1 }), {
      zone: 'child.test',
      overridden: ['ns.given.example'],
      ownAddresses: ['127.0.0.5'],
    });
    expect(scope.allows('127.0.0.1', 'test')).toBe(true);
    expect(scope.allows('127.0.0.1', 'CHILD.test')).toBe(false);
    expect(scope.allows('127.0.0.1', 'www.child.test')).toBe(false);
    expect(scope.allows('127.0.0.1', 'ns.given.example')).toBe(false);
    expect(scope.allows('127.0.0.5', 'test')).toBe(false);
    // A referral naming the zone's servers, then their address from elsewhere.
    scope.observe(
      packet({ authority: [{ name: 'child.test', type: 'NS', ttl: 60, data: 'ns1.hoster.example' }] }),
    );
    expect(scope.allows('127.0.0.9', 'test')).toBe(true);
    scope.observe(
      packet({ answer: [{ name: 'ns1.hoster.example', type: 'A', ttl: 60, data: '127.0.0.9' }] }),
    );
    expect(scope.allows('127.0.0.9', 'test')).toBe(false);
    // A given name server without an address: its address, once found, is the zone's own.
    expect(scope.allows('127.0.0.10', 'test')).toBe(true);
    scope.observe(packet({ answer: [{ name: 'ns.given.example', type: 'A', ttl: 60, data: '127.0.0.10' }] }));
    expect(scope.allows('127.0.0.10', 'test')).toBe(false);
  });
});

describe('PolitenessLimiter', () => {
  it('spaces the queries to one address and leaves other addresses alone', async () => {
    const limiter = new PolitenessLimiter(20);
    const start = performance.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 11 }, () =>
        limiter.turn('127.0.0.1').then(() => times.push(performance.now() - start)),
      ),
    );
    const other = performance.now();
    await limiter.turn('127.0.0.2');
    expect(performance.now() - other).toBeLessThan(40);
    // 11 queries at 20 per second: the last leaves after 500 ms at the earliest.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(490);
    expect(limiter.delayedQueries).toBe(10);
  });

  it('stops waiting when the run is aborted', async () => {
    const limiter = new PolitenessLimiter(1);
    await limiter.turn('127.0.0.1');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 20);
    const start = performance.now();
    await limiter.turn('127.0.0.1', stop.signal);
    expect(performance.now() - start).toBeLessThan(900);
  });
});

describe('a registry’s batch with the shared cache', () => {
  let world: TldWorld;
  const profile = testProfile();
  beforeAll(async () => {
    world = await startTldWorld(6, '127.63');
  });
  afterAll(async () => {
    await world.stop();
  });

  async function run(domain: string, extra: Partial<RunOptions> = {}) {
    const before = world.tree.server.log.length;
    const result = await runTest({ domain, profile, hintsFile: world.hintsFile, port: world.port, ...extra });
    const asked = world.tree.server.log.slice(before);
    const to = (servers: { address: string }[]) =>
      asked.filter((q) => servers.some((s) => s.address === q.address)).length;
    return {
      messages: comparable(result.messages),
      recorded: recordedQuestions(result.save()),
      above: to([...world.root, ...world.tldServers]),
      own: to(world.hoster),
      ownQuestions: questionsTo(world.hoster, asked),
    };
  }

  /** The distinct questions these servers were asked (a retransmission is the same question). */
  function questionsTo(servers: { address: string }[], asked: LoggedQuery[]): string[] {
    const own = asked.filter((q) => servers.some((s) => s.address === q.address));
    const spelled = own.map(
      (q) => `${q.address} ${q.name.toLowerCase()} ${q.type} ${q.tcp} ${q.edns} ${q.do} ${q.rd}`,
    );
    return [...new Set(spelled)].sort();
  }

  it('gives every test the same findings and recording, and asks the root and TLD servers less', async () => {
    const cache = new SharedAnswerCache({ maxEntries: 10_000 });
    const without = [];
    for (const d of world.domains) without.push(await run(d));
    // Concurrently, as an agent runs them (so the counts of each run overlap: compare the totals).
    const before = world.tree.server.log.length;
    const withCache = await Promise.all(world.domains.map((d) => run(d, { sharedCache: cache })));
    const asked = world.tree.server.log.slice(before);
    for (let i = 0; i < world.domains.length; i++) {
      expect(withCache[i]!.messages).toEqual(without[i]!.messages);
      expect(withCache[i]!.recorded).toEqual(without[i]!.recorded);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const count = (servers: { address: string }[]) =>
      asked.filter((q) => servers.some((s) => s.address === q.address)).length;
    // The zone's own servers are never answered from the cache: they are asked every question they were asked
    // without it (counted as distinct questions: a busy machine retransmits a query now and then, in either run).
    const ownWithout = [...new Set(without.flatMap((r) => r.ownQuestions))].sort();
    expect(questionsTo(world.hoster, asked)).toEqual(ownWithout);
    // and as often, but for a few retransmissions (sharing their answers would halve the count)
    expect(count(world.hoster)).toBeGreaterThanOrEqual(sum(without.map((r) => r.own)) * 0.95);
    expect(count([...world.root, ...world.tldServers])).toBeLessThan(sum(without.map((r) => r.above)) / 2);
    expect(cache.stats.hits).toBeGreaterThan(0);
  });

  it('gives an undelegated test the same findings, its given servers asked as often', async () => {
    const cache = new SharedAnswerCache({ maxEntries: 10_000 });
    // Warm the cache with a normal test of a sibling.
    await run(world.domains[1]!, { sharedCache: cache });
    const nameservers = world.hoster.map((h) => ({ ns: h.name, ip: h.address }));
    const plain = await run(world.domains[0]!, { nameservers });
    const shared = await run(world.domains[0]!, { nameservers, sharedCache: cache });
    expect(shared.messages).toEqual(plain.messages);
    expect(shared.recorded).toEqual(plain.recorded);
    // every question again, as often but for a retransmission or two in either run
    expect(shared.ownQuestions).toEqual(plain.ownQuestions);
    expect(shared.own).toBeGreaterThanOrEqual(plain.own * 0.95);
  });

  it('keys on the exact query name: another case is asked again', async () => {
    const cache = new SharedAnswerCache({ maxEntries: 100 });
    const tld = world.tldServers[0]!;
    const before = world.tree.server.log.length;
    for (const name of ['Reg', 'reg', 'Reg']) {
      const ctx = createDnsContext({
        port: world.port,
        shared: new SharedScope(cache, { zone: 'other.example' }),
      });
      await createNameserver(tld.name, tld.address, ctx).query(name, 'SOA');
    }
    expect(world.tree.server.log.length - before).toBe(2);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });
});
