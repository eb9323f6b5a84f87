/** The findings diff, case by case. */
import { describe, expect, it } from 'vitest';
import { diffFindings, findingIdentity, isEmptyDiff, type Finding } from '../src/findings/diff.js';

const f = (
  tag: string,
  level: string,
  args: Record<string, unknown> = {},
  testcase = 'Basic02',
): Finding => ({
  module: 'BASIC',
  testcase,
  tag,
  args,
  level,
});

describe('diffFindings', () => {
  it.each([
    {
      name: 'nothing changed',
      from: [f('A', 'INFO')],
      to: [f('A', 'INFO')],
      added: [],
      removed: [],
      changed: [],
    },
    { name: 'a finding appeared', from: [], to: [f('A', 'ERROR')], added: ['A'], removed: [], changed: [] },
    { name: 'a finding went away', from: [f('A', 'ERROR')], to: [], added: [], removed: ['A'], changed: [] },
    {
      name: 'same tag and args, another level',
      from: [f('A', 'NOTICE')],
      to: [f('A', 'ERROR')],
      added: [],
      removed: [],
      changed: ['A'],
    },
    {
      name: 'other args are another finding',
      from: [f('A', 'INFO', { ns: 'a' })],
      to: [f('A', 'INFO', { ns: 'b' })],
      added: ['A'],
      removed: ['A'],
      changed: [],
    },
    {
      name: 'argument order does not matter',
      from: [f('A', 'INFO', { x: 1, y: 2 })],
      to: [f('A', 'INFO', { y: 2, x: 1 })],
      added: [],
      removed: [],
      changed: [],
    },
    {
      name: 'another test case is another finding',
      from: [f('A', 'INFO', {}, 'Basic01')],
      to: [f('A', 'INFO', {}, 'Basic02')],
      added: ['A'],
      removed: ['A'],
      changed: [],
    },
    {
      name: 'order of findings does not matter',
      from: [f('A', 'INFO'), f('B', 'INFO')],
      to: [f('B', 'INFO'), f('A', 'INFO')],
      added: [],
      removed: [],
      changed: [],
    },
  ])('$name', ({ from, to, added, removed, changed }) => {
    const diff = diffFindings(from, to);
    expect(diff.added.map((x) => x.tag)).toEqual(added);
    expect(diff.removed.map((x) => x.tag)).toEqual(removed);
    expect(diff.changed.map((x) => x.tag)).toEqual(changed);
    expect(isEmptyDiff(diff)).toBe(added.length + removed.length + changed.length === 0);
  });

  it('reports the earlier level of a changed finding', () => {
    expect(diffFindings([f('A', 'WARNING')], [f('A', 'CRITICAL')]).changed).toEqual([
      { ...f('A', 'CRITICAL'), from_level: 'WARNING' },
    ]);
  });

  it('a finding repeated in one test counts once, at its most severe level', () => {
    const diff = diffFindings([f('A', 'INFO'), f('A', 'ERROR')], [f('A', 'ERROR')]);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('the identity ignores the level', () => {
    expect(findingIdentity(f('A', 'INFO', { a: 1 }))).toBe(findingIdentity(f('A', 'ERROR', { a: 1 })));
  });
});
