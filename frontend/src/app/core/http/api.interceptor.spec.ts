import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { errorMode } from '../api/error-mode';
import { AuthStore } from '../auth/auth.store';
import { aLogin } from '../auth/testing';
import { Notifier } from '../notify/notifier';
import { apiInterceptor } from './api.interceptor';

describe('apiInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let store: AuthStore;
  let router: Router;
  let notifier: { warn: jest.Mock; error: jest.Mock };

  beforeEach(() => {
    localStorage.clear();
    notifier = { warn: jest.fn(), error: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: notifier },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(router, 'url', 'get').mockReturnValue('/users?page=3');
  });

  afterEach(() => backend.verify());

  /** Sends a request and returns the error it fails with (or undefined). */
  const call = (url: string, options: Parameters<HttpClient['get']>[1] = {}) => {
    const result = firstValueFrom(http.get(url, options)).then(
      () => undefined,
      (error: unknown) => error,
    );
    return { req: backend.expectOne(url), result };
  };
  const apiError = (code: string, status: number) => ({ statusCode: status, code, message: code, correlationId: 'c-1' });

  describe('headers', () => {
    it('adds the bearer token to API calls', async () => {
      store.setSession(aLogin());
      const { req, result } = call('/api/users');
      expect(req.request.headers.get('Authorization')).toBe('Bearer token-123');
      req.flush({});
      await result;
    });

    it('adds nothing when signed out', async () => {
      const { req, result } = call('/api/health');
      expect(req.request.headers.has('Authorization')).toBe(false);
      expect(req.request.headers.has('X-Department-Id')).toBe(false);
      req.flush({});
      await result;
    });

    it('leaves requests outside /api alone (translations)', async () => {
      store.setSession(aLogin());
      store.selectDepartment('d-1');
      const { req, result } = call('/i18n/en.json');
      expect(req.request.headers.has('Authorization')).toBe(false);
      expect(req.request.headers.has('X-Department-Id')).toBe(false);
      req.flush({});
      await result;
    });

    it('adds X-Department-Id when a department is chosen', async () => {
      store.setSession(aLogin());
      store.selectDepartment('d-2');
      const { req, result } = call('/api/users');
      expect(req.request.headers.get('X-Department-Id')).toBe('d-2');
      req.flush({});
      await result;
    });

    it('sends no X-Department-Id for "all my departments" or to /api/auth', async () => {
      store.setSession(aLogin());
      const all = call('/api/users');
      expect(all.req.request.headers.has('X-Department-Id')).toBe(false);
      all.req.flush({});
      await all.result;

      store.selectDepartment('d-1');
      const me = call('/api/auth/me');
      expect(me.req.request.headers.has('X-Department-Id')).toBe(false);
      me.req.flush({});
      await me.result;
    });
  });

  describe('401', () => {
    it('ends the session, goes to sign-in with the current URL and says so', async () => {
      store.setSession(aLogin());
      const { req, result } = call('/api/users');
      req.flush(apiError('AUTH_REQUIRED', 401), { status: 401, statusText: 'Unauthorized' });
      await result;

      expect(store.isAuthenticated()).toBe(false);
      expect(router.navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/users?page=3' } });
      expect(notifier.warn).toHaveBeenCalledWith('auth.sessionExpired');
      expect(notifier.error).not.toHaveBeenCalled();
    });

    it('signs out only once when several calls fail together', async () => {
      store.setSession(aLogin());
      const first = call('/api/users');
      const second = call('/api/departments');
      first.req.flush(apiError('AUTH_REQUIRED', 401), { status: 401, statusText: 'Unauthorized' });
      second.req.flush(apiError('AUTH_REQUIRED', 401), { status: 401, statusText: 'Unauthorized' });
      await Promise.all([first.result, second.result]);
      expect(router.navigate).toHaveBeenCalledTimes(1);
      expect(notifier.warn).toHaveBeenCalledTimes(1);
    });

    it('also ends the session for forms that show their own errors', async () => {
      store.setSession(aLogin());
      const { req, result } = call('/api/users', { context: errorMode('inline') });
      req.flush(apiError('AUTH_REQUIRED', 401), { status: 401, statusText: 'Unauthorized' });
      await result;
      expect(store.isAuthenticated()).toBe(false);
    });

    it('leaves a failed sign-in to the sign-in page', async () => {
      const result = firstValueFrom(http.post('/api/auth/login', {})).catch((e: unknown) => e);
      backend
        .expectOne('/api/auth/login')
        .flush(apiError('AUTH_INVALID_CREDENTIALS', 401), { status: 401, statusText: 'Unauthorized' });
      await result;
      expect(router.navigate).not.toHaveBeenCalled();
      expect(notifier.warn).not.toHaveBeenCalled();
      expect(notifier.error).not.toHaveBeenCalled();
    });

    it('does not sign out for a wrong-password check of a signed-in user', async () => {
      store.setSession(aLogin());
      const { req, result } = call('/api/auth/password', { context: errorMode('inline') });
      req.flush(apiError('AUTH_INVALID_CREDENTIALS', 401), { status: 401, statusText: 'Unauthorized' });
      await result;
      expect(store.isAuthenticated()).toBe(true);
      expect(router.navigate).not.toHaveBeenCalled();
    });
  });

  describe('other errors', () => {
    it('are shown as a snackbar, by their API error', async () => {
      store.setSession(aLogin());
      const { req, result } = call('/api/users');
      req.flush(apiError('FORBIDDEN', 403), { status: 403, statusText: 'Forbidden' });
      const error = await result;

      expect(error).toBeDefined();
      expect(notifier.error).toHaveBeenCalledWith(expect.objectContaining({ code: 'FORBIDDEN', statusCode: 403 }));
      expect(store.isAuthenticated()).toBe(true);
    });

    it('report a network failure as NETWORK_ERROR', async () => {
      const { req, result } = call('/api/users');
      req.error(new ProgressEvent('error'), { status: 0 });
      await result;
      expect(notifier.error).toHaveBeenCalledWith(expect.objectContaining({ code: 'NETWORK_ERROR' }));
    });

    it('are left to callers that handle them (inline or silent)', async () => {
      for (const mode of ['inline', 'silent'] as const) {
        const { req, result } = call('/api/users', { context: errorMode(mode) });
        req.flush({ ...apiError('VALIDATION_FAILED', 400), fields: { username: ['too short'] } }, { status: 400, statusText: 'Bad Request' });
        expect(await result).toBeDefined();
      }
      expect(notifier.error).not.toHaveBeenCalled();
    });
  });
});
