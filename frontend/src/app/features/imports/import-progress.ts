import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppNumberPipe } from '../../core/i18n/locale.pipes';
import { ImportStatusChip } from './import-status-chip';
import { ImportJob, isWorking } from './imports.models';

/** The progress of a dry run or an import: bar, row counts, the first rejected rows. */
@Component({
  selector: 'app-import-progress',
  imports: [MatProgressBarModule, TranslocoPipe, AppNumberPipe, ImportStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let j = job();
    <div class="status-line">
      <app-import-status-chip [status]="j.status" data-testid="import-status" />
      <span data-testid="import-processed">
        @if (j.totalRows > 0) {
          {{ 'imports.progress.rowsOf' | transloco: { processed: (j.processedRows | appNumber), total: (j.totalRows | appNumber) } }}
        } @else {
          {{ 'imports.progress.rows' | transloco: { processed: (j.processedRows | appNumber) } }}
        }
      </span>
    </div>
    <mat-progress-bar
      data-testid="import-progress"
      [mode]="progress() === null ? 'indeterminate' : 'determinate'"
      [value]="progress() ?? 0"
      [attr.aria-valuenow]="progress()"
      [attr.aria-label]="'imports.progress.label' | transloco"
    />
    <dl class="counts">
      @if (kind() === 'import') {
        <div>
          <dt>{{ 'imports.counts.createdPatients' | transloco }}</dt>
          <dd data-testid="import-created-patients">{{ j.createdPatients | appNumber }}</dd>
        </div>
        <div>
          <dt>{{ 'imports.counts.matchedPatients' | transloco }}</dt>
          <dd data-testid="import-matched-patients">{{ j.matchedPatients | appNumber }}</dd>
        </div>
        <div>
          <dt>{{ 'imports.counts.createdEncounters' | transloco }}</dt>
          <dd data-testid="import-created-encounters">{{ j.createdEncounters | appNumber }}</dd>
        </div>
        @if (j.duplicateRows > 0) {
          <div class="warn">
            <dt>{{ 'imports.counts.duplicateRows' | transloco }}</dt>
            <dd data-testid="import-duplicate-count">{{ j.duplicateRows | appNumber }}</dd>
          </div>
        }
      } @else {
        <div>
          <dt>{{ 'imports.counts.checkedRows' | transloco }}</dt>
          <dd data-testid="import-checked-rows">{{ j.processedRows | appNumber }}</dd>
        </div>
      }
      <div [class.bad]="j.errorRows > 0">
        <dt>{{ 'imports.counts.errorRows' | transloco }}</dt>
        <dd data-testid="import-error-count">{{ j.errorRows | appNumber }}</dd>
      </div>
    </dl>
    @if (j.message) {
      <p class="message" role="alert" data-testid="import-message">{{ j.message }}</p>
    }
    @if (firstErrors().length > 0) {
      <h3>{{ 'imports.progress.firstErrors' | transloco }}</h3>
      <ul class="errors" data-testid="import-first-errors">
        @for (error of firstErrors(); track error.rowNumber) {
          <li>
            <span class="row">{{ 'imports.progress.row' | transloco: { n: error.rowNumber } }}</span>
            <span class="reason">
              @for (problem of error.problems ?? []; track $index) {
                <span class="problem">{{ 'imports.problems.' + problem.code | transloco: problem.params }}</span>
              } @empty {
                {{ error.reason }}
              }
            </span>
          </li>
        }
      </ul>
    }
  `,
  styleUrl: './import-progress.scss',
})
export class ImportProgress {
  readonly job = input.required<ImportJob>();
  /** Percent done; null while the total is unknown. */
  readonly progress = input<number | null>(null);
  /** A dry run shows checked rows; an import what it created. */
  readonly kind = input<'check' | 'import'>('check');

  protected readonly firstErrors = computed(() => {
    const job = this.job();
    return isWorking(job.status) ? [] : (job.firstErrors ?? []);
  });
}
