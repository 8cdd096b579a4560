import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Segment, SegmentCreate } from './patients.models';

/** Saved patient filters (`/api/segments`). */
@Injectable({ providedIn: 'root' })
export class SegmentsApi {
  private readonly http = inject(HttpClient);

  /** Idle while `enabled` is false. */
  listResource(enabled: boolean) {
    return httpResource<Segment[]>(() => (enabled ? '/api/segments' : undefined));
  }

  create(body: SegmentCreate): Observable<Segment> {
    return this.http.post<Segment>('/api/segments', body, { context: errorMode('inline') });
  }
}
