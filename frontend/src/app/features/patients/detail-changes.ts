import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatExpansionModule } from '@angular/material/expansion';
import { TranslocoPipe } from '@jsverse/transloco';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { CodeLabelPipe, CodeListType } from './code-lists';
import { PatientsApi } from './patients.api';
import { DetailChange, DetailKind } from './patients.models';

/** Which fields of a kind's earlier row are shown: the coded one, the value, and one more. */
const SHOWN: Record<DetailKind, { code: string; codeList: CodeListType; value: string; isNumber: boolean; extra?: string }> = {
  phone: { code: 'owner', codeList: 'relation', value: 'number', isNumber: true },
  contact: { code: 'relation', codeList: 'relation', value: 'name', isNumber: false, extra: 'phone' },
  identifier: { code: 'type', codeList: 'identifier_type', value: 'value', isNumber: true, extra: 'authority' },
};

/** An entry of the history as one line. */
interface ChangeRow extends DetailChange {
  code: string;
  codeList: CodeListType;
  value: string;
  /** Mono (a number) or plain (a name). */
  valueIsNumber: boolean;
  extra: string;
  wasPrimary: boolean;
}

function toRow(change: DetailChange): ChangeRow {
  const shown = SHOWN[change.kind];
  const field = (name: string | undefined) => {
    const value = name ? change.before[name] : undefined;
    return typeof value === 'string' ? value : '';
  };
  return {
    ...change,
    code: field(shown.code),
    codeList: shown.codeList,
    value: field(shown.value),
    valueIsNumber: shown.isNumber,
    extra: field(shown.extra),
    wasPrimary: change.before['isPrimary'] === true,
  };
}

/**
 * The earlier values of the record's phones, contact persons and identifiers (changed or removed after
 * the record was created), collapsed; nothing is shown while there are none.
 */
@Component({
  selector: 'app-detail-changes',
  imports: [MatExpansionModule, TranslocoPipe, AppDatePipe, CodeLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (rows().length > 0) {
      <mat-expansion-panel class="changes" data-testid="detail-changes">
        <mat-expansion-panel-header data-testid="detail-changes-toggle">
          <mat-panel-title>{{ 'patients.details.history' | transloco: { n: rows().length } }}</mat-panel-title>
          <mat-panel-description>{{ 'patients.details.historyHint' | transloco }}</mat-panel-description>
        </mat-expansion-panel-header>
        <table>
          <thead>
            <tr>
              <th>{{ 'patients.details.when' | transloco }}</th>
              <th>{{ 'patients.details.what' | transloco }}</th>
              <th>{{ 'patients.details.earlierValue' | transloco }}</th>
              <th>{{ 'patients.details.reasonColumn' | transloco }}</th>
              <th>{{ 'patients.details.by' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.id; let i = $index) {
              <tr [attr.data-testid]="'detail-change-' + i" [attr.data-kind]="row.kind" [attr.data-action]="row.action">
                <td class="nowrap">{{ row.changedAt | appDate: 'short' }}</td>
                <td class="nowrap">
                  {{ 'patients.details.kinds.' + row.kind | transloco }} · {{ 'patients.details.actions.' + row.action | transloco }}
                </td>
                <td>
                  <span class="muted">{{ row.code | codeLabel: row.codeList }}</span>
                  <span [class.mono]="row.valueIsNumber">{{ row.value }}</span>
                  @if (row.extra) {
                    <span class="mono muted">{{ row.extra }}</span>
                  }
                  @if (row.wasPrimary) {
                    <span class="muted">({{ 'patients.overview.primary' | transloco }})</span>
                  }
                </td>
                <td>{{ row.reason || '—' }}</td>
                <td class="nowrap">{{ row.changedBy || '—' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </mat-expansion-panel>
    }
  `,
  styles: `
    .changes {
      box-shadow: none;
      border: 1px solid var(--mat-sys-outline-variant);
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      padding: 6px 16px 6px 0;
      text-align: left;
      vertical-align: top;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    th {
      color: var(--mat-sys-on-surface-variant);
      font-weight: 500;
    }
    td span + span {
      margin-left: 8px;
    }
    .nowrap {
      white-space: nowrap;
    }
  `,
})
export class DetailChanges {
  readonly patientId = input.required<string>();

  private readonly changes = inject(PatientsApi).detailChangesResource(this.patientId);
  protected readonly rows = computed(() => (this.changes.hasValue() ? this.changes.value().map(toRow) : []));

  /** Loads the history again (after a change on the page that shows it). */
  reload(): void {
    this.changes.reload();
  }
}
