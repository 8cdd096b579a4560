import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { CallView } from '../../core/telephony/telephony.models';

/** What to dial: one of the patient's phones or a contact person (the server looks the number up). */
export type DialTarget = { phoneId: string } | { contactId: string };

/** Calls through the telephony adapter (docs/telephony.md). */
@Injectable({ providedIn: 'root' })
export class CallsApi {
  private readonly http = inject(HttpClient);

  dial(taskId: string, target: DialTarget): Observable<CallView> {
    return this.http.post<CallView>('/api/calls/dial', { taskId, ...target }, { context: errorMode('inline') });
  }

  hangUp(callId: string): Observable<CallView> {
    return this.http.post<CallView>(`/api/calls/${callId}/hangup`, null);
  }

  get(callId: string): Observable<CallView> {
    return this.http.get<CallView>(`/api/calls/${callId}`, { context: errorMode('silent') });
  }
}
