import { Injectable, computed, signal } from '@angular/core';
import { CurrentUser, LoginResponse } from './auth.models';

interface StoredSession {
  accessToken: string;
  expiresAt: string;
  user: CurrentUser;
}

export const SESSION_KEY = 'hcrm.session';
export const DEPARTMENT_KEY = 'hcrm.departmentId';

function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) {
      return null;
    }
    const session = JSON.parse(raw) as StoredSession;
    const expires = Date.parse(session.expiresAt);
    if (!session.accessToken || !session.user || (!Number.isNaN(expires) && expires <= Date.now())) {
      localStorage.removeItem(SESSION_KEY);
      return null;
    }
    return session;
  } catch {
    localStorage.removeItem(SESSION_KEY);
    return null;
  }
}

/**
 * Signal state of the signed-in session: token, user and the department the user narrowed the
 * console to. Persisted in localStorage so that a reload keeps the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly session = signal<StoredSession | null>(readSession());
  private readonly selectedDepartment = signal<string | null>(localStorage.getItem(DEPARTMENT_KEY));

  readonly token = computed(() => this.session()?.accessToken ?? null);
  readonly user = computed(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  readonly permissions = computed<ReadonlySet<string>>(() => new Set(this.user()?.permissions ?? []));
  readonly departments = computed(() => this.user()?.departments ?? []);
  /** The department sent as `X-Department-Id`, or null for "all my departments". */
  readonly departmentId = computed(() => {
    const id = this.selectedDepartment();
    return id !== null && this.departments().some((d) => d.id === id) ? id : null;
  });

  hasPermission(permission: string): boolean {
    return this.permissions().has(permission);
  }

  setSession(response: LoginResponse): void {
    this.write({ accessToken: response.accessToken, expiresAt: response.expiresAt, user: response.user });
  }

  setUser(user: CurrentUser): void {
    const session = this.session();
    if (session) {
      this.write({ ...session, user });
    }
  }

  selectDepartment(departmentId: string | null): void {
    this.selectedDepartment.set(departmentId);
    if (departmentId === null) {
      localStorage.removeItem(DEPARTMENT_KEY);
    } else {
      localStorage.setItem(DEPARTMENT_KEY, departmentId);
    }
  }

  clear(): void {
    this.session.set(null);
    localStorage.removeItem(SESSION_KEY);
  }

  private write(session: StoredSession): void {
    this.session.set(session);
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  }
}
