import { HttpClient, HttpResponse, httpResource } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { errorMode } from '../../core/api/error-mode';
import { Paged } from '../../core/api/paged';
import { ColumnMapping, EncodingChoice, ImportDuplicate, ImportJob, UploadedImport } from './imports.models';

/** Bulk import of patients (`/api/imports`, patient.import). */
@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  recentResource() {
    return httpResource<ImportJob[]>(() => '/api/imports');
  }

  upload(file: File, sourceName: string, encoding: EncodingChoice): Observable<UploadedImport> {
    const body = new FormData();
    body.append('file', file, file.name);
    body.append('sourceName', sourceName);
    body.append('encoding', encoding);
    return this.http.post<UploadedImport>('/api/imports', body, { context: errorMode('inline') });
  }

  get(id: string): Observable<ImportJob> {
    return this.http.get<ImportJob>(`/api/imports/${id}`);
  }

  dryRun(id: string, mapping: ColumnMapping): Observable<ImportJob> {
    return this.http.post<ImportJob>(`/api/imports/${id}/dry-run`, { mapping }, { context: errorMode('inline') });
  }

  start(id: string, mapping: ColumnMapping): Observable<ImportJob> {
    return this.http.post<ImportJob>(`/api/imports/${id}/start`, { mapping });
  }

  /** The probable duplicates the import created (first 100 pairs; the page says when there are more). */
  duplicatesResource(id: () => string | undefined) {
    return httpResource<Paged<ImportDuplicate>>(() => {
      const jobId = id();
      return jobId ? `/api/imports/${jobId}/duplicates?pageSize=100` : undefined;
    });
  }

  /** The rejected rows as a CSV file (fetched with the session's token, unlike a plain link). */
  errorsCsv(id: string): Observable<{ blob: Blob; fileName: string }> {
    return this.http.get(`/api/imports/${id}/errors.csv`, { responseType: 'blob', observe: 'response' }).pipe(
      map((response: HttpResponse<Blob>) => ({
        blob: response.body ?? new Blob([]),
        fileName: fileNameOf(response.headers.get('Content-Disposition')) ?? `import-${id}-errors.csv`,
      })),
    );
  }
}

/** The file name of a `Content-Disposition: attachment; filename*=UTF-8''…` (or `filename="…"`) header. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) {
    return null;
  }
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return null;
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}
