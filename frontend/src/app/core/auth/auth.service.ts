import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, firstValueFrom, map, tap } from 'rxjs';
import { errorMode } from '../api/error-mode';
import { CurrentUser, LoginResponse } from './auth.models';
import { AuthStore } from './auth.store';

/** Sign-in, sign-out, session restore and own-password change against `/api/auth`. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly store = inject(AuthStore);
  private readonly router = inject(Router);

  login(username: string, password: string): Observable<CurrentUser> {
    return this.http
      .post<LoginResponse>('/api/auth/login', { username, password }, { context: errorMode('silent') })
      .pipe(
        tap((response) => this.store.setSession(response)),
        map((response) => response.user),
      );
  }

  /** Revokes the session on the server (best effort), forgets it locally and shows the sign-in page. */
  async logout(): Promise<void> {
    if (this.store.token()) {
      try {
        await firstValueFrom(this.http.post<void>('/api/auth/logout', null, { context: errorMode('silent') }));
      } catch {
        // The session may already be gone on the server; signing out locally is what matters.
      }
    }
    this.store.clear();
    await this.router.navigate(['/sign-in']);
  }

  /** On start-up: refresh the stored user from `GET /api/auth/me`; forget a session the server rejects. */
  async restoreSession(): Promise<void> {
    if (!this.store.token()) {
      return;
    }
    try {
      this.store.setUser(await firstValueFrom(this.fetchMe()));
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 401) {
        this.store.clear();
      }
      // Other failures (server unreachable): keep the stored user; the next call will tell.
    }
  }

  refreshUser(): Observable<CurrentUser> {
    return this.fetchMe().pipe(tap((user) => this.store.setUser(user)));
  }

  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>(
      '/api/auth/password',
      { currentPassword, newPassword },
      { context: errorMode('inline') },
    );
  }

  private fetchMe(): Observable<CurrentUser> {
    return this.http.get<CurrentUser>('/api/auth/me', { context: errorMode('silent') });
  }
}
