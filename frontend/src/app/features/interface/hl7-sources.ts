import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatusChip } from '../../shared/ui/status-chip';
import { Hl7Api } from './hl7.api';
import { Hl7Source } from './hl7.models';
import { SourceDialog } from './source.dialog';

/** The sending systems: code, transport, default charset, inbound folder, code mapping, enabled. */
@Component({
  selector: 'app-hl7-sources',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule, TranslocoPipe, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="toolbar">
      <p class="muted">{{ 'interface.sources.intro' | transloco }}</p>
      @if (canManage()) {
        <button mat-flat-button type="button" (click)="edit()" data-testid="hl7-source-add">
          <mat-icon svgIcon="add" />
          {{ 'interface.sources.add' | transloco }}
        </button>
      }
    </div>
    <div class="table-card">
      @if (list.isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      <table mat-table [dataSource]="sources()" data-testid="hl7-sources">
        <ng-container matColumnDef="code">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.code' | transloco }}</th>
          <td mat-cell *matCellDef="let s" class="mono">{{ s.code }}</td>
        </ng-container>
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.name' | transloco }}</th>
          <td mat-cell *matCellDef="let s">{{ s.name }}</td>
        </ng-container>
        <ng-container matColumnDef="transport">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.transport' | transloco }}</th>
          <td mat-cell *matCellDef="let s">{{ 'interface.transports.' + s.transport | transloco }}</td>
        </ng-container>
        <ng-container matColumnDef="defaultCharset">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.defaultCharset' | transloco }}</th>
          <td mat-cell *matCellDef="let s" class="mono">{{ s.defaultCharset }}</td>
        </ng-container>
        <ng-container matColumnDef="inboundDir">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.inboundDir' | transloco }}</th>
          <td mat-cell *matCellDef="let s" class="mono">{{ s.inboundDir ?? '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="mapping">
          <th mat-header-cell *matHeaderCellDef>{{ 'interface.sources.mapping' | transloco }}</th>
          <td mat-cell *matCellDef="let s" class="muted">{{ mappingSummary(s) }}</td>
        </ng-container>
        <ng-container matColumnDef="enabled">
          <th mat-header-cell *matHeaderCellDef>{{ 'common.status' | transloco }}</th>
          <td mat-cell *matCellDef="let s">
            <app-status-chip [tone]="s.enabled ? 'ok' : 'neutral'">
              {{ (s.enabled ? 'interface.sources.enabled' : 'interface.sources.disabled') | transloco }}
            </app-status-chip>
          </td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef></th>
          <td mat-cell *matCellDef="let s">
            @if (canManage()) {
              <button
                mat-icon-button
                type="button"
                (click)="edit(s)"
                [attr.aria-label]="'common.edit' | transloco"
                [attr.data-testid]="'hl7-source-edit-' + s.code"
              >
                <mat-icon svgIcon="edit" />
              </button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let s; columns: columns" [attr.data-testid]="'hl7-source-' + s.code"></tr>
        <tr class="mat-mdc-row" *matNoDataRow>
          <td class="empty" [attr.colspan]="columns.length">
            {{ (list.isLoading() ? 'common.loading' : 'common.noData') | transloco }}
          </td>
        </tr>
      </table>
    </div>
  `,
  styles: `
    .toolbar {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 16px;
      margin: 12px 0;
    }
    .mono {
      font-family: ui-monospace, Menlo, Consolas, monospace;
      font-size: 12px;
    }
  `,
})
export class Hl7Sources {
  readonly canManage = input(false);
  readonly changed = output<void>();
  private readonly api = inject(Hl7Api);
  private readonly dialog = inject(MatDialog);
  protected readonly list = this.api.sourcesResource();
  protected readonly sources = computed(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly columns = ['code', 'name', 'transport', 'defaultCharset', 'inboundDir', 'mapping', 'enabled', 'actions'];

  protected mappingSummary(source: Hl7Source): string {
    const parts = Object.entries(source.mapping ?? {}).map(([k, v]) => `${k} (${Object.keys(v ?? {}).length})`);
    return parts.join(', ') || '—';
  }

  protected edit(source?: Hl7Source): void {
    this.dialog
      .open(SourceDialog, { data: { source }, width: '640px' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) {
          this.list.reload();
          this.changed.emit();
        }
      });
  }
}
