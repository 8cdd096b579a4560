import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { ERROR_MODE } from '../api/error-mode';
import { toApiError } from '../api/api-error';
import { AuthStore } from '../auth/auth.store';
import { Notifier } from '../notify/notifier';

const LOGIN_URL = '/api/auth/login';

/**
 * For every `/api` call: adds the bearer token and the chosen department, ends the session on a 401
 * (except for the sign-in call itself and wrong-password checks) and shows other errors as a
 * translated snackbar unless the caller handles them (see `ERROR_MODE`).
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/api/')) {
    return next(req);
  }
  const store = inject(AuthStore);
  const router = inject(Router);
  const notifier = inject(Notifier);

  const setHeaders: Record<string, string> = {};
  const token = store.token();
  if (token) {
    setHeaders['Authorization'] = `Bearer ${token}`;
  }
  const departmentId = store.departmentId();
  if (departmentId && !req.url.startsWith('/api/auth/')) {
    setHeaders['X-Department-Id'] = departmentId;
  }

  return next(req.clone({ setHeaders })).pipe(
    catchError((error: unknown) => {
      // The sign-in page always shows its own errors.
      const mode = req.url === LOGIN_URL ? 'silent' : req.context.get(ERROR_MODE);
      if (!(error instanceof HttpErrorResponse) || mode === 'silent') {
        return throwError(() => error);
      }
      const apiError = toApiError(error);
      if (error.status === 401 && apiError.code !== 'AUTH_INVALID_CREDENTIALS') {
        // Only the first of several concurrent 401s signs out and redirects.
        if (store.isAuthenticated()) {
          const current = router.url;
          store.clear();
          notifier.warn('auth.sessionExpired');
          void router.navigate(['/sign-in'], {
            queryParams: current.startsWith('/sign-in') ? {} : { returnUrl: current },
          });
        }
      } else if (mode === 'notify') {
        notifier.error(apiError);
      }
      return throwError(() => error);
    }),
  );
};
