import { DestroyRef, ElementRef, Injector, afterNextRender, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormGroup } from '@angular/forms';
import { Observable, finalize } from 'rxjs';
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
  const host = inject(ElementRef, { optional: true });
  const injector = inject(Injector);
  const saving = signal(false);

  /** Brings the first field with an error into view (long forms scroll inside their dialog). */
  const revealFirstError = () =>
    afterNextRender(
      () => {
        const element = host?.nativeElement as HTMLElement | undefined;
        const field = element?.querySelector('.mat-form-field-invalid, .mat-mdc-form-field-invalid');
        // Optional call: not every environment (e.g. jsdom) implements scrolling.
        field?.scrollIntoView?.({ block: 'center' });
      },
      { injector },
    );

  function submit<T>(request: () => Observable<T>, done: (result: T) => void): void {
    form.markAllAsTouched();
    if (form.invalid || saving()) {
      if (form.invalid) {
        revealFirstError();
      }
      return;
    }
    saving.set(true);
    request()
      .pipe(
        // Also when the request completes without a value (a caller that handled an error itself).
        finalize(() => saving.set(false)),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe({
        next: (result) => {
          saving.set(false);
          done(result);
        },
        error: (error: unknown) => {
          saving.set(false);
          const unshown = applyServerErrors(form, error, codeFields);
          if (!unshown) {
            revealFirstError();
          }
          // A 401 has already ended the session (see the interceptor).
          if (unshown && unshown.statusCode !== 401) {
            notifier.error(unshown);
          }
        },
      });
  }

  return { saving: saving.asReadonly(), submit };
}
