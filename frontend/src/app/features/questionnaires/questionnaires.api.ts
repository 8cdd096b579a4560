import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Answers, PreviewResult, QuestionnaireDefinition } from '../../shared/questionnaire/questionnaire.models';
import {
  Questionnaire,
  QuestionnaireCopy,
  QuestionnaireCreate,
  QuestionnaireItem,
  QuestionnaireStatus,
  QuestionnaireUpdate,
} from './questionnaires.models';

/** `/api/questionnaires`: versions, drafts, publishing and the live preview. */
@Injectable({ providedIn: 'root' })
export class QuestionnairesApi {
  private readonly http = inject(HttpClient);

  /** Every version, by code and newest version first; `status` '' = all. */
  listResource(status: Signal<QuestionnaireStatus | ''>) {
    return httpResource<QuestionnaireItem[]>(() => {
      const value = status();
      const params: Record<string, string> = value ? { status: value } : {};
      return { url: '/api/questionnaires', params };
    });
  }

  /** Idle while `id` is empty. Errors are the page's to show. */
  detailResource(id: Signal<string | undefined>) {
    return httpResource<Questionnaire>(() => {
      const questionnaireId = id();
      return questionnaireId ? { url: `/api/questionnaires/${questionnaireId}`, context: errorMode('inline') } : undefined;
    });
  }

  create(body: QuestionnaireCreate): Observable<Questionnaire> {
    return this.http.post<Questionnaire>('/api/questionnaires', body, { context: errorMode('inline') });
  }

  update(id: string, body: QuestionnaireUpdate): Observable<Questionnaire> {
    return this.http.patch<Questionnaire>(`/api/questionnaires/${id}`, body, { context: errorMode('inline') });
  }

  publish(id: string): Observable<Questionnaire> {
    return this.http.post<Questionnaire>(`/api/questionnaires/${id}/publish`, null, { context: errorMode('inline') });
  }

  retire(id: string): Observable<Questionnaire> {
    return this.http.post<Questionnaire>(`/api/questionnaires/${id}/retire`, null);
  }

  /** A new draft of the same code; `409 QUESTIONNAIRE_DRAFT_EXISTS` (with `details.draftId`) when one is open. */
  newVersion(id: string): Observable<Questionnaire> {
    return this.http.post<Questionnaire>(`/api/questionnaires/${id}/new-version`, null, { context: errorMode('inline') });
  }

  copy(id: string, body: QuestionnaireCopy): Observable<Questionnaire> {
    return this.http.post<Questionnaire>(`/api/questionnaires/${id}/copy`, body, { context: errorMode('inline') });
  }

  /** What the server computes for these answers; with `definition`, for unsaved edits (400 with `definition.<path>` errors). */
  preview(id: string, answers: Answers, definition?: QuestionnaireDefinition): Observable<PreviewResult> {
    return this.http.post<PreviewResult>(`/api/questionnaires/${id}/preview`, { answers, definition }, { context: errorMode('inline') });
  }
}
