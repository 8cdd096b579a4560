import { Pipe, PipeTransform, inject } from '@angular/core';
import { formatDate, formatNumber } from '@angular/common';
import { LanguageService } from './language.service';
import { localized } from './languages';
import { DepartmentRef } from '../auth/auth.models';

/*
 * Impure on purpose: they read the active language signal, so a language switch re-renders them.
 * Each keeps its last result to stay cheap between change detections.
 */

/** `value | appDate: 'medium'` — a date in the active language's locale. */
@Pipe({ name: 'appDate', pure: false })
export class AppDatePipe implements PipeTransform {
  private readonly language = inject(LanguageService);
  private last: { key: string; result: string } | null = null;

  transform(value: string | Date | null | undefined, format = 'medium'): string {
    if (value === null || value === undefined || value === '') {
      return '';
    }
    const lang = this.language.active();
    const key = `${lang}|${format}|${value instanceof Date ? value.toISOString() : value}`;
    if (this.last?.key !== key) {
      this.last = { key, result: formatDate(value, format, lang) };
    }
    return this.last.result;
  }
}

/** `value | appNumber` — a number in the active language's locale. */
@Pipe({ name: 'appNumber', pure: false })
export class AppNumberPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: number | null | undefined, digitsInfo?: string): string {
    return value === null || value === undefined ? '' : formatNumber(value, this.language.active(), digitsInfo);
  }
}

/** `dept.name | localized: dept.nameEn` — the English variant when English is active and present. */
@Pipe({ name: 'localized', pure: false })
export class LocalizedPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(name: string | null | undefined, nameEn?: string | null): string {
    return localized(this.language.active(), name ?? '', nameEn);
  }
}

/** `action | translateOr: 'audit.actions.'` — the translation of prefix + value when one exists, else the raw value. */
@Pipe({ name: 'translateOr', pure: false })
export class TranslateOrPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: string | null | undefined, prefix: string): string {
    if (!value) {
      return '';
    }
    this.language.active();
    const key = prefix + value;
    return this.language.has(key) ? this.language.t(key) : value;
  }
}

/** `user.roles | roleNames` — the translated role names as one list in the active language. */
@Pipe({ name: 'roleNames', pure: false })
export class RoleNamesPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(roles: readonly string[] | null | undefined): string {
    this.language.active();
    return (roles ?? []).map((role) => this.language.t(`roles.${role}`)).join(this.language.t('common.separator'));
  }
}

/** `user.departments | departmentNames` — department names in the active language as one list. */
@Pipe({ name: 'departmentNames', pure: false })
export class DepartmentNamesPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(departments: readonly Pick<DepartmentRef, 'name' | 'nameEn'>[] | null | undefined): string {
    const lang = this.language.active();
    return (departments ?? [])
      .map((d) => localized(lang, d.name, d.nameEn))
      .join(this.language.t('common.separator'));
  }
}
