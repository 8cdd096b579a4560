import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { localized } from '../../core/i18n/languages';
import { HeatmapTable } from './heatmap-table';
import { ReportChart } from './report-chart';
import { formatChange, formatFigure, heatmapOption, monthsBetween, trendOption } from './report-charts';
import { problemText, ProblemResponse, ReportsApi } from './reports.api';
import { HeatmapReport, Mode, TrendFigure, TrendReport } from './reports.models';

/**
 * Charts of the satisfaction tab: the monthly trend of one figure (one chart per scale: 1–5 and 0–10
 * questions are never drawn on one axis) with month-over-month and year-over-year changes, and
 * % positive by department × month; each with its table.
 */
@Component({
  selector: 'app-satisfaction-charts',
  imports: [TranslocoPipe, ReportChart, HeatmapTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (c of trendCharts(); track c.scale) {
      <section class="chart-block" data-testid="trend-chart">
        <h3>
          {{ 'reports.trend.title' | transloco }} · {{ 'reports.col.' + figure() | transloco }}
          <span class="muted">{{ c.scale === 10 ? '0–10' : '1–' + c.scale }}</span>
        </h3>
        <app-report-chart [options]="c.options" [label]="'reports.trend.title' | transloco" />
        <div class="table-scroll">
          <table class="plain" data-testid="trend-table">
            <thead>
              <tr>
                <th>{{ 'reports.groups.month' | transloco }}</th>
                <th class="num">{{ 'reports.col.valid' | transloco }}</th>
                <th class="num">{{ 'reports.col.' + figure() | transloco }}</th>
                <th class="num">{{ 'reports.trend.mom' | transloco }}</th>
                <th class="num">{{ 'reports.trend.yoy' | transloco }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of c.rows; track row.month) {
                <tr>
                  <td>{{ row.month }}</td>
                  <td class="num">{{ row.valid }}</td>
                  <td class="num">
                    @if (row.suppressed) {
                      <span class="few">{{ 'reports.tooFew' | transloco }}</span>
                    } @else {
                      {{ row.value }}
                    }
                  </td>
                  <td class="num" [class.up]="row.momSign > 0" [class.down]="row.momSign < 0">{{ row.mom }}</td>
                  <td class="num" [class.up]="row.yoySign > 0" [class.down]="row.yoySign < 0">{{ row.yoy }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>
    } @empty {
      <p class="note">{{ 'reports.trend.none' | transloco }}</p>
    }
    <p class="note">{{ 'reports.trend.hint' | transloco }}</p>
    @if (heatmapProblem(); as p) {
      <p class="note" role="status" data-testid="heatmap-problem">{{ p }}</p>
    }
    @if (heatmap(); as h) {
      <section class="chart-block" data-testid="positive-heatmap">
        <h3>
          {{ 'reports.charts.positiveHeatmap' | transloco }} · {{ 'reports.dimension.' + dimension() | transloco }} ·
          {{ 'reports.modes.' + mode() | transloco }}
        </h3>
        @if (h.rows.length) {
          <app-report-chart
            [options]="heatmapOptions()"
            [label]="'reports.charts.positiveHeatmap' | transloco"
            [height]="110 + 34 * h.rows.length"
          />
        }
        <app-heatmap-table [report]="h" />
        <p class="note">{{ 'reports.smallNumbers' | transloco: { n: h.minResponses } }}</p>
      </section>
    }
  `,
  styles: `
    .up {
      color: #2e7d32;
    }
    .down {
      color: #c62828;
    }
  `,
  styleUrl: './report-charts.scss',
})
export class SatisfactionCharts {
  private readonly api = inject(ReportsApi);
  private readonly language = inject(LanguageService);
  readonly query = input.required<Record<string, string>>();
  readonly trend = input.required<TrendReport | null>();
  readonly figure = input.required<TrendFigure>();
  /** First month of the trend window. */
  readonly trendFrom = input.required<string>();
  readonly dimension = input.required<string>();
  readonly mode = input.required<Mode>();
  protected readonly heatmap = signal<HeatmapReport | null>(null);
  /** Why there is no heat map (e.g. a period longer than 36 months), from the server's field errors. */
  protected readonly heatmapProblem = signal<string | null>(null);

  constructor() {
    effect(() => {
      const params = { ...this.query(), metric: 'positiveRate', mode: this.mode(), dimension: this.dimension() };
      untracked(() =>
        this.api
          .heatmap(params)
          .subscribe({ next: (r) => this.showHeatmap(r, null), error: (e: ProblemResponse) => this.showHeatmap(null, problemText(e)) }),
      );
    });
  }

  private showHeatmap(r: HeatmapReport | null, problem: string | null): void {
    this.heatmap.set(r);
    this.heatmapProblem.set(problem);
  }

  private readonly t = (key: string, params?: Record<string, unknown>) => this.language.t(key, params);

  protected readonly trendCharts = computed(() => {
    this.language.active();
    const series = this.trend()?.series ?? [];
    const figure = this.figure();
    const months = monthsBetween(this.trendFrom(), this.query()['to'] ?? this.trendFrom());
    return [5, 10]
      .map((scale) => ({ scale, points: series.filter((p) => p.scaleMax === scale) }))
      .filter((c) => c.points.length > 0)
      .map(({ scale, points }) => ({
        scale,
        options: trendOption(points, figure, months, this.t),
        rows: points.map((p) => ({
          month: p.month,
          valid: p.valid,
          suppressed: p.suppressed,
          value: formatFigure(figure, p[figure]),
          mom: formatChange(figure, p.mom[figure]),
          yoy: formatChange(figure, p.yoy[figure]),
          momSign: Math.sign(p.mom[figure] ?? 0),
          yoySign: Math.sign(p.yoy[figure] ?? 0),
        })),
      }));
  });

  protected readonly heatmapOptions = computed(() => {
    const lang = this.language.active();
    const h = this.heatmap();
    return h ? heatmapOption(h, (r) => localized(lang, r.name ?? '—', r.nameEn), this.t) : {};
  });
}
