import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Notifier } from '../notify/notifier';
import { AuthStore } from './auth.store';
import { Permission } from './auth.models';

/** Lets signed-in users through; sends everyone else to sign-in, remembering where they wanted to go. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthStore).isAuthenticated()) {
    return true;
  }
  return inject(Router).createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** Keeps signed-in users away from the sign-in page. */
export const guestGuard: CanActivateFn = () =>
  inject(AuthStore).isAuthenticated() ? inject(Router).createUrlTree(['/']) : true;

/** Lets the route through when the user holds `permission`; otherwise goes home and says why. */
export function permissionGuard(permission: Permission): CanActivateFn {
  return () => {
    if (inject(AuthStore).hasPermission(permission)) {
      return true;
    }
    inject(Notifier).warn('auth.noPermission');
    return inject(Router).createUrlTree(['/']);
  };
}

/** Only internal paths are accepted as the place to go after sign-in. */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return '/';
  }
  return returnUrl.startsWith('/sign-in') ? '/' : returnUrl;
}
