import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ApiError } from '../api/api-error';
import { ErrorText } from '../i18n/error-text';
import { LanguageService } from '../i18n/language.service';

/** Translated snackbar messages. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly language = inject(LanguageService);
  private readonly errorText = inject(ErrorText);

  success(key: string, params?: Record<string, unknown>): void {
    this.show(this.language.t(key, params), 4000);
  }

  warn(key: string, params?: Record<string, unknown>): void {
    this.show(this.language.t(key, params), 6000);
  }

  error(error: ApiError): void {
    const text = this.errorText.describe(error);
    const reference =
      error.correlationId && error.statusCode >= 500
      ? ` (${this.language.t('errors.reference', { id: error.correlationId })})`
      : '';
    this.show(text + reference, 8000);
  }

  private show(message: string, duration: number): void {
    this.snackBar.open(message, this.language.t('common.close'), { duration });
  }
}
