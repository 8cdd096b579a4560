import { TestBed } from '@angular/core/testing';
import { AuthStore, DEPARTMENT_KEY, SESSION_KEY } from './auth.store';
import { aLogin, aUser } from './testing';

describe('AuthStore', () => {
  beforeEach(() => localStorage.clear());

  const createStore = () => TestBed.inject(AuthStore);

  it('starts signed out when nothing is stored', () => {
    const store = createStore();
    expect(store.isAuthenticated()).toBe(false);
    expect(store.token()).toBeNull();
    expect(store.user()).toBeNull();
    expect(store.hasPermission('user.read')).toBe(false);
  });

  it('keeps the session in signals and in localStorage', () => {
    const store = createStore();
    store.setSession(aLogin({ permissions: ['user.read', 'user.manage'] }));

    expect(store.isAuthenticated()).toBe(true);
    expect(store.token()).toBe('token-123');
    expect(store.user()?.displayName).toBe('王医生');
    expect(store.hasPermission('user.manage')).toBe(true);
    expect(store.hasPermission('audit.read')).toBe(false);
    expect(JSON.parse(localStorage.getItem(SESSION_KEY) ?? '{}').accessToken).toBe('token-123');
  });

  it('restores a stored session on start', () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(aLogin()));
    const store = createStore();
    expect(store.isAuthenticated()).toBe(true);
    expect(store.user()?.username).toBe('doctor');
  });

  it('drops a stored session that has expired', () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify(aLogin({}, -1000)));
    const store = createStore();
    expect(store.isAuthenticated()).toBe(false);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('drops unreadable stored data', () => {
    localStorage.setItem(SESSION_KEY, '{not json');
    expect(createStore().isAuthenticated()).toBe(false);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('replaces the user after /auth/me', () => {
    const store = createStore();
    store.setSession(aLogin());
    store.setUser(aUser({ displayName: 'Dr. Wang', permissions: ['audit.read'] }));
    expect(store.user()?.displayName).toBe('Dr. Wang');
    expect(store.hasPermission('audit.read')).toBe(true);
    expect(store.hasPermission('dictionary.read')).toBe(false);
  });

  it('forgets everything on clear', () => {
    const store = createStore();
    store.setSession(aLogin());
    store.clear();
    expect(store.isAuthenticated()).toBe(false);
    expect(store.permissions().size).toBe(0);
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  describe('department scope', () => {
    it('is "all" until the user picks one, and remembers the pick', () => {
      const store = createStore();
      store.setSession(aLogin());
      expect(store.departmentId()).toBeNull();

      store.selectDepartment('d-2');
      expect(store.departmentId()).toBe('d-2');
      expect(localStorage.getItem(DEPARTMENT_KEY)).toBe('d-2');

      store.selectDepartment(null);
      expect(store.departmentId()).toBeNull();
      expect(localStorage.getItem(DEPARTMENT_KEY)).toBeNull();
    });

    it('ignores a remembered department the user no longer belongs to', () => {
      localStorage.setItem(DEPARTMENT_KEY, 'd-gone');
      const store = createStore();
      store.setSession(aLogin());
      expect(store.departmentId()).toBeNull();
    });
  });
});
