import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe, LocalizedPipe, TranslateOrPipe } from '../../core/i18n/locale.pipes';
import { ReportsApi } from './reports.api';
import { DrillItem, DrillPage, DrillRequest } from './reports.models';

/** The rows behind a report number (tasks, calls, escalations, plans or answers), paged. */
@Component({
  selector: 'app-report-drill-dialog',
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatTableModule,
    MatPaginatorModule,
    MatProgressBarModule,
    RouterLink,
    TranslocoPipe,
    AppDatePipe,
    LocalizedPipe,
    TranslateOrPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title data-testid="drill-title">{{ data.title }}</h2>
    <mat-dialog-content>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      @if (page(); as p) {
        <p class="summary" data-testid="drill-summary">
          {{
            'reports.drill.summary'
              | transloco: { rows: p.total, patients: p.patients, what: ('reports.drill.source.' + p.source | transloco) }
          }}
        </p>
        <div class="table-wrap">
          <table mat-table [dataSource]="p.items" class="dense">
            <ng-container matColumnDef="patient">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.patient' | transloco }}</th>
              <td mat-cell *matCellDef="let r">
                <a [routerLink]="['/patients', r.patientId]" (click)="close()">{{ r.patientName }}</a>
                <div class="muted">{{ r.phone }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="department">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.department' | transloco }}</th>
              <td mat-cell *matCellDef="let r">
                {{ r.departmentName | localized: r.departmentNameEn }}
                <div class="muted">{{ r.wardName | localized: r.wardNameEn }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="template">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.template' | transloco }}</th>
              <td mat-cell *matCellDef="let r">
                {{ r.templateName | localized: r.templateNameEn }}
                <div class="muted">{{ r.stepKey }}</div>
              </td>
            </ng-container>
            <ng-container matColumnDef="due">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.due' | transloco }}</th>
              <td mat-cell *matCellDef="let r">{{ r.dueDate }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.status' | transloco }}</th>
              <td mat-cell *matCellDef="let r">
                {{ r.status | translateOr: 'reports.drill.statuses.' }}
                @if (r.outcome) {
                  <div class="muted">{{ r.outcome | translateOr: 'reports.drill.outcomes.' }}</div>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.at' | transloco }}</th>
              <td mat-cell *matCellDef="let r">{{ r.at | appDate: 'short' }}</td>
            </ng-container>
            <ng-container matColumnDef="staff">
              <th mat-header-cell *matHeaderCellDef>{{ 'reports.drill.staff' | transloco }}</th>
              <td mat-cell *matCellDef="let r">{{ r.staffName ?? '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="extra">
              <th mat-header-cell *matHeaderCellDef>{{ extraLabel() | transloco }}</th>
              <td mat-cell *matCellDef="let r">{{ extra(r) }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns" data-testid="drill-row"></tr>
          </table>
        </div>
        <mat-paginator
          [length]="p.total"
          [pageIndex]="p.page - 1"
          [pageSize]="p.pageSize"
          [pageSizeOptions]="[10, 20, 50]"
          (page)="go($event)"
        />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.close' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .summary {
      margin: 0 0 8px;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table.dense td,
    table.dense th {
      padding: 4px 8px;
      font-size: 13px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font-size: 12px;
    }
  `,
})
export class ReportDrillDialog {
  protected readonly data = inject<DrillRequest>(MAT_DIALOG_DATA);
  private readonly api = inject(ReportsApi);
  private readonly dialogRef = inject(MatDialogRef<ReportDrillDialog>);
  protected readonly page = signal<DrillPage | null>(null);
  protected readonly loading = signal(false);
  protected readonly columns = ['patient', 'department', 'template', 'due', 'status', 'at', 'staff', 'extra'];

  constructor() {
    this.load(1, 20);
  }

  protected extraLabel(): string {
    const s = this.page()?.source;
    return s === 'calls' ? 'reports.drill.seconds' : s === 'satisfaction' ? 'reports.drill.score' : 'reports.drill.attempts';
  }

  protected extra(r: DrillItem): string {
    const s = this.page()?.source;
    if (s === 'satisfaction') return r.score === null ? '—' : String(Number(r.score));
    return r.attempts === null ? '—' : String(r.attempts);
  }

  protected go(e: PageEvent): void {
    this.load(e.pageIndex + 1, e.pageSize);
  }

  protected close(): void {
    this.dialogRef.close();
  }

  private load(page: number, pageSize: number): void {
    this.loading.set(true);
    const params = this.data.workbench ? { metric: this.data.workbench } : (this.data.params ?? {});
    this.api.drill({ ...params, page, pageSize }, !!this.data.workbench).subscribe({
      next: (p) => {
        this.page.set(p);
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }
}
