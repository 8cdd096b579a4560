import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocalizedPipe } from '../../core/i18n/locale.pipes';
import { PctPipe } from './report-period';
import { HeatmapReport } from './reports.models';

/** The numbers of a department × month heat map as a table (n / d under each rate). */
@Component({
  selector: 'app-heatmap-table',
  imports: [TranslocoPipe, LocalizedPipe, PctPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table class="plain" data-testid="heatmap-table">
        <thead>
          <tr>
            <th>{{ 'reports.department' | transloco }}</th>
            @for (m of report().months; track m) {
              <th class="num">{{ m }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of report().rows; track row.departmentId) {
            <tr>
              <td>{{ row.name ?? '—' | localized: row.nameEn }}</td>
              @for (c of row.cells; track c.month) {
                <td class="num">
                  @if (c.suppressed) {
                    <span class="few" data-testid="heatmap-too-few">{{ 'reports.tooFew' | transloco }}</span>
                  } @else {
                    {{ c.value | pct }}
                  }
                  @if (c.denominator) {
                    <span class="muted">{{ c.numerator }}/{{ c.denominator }}</span>
                  }
                </td>
              }
            </tr>
          } @empty {
            <tr>
              <td class="empty" [attr.colspan]="report().months.length + 1">{{ 'common.noData' | transloco }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styleUrl: './report-charts.scss',
})
export class HeatmapTable {
  readonly report = input.required<HeatmapReport>();
}
