import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Who deals with a failed API call.
 * - `notify` (default): the interceptor shows a translated snackbar; a 401 ends the session.
 * - `inline`: the caller shows the error itself (e.g. field errors in a form); a 401 that is not a
 *   credentials check still ends the session.
 * - `silent`: the interceptor leaves the error entirely to the caller (sign-in, sign-out, session restore).
 */
export type ErrorMode = 'notify' | 'inline' | 'silent';

export const ERROR_MODE = new HttpContextToken<ErrorMode>(() => 'notify');

export function errorMode(mode: ErrorMode): HttpContext {
  return new HttpContext().set(ERROR_MODE, mode);
}
