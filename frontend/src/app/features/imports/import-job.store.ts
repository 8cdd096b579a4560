import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, exhaustMap, takeWhile, tap, timer } from 'rxjs';
import { ImportsApi } from './imports.api';
import { ColumnMapping, ImportJob, UploadedImport, isWorking } from './imports.models';

/** How often a running job is asked for its progress. */
export const POLL_MS = 1000;

/** Where the wizard stands, derived from the job's status. */
export type ImportPhase = 'upload' | 'mapping' | 'checking' | 'checked' | 'importing' | 'done' | 'failed';

export function phaseOf(job: ImportJob | null): ImportPhase {
  switch (job?.status) {
    case undefined:
      return 'upload';
    case 'uploaded':
      return 'mapping';
    case 'validating':
      return 'checking';
    case 'validated':
      return 'checked';
    case 'queued':
    case 'running':
      return 'importing';
    case 'done':
      return 'done';
    case 'failed':
    case 'cancelled':
      return 'failed';
  }
}

/**
 * Signal store of the import wizard: the job being worked on, followed by polling
 * `GET /imports/:id` every second while the server validates or imports it. Provided by the page.
 */
@Injectable()
export class ImportJobStore {
  private readonly api = inject(ImportsApi);
  private readonly destroyRef = inject(DestroyRef);
  private polling: Subscription | null = null;

  readonly job = signal<ImportJob | null>(null);
  /** What the upload answered (header preview, saved mapping…), for a job uploaded in this visit. */
  readonly uploaded = signal<UploadedImport | null>(null);
  readonly phase = computed(() => phaseOf(this.job()));
  readonly working = computed(() => {
    const job = this.job();
    return job !== null && isWorking(job.status);
  });
  /** Percent done, or null while the total is unknown (a dry run learns it at its end). */
  readonly progress = computed(() => {
    const job = this.job();
    if (!job) {
      return null;
    }
    if (job.status === 'done' || job.status === 'validated') {
      return 100;
    }
    return job.totalRows > 0 ? Math.min(100, Math.floor((job.processedRows * 100) / job.totalRows)) : null;
  });

  /** A file was uploaded: go on with its mapping. */
  useUpload(upload: UploadedImport): void {
    this.uploaded.set(upload);
    this.follow(upload);
  }

  /** Opens an earlier import (from the recent list). */
  open(id: string): void {
    this.uploaded.set(null);
    this.api.get(id).subscribe((job) => this.follow(job));
  }

  dryRun(mapping: ColumnMapping): Observable<ImportJob> {
    return this.api.dryRun(this.requireJob().id, mapping).pipe(tap((job) => this.follow(job)));
  }

  start(mapping: ColumnMapping): Observable<ImportJob> {
    return this.api.start(this.requireJob().id, mapping).pipe(tap((job) => this.follow(job)));
  }

  /** Back to the upload step (a new import). */
  reset(): void {
    this.stopPolling();
    this.job.set(null);
    this.uploaded.set(null);
  }

  /** Shows the job and, while the server works on it, polls for its progress until it stops. */
  private follow(job: ImportJob): void {
    this.stopPolling();
    this.job.set(job);
    if (!isWorking(job.status)) {
      return;
    }
    this.polling = timer(POLL_MS, POLL_MS)
      .pipe(
        // A slow answer is not asked for again until it arrives.
        exhaustMap(() => this.api.get(job.id)),
        takeWhile((current) => isWorking(current.status), true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (current) => this.job.set(current),
        // The interceptor has said why; the job can be opened again from the recent list.
        error: () => this.stopPolling(),
      });
  }

  private stopPolling(): void {
    this.polling?.unsubscribe();
    this.polling = null;
  }

  private requireJob(): ImportJob {
    const job = this.job();
    if (!job) {
      throw new Error('No import job: upload a file first');
    }
    return job;
  }
}
