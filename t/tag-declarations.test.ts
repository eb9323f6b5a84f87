/**
 * A test case declares each tag's argument names as one space-separated string; its definition carries them as
 * lists, and its `emit` takes only declared tags with exactly those names. The `@ts-expect-error` lines are the
 * type half: `tsc` fails on them if a misspelled name, a missing one or an undeclared tag would compile.
 */
import { describe, expect, it } from 'vitest';
import {
  testCase,
  testModule,
  type RunnerContext,
  type TestContext,
} from '../src/engine/testcases/test-case.js';
import type { Args } from '../src/engine/types.js';

const TAGS = { UNEXPECTED_RCODE: 'ns rcode', NO_RESPONSE: '' } as const;

const probe01 = testCase({
  id: 'probe01',
  spec: 'docs/public/specifications/tests/Probe-TP/probe01.md',
  tags: TAGS,
  async run(ctx) {
    ctx.emit('UNEXPECTED_RCODE', { ns: 'ns1.xa/127.0.0.1', rcode: 'REFUSED' });
    ctx.emit('NO_RESPONSE');
  },
});

describe('tag declarations', () => {
  it('give the definition each tag with its list of argument names', () => {
    expect(probe01.tags).toEqual({ UNEXPECTED_RCODE: ['ns', 'rcode'], NO_RESPONSE: [] });
    const module = testModule({
      name: 'PROBE',
      displayName: 'Probe',
      version: 'v0',
      testCases: [probe01],
      tags: { QUERY_DROPPED: '' },
    });
    expect(module.tags).toEqual({
      TEST_CASE_START: ['testcase'],
      TEST_CASE_END: ['testcase'],
      QUERY_DROPPED: [],
    });
  });

  it('refuse a list that is not single-spaced names', () => {
    const declare = (list: string) => () =>
      testCase({ id: 'probe02', spec: '', tags: { BAD: list }, run: () => Promise.resolve() });
    expect(declare('ns  rcode')).toThrow(/BAD/);
    expect(declare(' ns')).toThrow(/BAD/);
    expect(declare('ns,rcode')).toThrow(/BAD/);
    expect(declare('ns rcode')).not.toThrow();
  });

  it('let the test case emit its declared tags with their arguments', async () => {
    const emitted: [string, Args | undefined][] = [];
    const emit = (tag: string, args?: Args) => emitted.push([tag, args]);
    await probe01.run({ emit } as unknown as RunnerContext);
    expect(emitted).toEqual([
      ['UNEXPECTED_RCODE', { ns: 'ns1.xa/127.0.0.1', rcode: 'REFUSED' }],
      ['NO_RESPONSE', undefined],
    ]);
  });

  it('type emit from the declarations (the compiler checks the calls below)', () => {
    const misuses = (ctx: TestContext<typeof TAGS>) => {
      // @ts-expect-error misspelled argument name
      ctx.emit('UNEXPECTED_RCODE', { ns: 'ns1.xa/127.0.0.1', rcod: 'REFUSED' });
      // @ts-expect-error argument missing
      ctx.emit('UNEXPECTED_RCODE', { ns: 'ns1.xa/127.0.0.1' });
      // @ts-expect-error arguments omitted for a tag that has some
      ctx.emit('UNEXPECTED_RCODE');
      // @ts-expect-error argument the declaration does not name
      ctx.emit('NO_RESPONSE', { ns: 'ns1.xa/127.0.0.1' });
      // @ts-expect-error undeclared tag
      ctx.emit('NO_RESPONSE_SOA_QUERY');
    };
    expect(misuses).toBeTypeOf('function');
  });
});
