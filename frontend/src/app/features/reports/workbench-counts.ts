import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { AppNumberPipe } from '../../core/i18n/locale.pipes';
import { ReportDrillDialog } from './report-drill.dialog';
import { ReportsApi } from './reports.api';
import { Workbench, WORKBENCH_METRICS, WorkbenchMetric } from './reports.models';

/** The home page's counts for the user's departments today; a click lists what is behind a number. */
@Component({
  selector: 'app-workbench-counts',
  imports: [TranslocoPipe, AppNumberPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (data(); as w) {
      <h2 class="section-title">{{ 'homeCounts.title' | transloco: { today: w.today } }}</h2>
      <div class="counts">
        @for (m of metrics; track m) {
          <button
            class="count"
            [class.alert]="m === 'overdue' && w.counts[m] > 0"
            (click)="open(m, w.counts[m])"
            [attr.data-testid]="'wb-' + m"
          >
            <span class="n">{{ w.counts[m] | appNumber }}</span>
            <span class="label">{{ 'homeCounts.' + m | transloco }}</span>
          </button>
        }
      </div>
    }
  `,
  styles: `
    .section-title {
      font-size: 18px;
      margin: 24px 0 12px;
    }
    .counts {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
      gap: 12px;
    }
    .count {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      padding: 12px 16px;
      cursor: pointer;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface);
      font: inherit;
      text-align: left;
    }
    .count:hover {
      background: var(--mat-sys-surface-container);
    }
    .n {
      font-size: 28px;
      font-weight: 500;
      color: var(--mat-sys-primary);
    }
    .alert .n {
      color: var(--mat-sys-error);
    }
    .label {
      color: var(--mat-sys-on-surface-variant);
      font-size: 13px;
    }
  `,
})
export class WorkbenchCounts {
  private readonly api = inject(ReportsApi);
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  protected readonly metrics = WORKBENCH_METRICS;
  protected readonly data = signal<Workbench | null>(null);

  constructor() {
    this.api.workbench().subscribe((w) => this.data.set(w));
  }

  protected open(metric: WorkbenchMetric, value: number): void {
    this.dialog.open(ReportDrillDialog, {
      data: { title: this.transloco.translate('homeCounts.' + metric), value, workbench: metric },
      width: '1100px',
      maxWidth: '96vw',
    });
  }
}
