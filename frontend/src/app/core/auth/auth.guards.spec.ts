import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, CanActivateFn, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { Notifier } from '../notify/notifier';
import { authGuard, guestGuard, permissionGuard, safeReturnUrl } from './auth.guards';
import { AuthStore } from './auth.store';
import { aLogin } from './testing';

describe('route guards', () => {
  let notifier: { warn: jest.Mock };

  beforeEach(() => {
    localStorage.clear();
    notifier = { warn: jest.fn() };
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: Notifier, useValue: notifier }],
    });
  });

  const run = (guard: CanActivateFn, url = '/users') =>
    TestBed.runInInjectionContext(() =>
      guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    );
  const signIn = (permissions: string[]) => TestBed.inject(AuthStore).setSession(aLogin({ permissions }));
  const serialize = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);

  describe('permissionGuard', () => {
    it('lets a user with the permission through', () => {
      signIn(['user.read']);
      expect(run(permissionGuard('user.read'))).toBe(true);
      expect(notifier.warn).not.toHaveBeenCalled();
    });

    it('sends a user without the permission home and says why', () => {
      signIn(['dictionary.read']);
      const result = run(permissionGuard('user.read'));
      expect(result).toBeInstanceOf(UrlTree);
      expect(serialize(result)).toBe('/');
      expect(notifier.warn).toHaveBeenCalledWith('auth.noPermission');
    });

    it('does not accept a different permission of the same area', () => {
      signIn(['audit.read']);
      expect(run(permissionGuard('department.read'))).toBeInstanceOf(UrlTree);
    });
  });

  describe('authGuard', () => {
    it('lets a signed-in user through', () => {
      signIn([]);
      expect(run(authGuard)).toBe(true);
    });

    it('sends everyone else to sign-in with the requested URL as returnUrl', () => {
      const result = run(authGuard, '/audit?page=2');
      expect(serialize(result)).toBe('/sign-in?returnUrl=%2Faudit%3Fpage%3D2');
    });
  });

  describe('guestGuard', () => {
    it('sends a signed-in user away from the sign-in page', () => {
      signIn([]);
      expect(serialize(run(guestGuard, '/sign-in'))).toBe('/');
    });

    it('shows the sign-in page to everyone else', () => {
      expect(run(guestGuard, '/sign-in')).toBe(true);
    });
  });

  describe('safeReturnUrl', () => {
    it.each([
      ['/users?page=2', '/users?page=2'],
      ['/', '/'],
      [undefined, '/'],
      ['', '/'],
      ['https://evil.example/', '/'],
      ['//evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['/sign-in?returnUrl=/users', '/'],
    ])('%s → %s', (input, expected) => {
      expect(safeReturnUrl(input)).toBe(expected);
    });
  });
});
