import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_DIR } from './env';

export type Lang = 'zh-CN' | 'en';

const cache = new Map<Lang, Record<string, unknown>>();

/** The translation file the server under test serves (dist/frontend/browser/i18n/<lang>.json). */
function translations(lang: Lang): Record<string, unknown> {
  let table = cache.get(lang);
  if (!table) {
    table = JSON.parse(readFileSync(join(CONSOLE_DIR, 'i18n', `${lang}.json`), 'utf8')) as Record<string, unknown>;
    cache.set(lang, table);
  }
  return table;
}

/**
 * The expected text of a translation key, e.g. `t('en', 'nav.users')` → `Users`; `{{ name }}`
 * placeholders are filled from `params`. Throws when the key is missing, so a test never compares
 * against `undefined`.
 */
export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = translations(lang);
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`[e2e] no "${key}" string in the ${lang} translations`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => (name in params ? String(params[name]) : `{{ ${name} }}`));
}

/** A translated template as a RegExp whose placeholders match any text, e.g. the locked message with its time. */
export function tPattern(lang: Lang, key: string): RegExp {
  const escaped = t(lang, key)
    .split(/\{\{\s*\w+\s*\}\}/)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(.+)');
  return new RegExp(`^${escaped}$`);
}
