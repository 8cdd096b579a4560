import { HttpClient, httpResource } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Paged } from '../../core/api/paged';
import {
  BulkReplayResult,
  Hl7MessageDetail,
  Hl7MessageItem,
  Hl7ReplayResult,
  Hl7Source,
  Hl7SourceInput,
  Hl7Stats,
  StatsBucket,
  UploadResult,
} from './hl7.models';

/** The HL7 inbox for the interface monitor (`/api/hl7`). */
@Injectable({ providedIn: 'root' })
export class Hl7Api {
  private readonly http = inject(HttpClient);

  statsResource(range: () => { from: string; to: string; bucket: StatsBucket }) {
    return httpResource<Hl7Stats>(() => ({ url: '/api/hl7/stats', params: range() }));
  }

  sourcesResource() {
    return httpResource<Hl7Source[]>(() => '/api/hl7/sources');
  }

  messageResource(id: () => string | undefined) {
    return httpResource<Hl7MessageDetail>(() => {
      const messageId = id();
      return messageId ? `/api/hl7/messages/${messageId}` : undefined;
    });
  }

  /** Failed messages of a source (first 200), to say how many a bulk replay would take. */
  failed(sourceId: string): Observable<Paged<Hl7MessageItem>> {
    const params: Record<string, string | number> = { status: 'failed', pageSize: 200 };
    if (sourceId) {
      params['sourceId'] = sourceId;
    }
    return this.http.get<Paged<Hl7MessageItem>>('/api/hl7/messages', { params });
  }

  replay(id: string): Observable<Hl7ReplayResult> {
    return this.http.post<Hl7ReplayResult>(`/api/hl7/messages/${id}/replay`, {});
  }

  editReplay(id: string, raw: string): Observable<Hl7ReplayResult> {
    return this.http.post<Hl7ReplayResult>(`/api/hl7/messages/${id}/edit-replay`, { raw }, { context: errorMode('inline') });
  }

  bulkReplay(sourceId: string): Observable<BulkReplayResult> {
    return this.http.post<BulkReplayResult>('/api/hl7/messages/replay', sourceId ? { status: 'failed', sourceId } : { status: 'failed' });
  }

  upload(file: File, sourceId: string): Observable<UploadResult> {
    const body = new FormData();
    body.append('file', file, file.name);
    body.append('sourceId', sourceId);
    return this.http.post<UploadResult>('/api/hl7/upload', body, { context: errorMode('inline') });
  }

  createSource(input: Hl7SourceInput): Observable<Hl7Source> {
    return this.http.post<Hl7Source>('/api/hl7/sources', input, { context: errorMode('inline') });
  }

  updateSource(id: string, input: Partial<Hl7SourceInput>): Observable<Hl7Source> {
    return this.http.patch<Hl7Source>(`/api/hl7/sources/${id}`, input, { context: errorMode('inline') });
  }
}
