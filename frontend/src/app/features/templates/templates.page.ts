import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthStore } from '../../core/auth/auth.store';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { ActiveChip } from '../../shared/ui/active-chip';
import { StepsSummaryPipe } from './steps-summary.pipe';
import { TemplatesApi } from './templates.api';

/** Follow-up templates: active first, each with its purpose, mode, owner department and schedule. */
@Component({
  selector: 'app-templates-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTableModule,
    TranslocoPipe,
    LocalizedPipe,
    ActiveChip,
    StepsSummaryPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <h1>{{ 'pages.templates' | transloco }}</h1>
      @if (canManage) {
        <a mat-flat-button routerLink="/templates/new" data-testid="template-create">
          <mat-icon svgIcon="add" />
          {{ 'templates.create' | transloco }}
        </a>
      }
    </header>

    <div class="table-card">
      @if (list.isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <table mat-table [dataSource]="items()">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.name' | transloco }}</th>
          <td mat-cell *matCellDef="let t" class="name-cell">
            <a class="name" [routerLink]="['/templates', t.id]" [attr.data-testid]="'template-open-' + t.id">{{
              t.nameZh | localized: t.nameEn
            }}</a>
          </td>
        </ng-container>
        <ng-container matColumnDef="purpose">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.purpose' | transloco }}</th>
          <td mat-cell *matCellDef="let t">{{ 'templates.purposes.' + t.purpose | transloco }}</td>
        </ng-container>
        <ng-container matColumnDef="mode">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.mode' | transloco }}</th>
          <td mat-cell *matCellDef="let t">{{ 'templates.modes.' + t.mode | transloco }}</td>
        </ng-container>
        <ng-container matColumnDef="owner">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.owner' | transloco }}</th>
          <td mat-cell *matCellDef="let t">
            @if (department(t.ownerDepartmentId); as d) {
              {{ d.name | localized: d.nameEn }}
            } @else {
              <span class="muted">{{ 'templates.centre' | transloco }}</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="steps">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.schedule' | transloco }}</th>
          <td mat-cell *matCellDef="let t" class="nowrap">{{ t.steps | stepsSummary }}</td>
        </ng-container>
        <ng-container matColumnDef="version">
          <th mat-header-cell *matHeaderCellDef>{{ 'templates.version' | transloco }}</th>
          <td mat-cell *matCellDef="let t">v{{ t.version }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>{{ 'common.status' | transloco }}</th>
          <td mat-cell *matCellDef="let t"><app-active-chip [active]="t.active" /></td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns; sticky: true"></tr>
        <tr mat-row *matRowDef="let t; columns: columns" [attr.data-testid]="'template-row-' + t.id"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="empty" [attr.colspan]="columns.length">
            {{ (list.isLoading() ? 'common.loading' : 'templates.none') | transloco }}
          </td>
        </tr>
      </table>
    </div>
  `,
  styles: `
    .name {
      color: var(--mat-sys-primary);
      font-weight: 500;
      text-decoration: none;
      &:hover {
        text-decoration: underline;
      }
    }
    .nowrap {
      white-space: nowrap;
    }
    .name-cell {
      min-width: 220px;
    }
  `,
})
export class TemplatesPage {
  private readonly api = inject(TemplatesApi);
  protected readonly canManage = inject(AuthStore).hasPermission('template.manage');
  protected readonly list = this.api.listResource();
  protected readonly items = computed(() => (this.list.hasValue() ? this.list.value() : []));
  private readonly orgUnits = this.api.orgUnitsResource();
  protected readonly columns = ['name', 'purpose', 'mode', 'owner', 'steps', 'version', 'status'];

  protected department(id: string | null) {
    return id && this.orgUnits.hasValue() ? this.orgUnits.value().find((d) => d.id === id) : undefined;
  }
}
