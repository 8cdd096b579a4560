import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import {
  ContactPurpose,
  ContactRestriction,
  PatientCreate,
  PatientDetail,
  PatientUpdate,
  RevealedContacts,
  TimelineEntry,
} from './patients.models';

/** A patient's own record at `/api/patients/:id` (the list is PatientSearchStore's). */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly http = inject(HttpClient);

  /**
   * The 360° record of the patient `id` (idle while it is empty). Errors are the page's to show:
   * a patient outside the user's departments answers 404 like one that does not exist.
   */
  detailResource(id: Signal<string | undefined>) {
    return httpResource<PatientDetail>(() => {
      const patientId = id();
      return patientId ? { url: `/api/patients/${patientId}`, context: errorMode('inline') } : undefined;
    });
  }

  timelineResource(id: Signal<string>) {
    return httpResource<TimelineEntry[]>(() => `/api/patients/${id()}/timeline`);
  }

  create(body: PatientCreate): Observable<{ id: string }> {
    return this.http.post<{ id: string }>('/api/patients', body, { context: errorMode('inline') });
  }

  update(id: string, body: PatientUpdate): Observable<PatientDetail> {
    return this.http.patch<PatientDetail>(`/api/patients/${id}`, body, { context: errorMode('inline') });
  }

  /** The clear ID number and phones; the server writes an audit event. */
  reveal(id: string): Observable<RevealedContacts> {
    return this.http.post<RevealedContacts>(`/api/patients/${id}/reveal`, null);
  }

  addRestriction(id: string, purpose: ContactPurpose, reason: string): Observable<ContactRestriction> {
    return this.http.post<ContactRestriction>(
      `/api/patients/${id}/restrictions`,
      { purpose, reason: reason || undefined },
      { context: errorMode('inline') },
    );
  }

  liftRestriction(id: string, restrictionId: string): Observable<ContactRestriction> {
    return this.http.post<ContactRestriction>(`/api/patients/${id}/restrictions/${restrictionId}/lift`, null);
  }
}
