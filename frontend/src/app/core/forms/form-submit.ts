import { DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormGroup } from '@angular/forms';
import { Observable } from 'rxjs';
import { Notifier } from '../notify/notifier';
import { CodeFields, applyServerErrors } from './server-errors';

/**
 * Save handling for a form whose API call uses `errorMode('inline')`: blocks double submits, puts
 * API field errors on the controls and reports anything else in a snackbar.
 * Call in an injection context (a field initializer).
 */
export function formSubmit(form: FormGroup, codeFields: CodeFields = {}) {
  const notifier = inject(Notifier);
  const destroyRef = inject(DestroyRef);
  const saving = signal(false);

  function submit<T>(request: () => Observable<T>, done: (result: T) => void): void {
    form.markAllAsTouched();
    if (form.invalid || saving()) {
      return;
    }
    saving.set(true);
    request()
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe({
        next: (result) => {
          saving.set(false);
          done(result);
        },
        error: (error: unknown) => {
          saving.set(false);
          const unshown = applyServerErrors(form, error, codeFields);
          // A 401 has already ended the session (see the interceptor).
          if (unshown && unshown.statusCode !== 401) {
            notifier.error(unshown);
          }
        },
      });
  }

  return { saving: saving.asReadonly(), submit };
}
