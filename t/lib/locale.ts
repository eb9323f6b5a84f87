/** Locale folders for tests that need languages beyond the catalogues the repository ships. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { po, type GetTextTranslations } from 'gettext-parser';
import { DEFAULT_LOCALE_DIR } from '../../src/engine/translator.js';

/** msgctxt → msgid → msgstr */
export type CatalogueTexts = Record<string, Record<string, string>>;

/** Writes a gettext catalogue with these texts. */
export function writeCatalogue(path: string, language: string, texts: CatalogueTexts): void {
  const translations: GetTextTranslations['translations'] = { '': { '': { msgid: '', msgstr: [''] } } };
  for (const [msgctxt, messages] of Object.entries(texts)) {
    translations[msgctxt] = {};
    for (const [msgid, msgstr] of Object.entries(messages))
      translations[msgctxt][msgid] = { msgctxt, msgid, msgstr: [msgstr] };
  }
  const headers = { 'Content-Type': 'text/plain; charset=UTF-8', Language: language };
  writeFileSync(path, po.compile({ charset: 'utf-8', headers, translations }));
}

/** A temporary locale folder: the repository's en.po plus the given made-up catalogues. */
export function localeDirWith(catalogues: Record<string, CatalogueTexts>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zmt-locale-'));
  copyFileSync(join(DEFAULT_LOCALE_DIR, 'en.po'), join(dir, 'en.po'));
  for (const [language, texts] of Object.entries(catalogues))
    writeCatalogue(join(dir, `${language}.po`), language, texts);
  return dir;
}
