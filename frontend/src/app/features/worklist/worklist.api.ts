import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Answers, PreviewResult } from '../../shared/questionnaire/questionnaire.models';
import { AttemptBody, AttemptResult, ClaimResult, CompleteResult, TaskContext } from './worklist.models';

/** The actions on a follow-up task (docs/api.md, "Worklist and escalations"). */
@Injectable({ providedIn: 'root' })
export class WorklistApi {
  private readonly http = inject(HttpClient);

  /** Claims the task (and the patient's other due tasks); `409 TASK_CLAIMED` names who holds it. */
  claim(taskId: string): Observable<ClaimResult> {
    return this.http.post<ClaimResult>(`/api/tasks/${taskId}/claim`, null, { context: errorMode('inline') });
  }

  release(taskId: string): Observable<void> {
    return this.http.post<void>(`/api/tasks/${taskId}/release`, null, { context: errorMode('silent') });
  }

  /** Everything the call screen shows, in one read (audited as a patient read). */
  context(taskId: string): Observable<TaskContext> {
    return this.http.get<TaskContext>(`/api/tasks/${taskId}/context`, { context: errorMode('inline') });
  }

  attempt(taskId: string, body: AttemptBody): Observable<AttemptResult> {
    return this.http.post<AttemptResult>(`/api/tasks/${taskId}/attempts`, body);
  }

  complete(taskId: string, answers: Answers): Observable<CompleteResult> {
    return this.http.post<CompleteResult>(`/api/tasks/${taskId}/complete`, { answers }, { context: errorMode('inline') });
  }

  /** A one-time self-survey link for the task the nurse holds (`path` is `/s/<token>`; shown once). */
  surveyLink(taskId: string, lang: string): Observable<{ path: string; token: string; expiresAt: string }> {
    return this.http.post<{ path: string; token: string; expiresAt: string }>(`/api/tasks/${taskId}/survey-link`, { lang });
  }

  /** The server's branching, checks and flags for these answers (the same rules as `complete`). */
  preview(questionnaireId: string, answers: Answers): Observable<PreviewResult> {
    return this.http.post<PreviewResult>(`/api/questionnaires/${questionnaireId}/preview`, { answers }, { context: errorMode('silent') });
  }
}
