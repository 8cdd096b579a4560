import { Injectable, inject } from '@angular/core';
import { formatDate } from '@angular/common';
import { ApiError } from '../api/api-error';
import { LanguageService } from './language.service';

/** Turns an API error into a readable sentence in the active language: by `code`, else its message. */
@Injectable({ providedIn: 'root' })
export class ErrorText {
  private readonly language = inject(LanguageService);

  describe(error: ApiError): string {
    const key = `errors.${error.code}`;
    if (!this.language.has(key)) {
      return error.message || this.language.t('errors.UNKNOWN_ERROR');
    }
    const detail = error.details?.['detail'];
    return this.language.t(key, { lockedUntil: this.lockedUntil(error), detail: typeof detail === 'string' ? detail : '' });
  }

  private lockedUntil(error: ApiError): string {
    const value = error.details?.['lockedUntil'];
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      return '';
    }
    return formatDate(value, 'medium', this.language.active());
  }
}
