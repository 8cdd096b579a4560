import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import {
  AssignmentChange,
  AssignmentRule,
  ReassignBody,
  ReassignPreview,
  ReassignResult,
  RuleBody,
  StaffMember,
} from './assignment.models';

/** `/api/assignment/*` and a task's assignment history. */
@Injectable({ providedIn: 'root' })
export class AssignmentApi {
  private readonly http = inject(HttpClient);

  rulesResource() {
    return httpResource<AssignmentRule[]>(() => '/api/assignment/rules');
  }

  staffResource() {
    return httpResource<StaffMember[]>(() => '/api/assignment/staff');
  }

  createRule(body: RuleBody): Observable<AssignmentRule> {
    return this.http.post<AssignmentRule>('/api/assignment/rules', body, { context: errorMode('inline') });
  }

  updateRule(id: string, body: Partial<RuleBody> & { active?: boolean }): Observable<AssignmentRule> {
    return this.http.patch<AssignmentRule>(`/api/assignment/rules/${id}`, body, { context: errorMode('inline') });
  }

  applyRules(): Observable<{ assigned: number }> {
    return this.http.post<{ assigned: number }>('/api/assignment/rules/apply', {});
  }

  preview(body: ReassignBody): Observable<ReassignPreview> {
    return this.http.post<ReassignPreview>('/api/assignment/reassign/preview', body, { context: errorMode('inline') });
  }

  reassign(body: ReassignBody): Observable<ReassignResult> {
    return this.http.post<ReassignResult>('/api/assignment/reassign', body, { context: errorMode('inline') });
  }

  /** Idle while `taskId` is empty. */
  historyResource(taskId: Signal<string | undefined>) {
    return httpResource<AssignmentChange[]>(() => {
      const id = taskId();
      return id ? `/api/tasks/${id}/assignment-history` : undefined;
    });
  }
}
