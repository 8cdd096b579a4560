import { Signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, ValidationErrors } from '@angular/forms';
import { map, startWith, switchMap } from 'rxjs';

/**
 * The errors of the control a signal input holds, following its status, so that errors set later
 * (by the API) are shown at once. Call in an injection context (a field initializer).
 */
export function controlErrors(control: Signal<AbstractControl>): Signal<ValidationErrors | null | undefined> {
  return toSignal(
    toObservable(control).pipe(
      switchMap((c) =>
        c.events.pipe(
          startWith(null),
          map(() => c.errors),
        ),
      ),
    ),
  );
}
