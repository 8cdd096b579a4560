import { DOCUMENT, registerLocaleData } from '@angular/common';
import localeZh from '@angular/common/locales/zh';
import { Injectable, inject } from '@angular/core';
import { DateAdapter } from '@angular/material/core';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { DEFAULT_LANG, LANG_KEY, Lang, isLang } from './languages';

registerLocaleData(localeZh, 'zh-CN');

/**
 * The console language: loads its translations before switching (so synchronous translations never
 * see missing keys), remembers the choice and keeps `<html lang>` and the date pickers in step.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly dateAdapter = inject(DateAdapter, { optional: true });

  /** The active language id (`zh-CN` or `en`); reactive. */
  readonly active = this.transloco.activeLang;

  init(): Promise<void> {
    const stored = localStorage.getItem(LANG_KEY);
    return this.use(isLang(stored) ? stored : DEFAULT_LANG);
  }

  async use(lang: Lang): Promise<void> {
    await firstValueFrom(this.transloco.load(lang));
    this.transloco.setActiveLang(lang);
    localStorage.setItem(LANG_KEY, lang);
    this.document.documentElement.lang = lang;
    this.dateAdapter?.setLocale(lang);
  }

  /** Synchronous translation in the active language. */
  t(key: string, params?: Record<string, unknown>): string {
    return this.transloco.translate(key, params);
  }

  /** Whether the active language has a translation for `key`. */
  has(key: string): boolean {
    const translation = this.transloco.getTranslation(this.transloco.getActiveLang());
    return typeof translation[key] === 'string';
  }
}
