import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Department, NamedCreate, NamedUpdate, Ward } from './departments.models';

/** `/api/departments` and `/api/wards`. */
@Injectable({ providedIn: 'root' })
export class DepartmentsApi {
  private readonly http = inject(HttpClient);

  /** All departments with their wards, inactive ones included; nothing is loaded unless `enabled`. */
  listResource(enabled = true) {
    return httpResource<Department[]>(() =>
      enabled ? { url: '/api/departments', params: { includeInactive: true } } : undefined,
    );
  }

  createDepartment(body: NamedCreate): Observable<Department> {
    return this.http.post<Department>('/api/departments', body, { context: errorMode('inline') });
  }

  updateDepartment(id: string, body: NamedUpdate): Observable<Department> {
    return this.http.patch<Department>(`/api/departments/${id}`, body, { context: errorMode('inline') });
  }

  createWard(departmentId: string, body: NamedCreate): Observable<Ward> {
    return this.http.post<Ward>(`/api/departments/${departmentId}/wards`, body, { context: errorMode('inline') });
  }

  updateWard(id: string, body: NamedUpdate): Observable<Ward> {
    return this.http.patch<Ward>(`/api/wards/${id}`, body, { context: errorMode('inline') });
  }
}
