import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, Signal, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { DuplicateCandidate, MergeRecord, MergeResult } from './patients.models';

/** Duplicate review and merges (`patient.merge`; the lists need `patient.read` only). */
@Injectable({ providedIn: 'root' })
export class MergeApi {
  private readonly http = inject(HttpClient);

  duplicatesResource(id: Signal<string>) {
    return httpResource<DuplicateCandidate[]>(() => `/api/patients/${id()}/duplicates`);
  }

  historyResource(id: Signal<string | undefined>) {
    return httpResource<MergeRecord[]>(() => {
      const patientId = id();
      return patientId ? `/api/patients/${patientId}/merges` : undefined;
    });
  }

  merge(survivorId: string, mergedId: string): Observable<MergeResult> {
    return this.http.post<MergeResult>(`/api/patients/${survivorId}/merge`, { mergedId });
  }

  revert(mergeId: string): Observable<{ mergeId: string; survivorId: string; mergedId: string; revertedAt: string }> {
    return this.http.post<{ mergeId: string; survivorId: string; mergedId: string; revertedAt: string }>(
      `/api/patient-merges/${mergeId}/revert`,
      null,
    );
  }
}
