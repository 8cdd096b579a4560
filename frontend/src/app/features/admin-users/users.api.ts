import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { ErrorMode, errorMode } from '../../core/api/error-mode';
import { UserCreate, UserItem, UserUpdate } from './users.models';

/** Changes to users (`/api/users`); the list itself is a resource of UsersStore. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  create(body: UserCreate): Observable<UserItem> {
    return this.http.post<UserItem>('/api/users', body, { context: errorMode('inline') });
  }

  /** `inline` from the edit form; `notify` for one-click changes such as disabling. */
  update(id: string, body: UserUpdate, mode: ErrorMode = 'inline'): Observable<UserItem> {
    return this.http.patch<UserItem>(`/api/users/${id}`, body, { context: errorMode(mode) });
  }

  resetPassword(id: string, newPassword: string): Observable<void> {
    return this.http.post<void>(`/api/users/${id}/reset-password`, { newPassword }, { context: errorMode('inline') });
  }

  unlock(id: string): Observable<void> {
    return this.http.post<void>(`/api/users/${id}/unlock`, null);
  }
}
