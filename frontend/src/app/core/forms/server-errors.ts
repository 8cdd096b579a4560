import { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { ApiError, toApiError } from '../api/api-error';

/** A control error that came from the API (`fields` map, a conflict or a weak password). */
export interface ServerFieldError {
  code: string;
  messages: string[];
}

/** Error codes without `fields` that belong to one control, e.g. `{ CONFLICT: 'username' }`. */
export type CodeFields = Partial<Record<string, string>>;

/**
 * Puts the API's field errors on the matching form controls; errors named in `codeFields` go on
 * their control. Returns the error when it could not be shown on a control, so the caller can show it
 * otherwise.
 */
export function applyServerErrors(form: FormGroup, error: unknown, codeFields: CodeFields = {}): ApiError | null {
  const apiError = toApiError(error);
  let shown = false;
  const put = (path: string, messages: string[]) => {
    const control = findControl(form, path);
    if (control) {
      const server: ServerFieldError = { code: apiError.code, messages };
      control.setErrors({ ...(control.errors ?? {}), server });
      control.markAsTouched();
      shown = true;
    }
  };
  for (const [path, messages] of Object.entries(apiError.fields ?? {})) {
    put(path, messages);
  }
  const codeField = codeFields[apiError.code];
  if (!shown && codeField) {
    put(codeField, [apiError.message]);
  }
  return shown ? null : apiError;
}

function findControl(form: FormGroup, path: string): AbstractControl | null {
  return form.get(path) ?? form.get(path.split('.')[0]) ?? null;
}

/** Validator: the control's value must equal the sibling control `other` (e.g. password confirmation). */
export function matchesControl(other: string) {
  return (control: AbstractControl): ValidationErrors | null => {
    const sibling = control.parent?.get(other);
    return sibling && control.value !== sibling.value ? { mismatch: true } : null;
  };
}
