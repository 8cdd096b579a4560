import { HttpClient, HttpParams, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import {
  ContactPersonBody,
  ContactPurpose,
  ContactRestriction,
  DetailChange,
  DetailKind,
  IdentifierBody,
  PatientCreate,
  PatientDetail,
  PatientUpdate,
  PhoneBody,
  RevealedContacts,
  TimelineEntry,
} from './patients.models';

/** The path segment of each kind of detail under `/patients/:id/`. */
const DETAIL_PATHS: Record<DetailKind, string> = { phone: 'phones', contact: 'contacts', identifier: 'identifiers' };

/** What the detail routes take, by kind (identifiers are added and removed, never changed). */
interface DetailBodies {
  phone: PhoneBody;
  contact: ContactPersonBody;
  identifier: IdentifierBody;
}

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

  /** Adds a phone, contact person or identifier; answers the updated (masked) record. */
  addDetail<K extends DetailKind>(id: string, kind: K, body: DetailBodies[K]): Observable<PatientDetail> {
    return this.http.post<PatientDetail>(`/api/patients/${id}/${DETAIL_PATHS[kind]}`, body, { context: errorMode('inline') });
  }

  /** Changes a phone or contact person (only the fields sent); answers the updated record. */
  changeDetail<K extends 'phone' | 'contact'>(id: string, kind: K, detailId: string, body: DetailBodies[K]): Observable<PatientDetail> {
    return this.http.patch<PatientDetail>(`/api/patients/${id}/${DETAIL_PATHS[kind]}/${detailId}`, body, {
      context: errorMode('inline'),
    });
  }

  /** Removes a detail; the server keeps it in the change history with the reason. Answers the updated record. */
  removeDetail(id: string, kind: DetailKind, detailId: string, reason: string): Observable<PatientDetail> {
    const params = reason ? new HttpParams().set('reason', reason) : undefined;
    return this.http.delete<PatientDetail>(`/api/patients/${id}/${DETAIL_PATHS[kind]}/${detailId}`, {
      params,
      context: errorMode('inline'),
    });
  }

  /** Earlier values of the record's phones, contact persons and identifiers, newest first. */
  detailChangesResource(id: Signal<string>) {
    return httpResource<DetailChange[]>(() => `/api/patients/${id()}/detail-changes`);
  }
}
