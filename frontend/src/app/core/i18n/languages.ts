export const LANGUAGES = [
  { id: 'zh-CN', label: '中文' },
  { id: 'en', label: 'English' },
] as const;

export type Lang = (typeof LANGUAGES)[number]['id'];

export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_KEY = 'hcrm.lang';

export function isLang(value: unknown): value is Lang {
  return LANGUAGES.some((lang) => lang.id === value);
}

/** A name in the active language: the English variant when English is active and one exists. */
export function localized(lang: string, name: string, nameEn: string | null | undefined): string {
  return lang === 'en' && nameEn ? nameEn : name;
}
