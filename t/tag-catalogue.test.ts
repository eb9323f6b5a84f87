/**
 * The tag catalogue is derived from the test cases' declarations: every tag a run emits is declared (by its
 * test case, its module or SYSTEM), and every declared tag has a text in every locale catalogue there is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { po } from 'gettext-parser';
import { describe, expect, it } from 'vitest';
import { defaultProfile, mergeProfile } from '../src/engine/profile.js';
import { runTest } from '../src/engine/run.js';
import { tagCatalogue, type TagCatalogue } from '../src/engine/testcases/catalogue.js';
import { allTestCases } from '../src/engine/testcases/registry.js';
import { DEFAULT_LOCALE_DIR } from '../src/engine/translator.js';
import { BACKEND_TAGS } from '../src/db/queue/backendMessages.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/reference-recordings/', import.meta.url));
const catalogue: TagCatalogue = {
  ...tagCatalogue(),
  BACKEND: Object.fromEntries(Object.entries(BACKEND_TAGS).map(([t, a]) => [t, { args: a, testcases: [] }])),
};
const locales = readdirSync(DEFAULT_LOCALE_DIR).filter((f) => f.endsWith('.po'));

describe('tag catalogue', () => {
  it('has every test case, each with a specification and its tags', () => {
    expect(allTestCases()).toHaveLength(73);
    for (const tc of allTestCases()) {
      expect(tc.spec, tc.id).toMatch(/^docs\/public\/specifications\/tests\/[A-Za-z]+-TP\/[a-z]+\d\d\.md$/);
      for (const tag of Object.keys(tc.tags))
        expect(catalogue[tc.module]?.[tag]?.testcases, tag).toContain(tc.name);
    }
  });

  it('declares every tag the default profile gives a level', () => {
    const levels = defaultProfile().test_levels;
    const inProfile = Object.entries(levels).flatMap(([m, tags]) =>
      Object.keys(tags).map((t) => `${m} ${t}`),
    );
    const declared = Object.entries(catalogue)
      .filter(([m]) => m !== 'BACKEND')
      .flatMap(([m, tags]) => Object.keys(tags).map((t) => `${m} ${t}`));
    expect(inProfile.filter((t) => !declared.includes(t))).toEqual([]);
  });

  it.each(['good-signed.xa', 'lame-refused.xa', 'no-glue.xa', 'undelegated.xa'])(
    'declares every tag a full run of the recording of %s emits, with its argument names',
    async (domain) => {
      const expected = JSON.parse(readFileSync(`${FIXTURES}${domain}.expected.json`, 'utf8')) as {
        nameservers: { ns: string; ip: string }[];
      };
      const result = await runTest({
        domain,
        profile: mergeProfile(defaultProfile(), JSON.parse(readFileSync(`${FIXTURES}profile.json`, 'utf8'))),
        restore: readFileSync(`${FIXTURES}${domain}.data`, 'utf8'),
        hintsFile: `${FIXTURES}root.hints`,
        ...(expected.nameservers.length > 0 ? { nameservers: expected.nameservers } : {}),
      });
      const problems: string[] = [];
      for (const m of result.messages) {
        const entry = catalogue[m.module.toUpperCase()]?.[m.tag];
        if (!entry) problems.push(`${m.module} ${m.tag} is not declared`);
        else if (m.module !== 'System') {
          const extra = Object.keys(m.args).filter((a) => !entry.args.includes(a));
          if (extra.length > 0) problems.push(`${m.module} ${m.tag} has undeclared ${extra.join(', ')}`);
        }
      }
      expect([...new Set(problems)]).toEqual([]);
    },
  );

  it.each(locales)('%s has a text for every declared tag', (file) => {
    const parsed = po.parse(readFileSync(join(DEFAULT_LOCALE_DIR, file)));
    const missing = Object.entries(catalogue).flatMap(([module, tags]) =>
      Object.keys(tags)
        .filter((tag) => !parsed.translations[module]?.[tag]?.msgstr[0])
        .map((t) => `${module} ${t}`),
    );
    expect(missing).toEqual([]);
  });
});
