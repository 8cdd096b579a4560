import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { EnrolRequest, EnrolResult, FollowupTemplate, OrgUnit, PatientPlan, RuleTest, TemplateBody } from './templates.models';

/** `/api/followup-templates` and a patient's plans. */
@Injectable({ providedIn: 'root' })
export class TemplatesApi {
  private readonly http = inject(HttpClient);

  listResource() {
    return httpResource<FollowupTemplate[]>(() => '/api/followup-templates');
  }

  /** Idle while `id` is empty. Errors are the page's to show. */
  detailResource(id: Signal<string | undefined>) {
    return httpResource<FollowupTemplate>(() => {
      const templateId = id();
      return templateId ? { url: `/api/followup-templates/${templateId}`, context: errorMode('inline') } : undefined;
    });
  }

  orgUnitsResource() {
    return httpResource<OrgUnit[]>(() => '/api/followup-templates/org-units');
  }

  create(body: TemplateBody): Observable<FollowupTemplate> {
    return this.http.post<FollowupTemplate>('/api/followup-templates', body, { context: errorMode('inline') });
  }

  update(id: string, body: Partial<TemplateBody>): Observable<FollowupTemplate> {
    return this.http.patch<FollowupTemplate>(`/api/followup-templates/${id}`, body, { context: errorMode('inline') });
  }

  disable(id: string, reason: string): Observable<FollowupTemplate> {
    return this.http.post<FollowupTemplate>(`/api/followup-templates/${id}/disable`, { reason }, { context: errorMode('inline') });
  }

  test(id: string, days: number): Observable<RuleTest> {
    return this.http.get<RuleTest>(`/api/followup-templates/${id}/test`, { params: { days } });
  }

  enrol(id: string, body: EnrolRequest): Observable<EnrolResult> {
    return this.http.post<EnrolResult>(`/api/followup-templates/${id}/enrol`, body, { context: errorMode('inline') });
  }

  patientPlansResource(patientId: Signal<string>) {
    return httpResource<PatientPlan[]>(() => `/api/patients/${patientId()}/plans`);
  }
}
