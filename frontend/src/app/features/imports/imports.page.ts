import { UpperCasePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, linkedSignal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { StepperSelectionEvent } from '@angular/cdk/stepper';
import { MatStepperModule } from '@angular/material/stepper';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe, AppNumberPipe } from '../../core/i18n/locale.pipes';
import { ImportDuplicates } from './import-duplicates';
import { ImportJobStore, ImportPhase } from './import-job.store';
import { ImportMapping } from './import-mapping';
import { ImportProgress } from './import-progress';
import { ImportStatusChip } from './import-status-chip';
import { ImportUpload } from './import-upload';
import { ImportsApi } from './imports.api';
import { ImportJob } from './imports.models';
import { saveFile } from './save-file';

/** The wizard step that shows each phase. */
const STEP_OF: Record<ImportPhase, number> = {
  upload: 0,
  mapping: 1,
  checking: 2,
  checked: 2,
  failed: 2,
  importing: 3,
  done: 3,
};

/**
 * The import wizard (upload → mapping → dry run → import, with progress) and the recent imports.
 */
@Component({
  selector: 'app-imports-page',
  providers: [ImportJobStore],
  imports: [
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatStepperModule,
    MatTableModule,
    UpperCasePipe,
    TranslocoPipe,
    AppDatePipe,
    AppNumberPipe,
    ImportUpload,
    ImportMapping,
    ImportProgress,
    ImportDuplicates,
    ImportStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './imports.page.html',
  styleUrl: './imports.page.scss',
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);
  protected readonly store = inject(ImportJobStore);

  private readonly recentList = this.api.recentResource();
  protected readonly recent = computed(() => (this.recentList.hasValue() ? this.recentList.value() : []));
  protected readonly recentLoading = this.recentList.isLoading;
  protected readonly recentColumns = ['fileName', 'sourceName', 'status', 'rows', 'errors', 'createdAt'];

  protected readonly phase = this.store.phase;
  /** The shown step follows the job; the user may also pick a step. */
  protected readonly step = linkedSignal(() => STEP_OF[this.phase()]);
  protected readonly completed = computed(() => {
    const step = STEP_OF[this.phase()];
    return { upload: step > 0, mapping: step > 1, check: step > 2 || this.phase() === 'checked', import: this.phase() === 'done' };
  });
  /** The job the mapping step is for (the step is created anew for another job). */
  protected readonly jobKey = computed(() => [this.store.job()?.id ?? 'none']);

  constructor() {
    // The recent list shows each job's latest status once it stops.
    effect(() => {
      if (!this.store.working() && this.store.job()) {
        this.recentList.reload();
      }
    });
  }

  protected selectStep(event: StepperSelectionEvent): void {
    this.step.set(event.selectedIndex);
  }

  protected start(): void {
    const job = this.store.job();
    if (job?.mapping) {
      this.store.start(job.mapping).subscribe();
    }
  }

  protected downloadErrors(job: ImportJob): void {
    this.api.errorsCsv(job.id).subscribe(({ blob, fileName }) => saveFile(blob, fileName));
  }

  protected open(job: ImportJob): void {
    this.store.open(job.id);
  }

  protected newImport(): void {
    this.store.reset();
  }
}
