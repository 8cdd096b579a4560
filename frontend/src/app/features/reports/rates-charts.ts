import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { localized } from '../../core/i18n/languages';
import { AppNumberPipe } from '../../core/i18n/locale.pipes';
import { HeatmapTable } from './heatmap-table';
import { ReportChart } from './report-chart';
import { heatmapOption, OUTCOMES, outcomesOption, ratesBarOption } from './report-charts';
import { problemText, ProblemResponse, ReportsApi } from './reports.api';
import { HeatmapReport, OutcomeRow, OutcomesReport, RatesGroup, RatesReport, RatesRow } from './reports.models';

/** A group's label: its (localized) name, the period key, or '—' for the row without one. */
export function groupLabel(lang: string, r: { key: string; name: string | null; nameEn: string | null }): string {
  return r.key === 'none' ? '—' : r.name ? localized(lang, r.name, r.nameEn) : r.key;
}

/**
 * Charts of the follow-up rates tab: rates by group (bar), task outcomes (stacked bar) and the
 * completion rate by department × month (heat map), each with its table.
 */
@Component({
  selector: 'app-rates-charts',
  imports: [TranslocoPipe, AppNumberPipe, ReportChart, HeatmapTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (rates(); as r) {
      <section class="chart-block" data-testid="rates-chart">
        <h3>{{ 'reports.charts.rates' | transloco }}</h3>
        <app-report-chart [options]="ratesOptions()" [label]="'reports.charts.rates' | transloco" />
      </section>
    }
    @if (outcomes(); as o) {
      <section class="chart-block" data-testid="outcomes-chart">
        <h3>{{ 'reports.charts.outcomes' | transloco }}</h3>
        <app-report-chart [options]="outcomesOptions()" [label]="'reports.charts.outcomes' | transloco" />
        <table class="plain" data-testid="outcomes-table">
          <thead>
            <tr>
              <th>{{ 'reports.groups.' + o.groupBy | transloco }}</th>
              <th class="num">{{ 'reports.col.due' | transloco }}</th>
              @for (k of outcomeKeys; track k) {
                <th class="num">{{ 'reports.outcomes.' + k | transloco }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of [...o.rows, o.total]; track row.key) {
              <tr [class.total]="row.total">
                <td>{{ row.total ? ('reports.total' | transloco) : label(row) }}</td>
                <td class="num">{{ row.due | appNumber }}</td>
                @for (k of outcomeKeys; track k) {
                  <td class="num">{{ row[k] | appNumber }}</td>
                }
              </tr>
            }
          </tbody>
        </table>
      </section>
    }
    @if (heatmapProblem(); as p) {
      <p class="note" role="status" data-testid="heatmap-problem">{{ p }}</p>
    }
    @if (heatmap(); as h) {
      <section class="chart-block" data-testid="completion-heatmap">
        <h3>{{ 'reports.charts.completionHeatmap' | transloco }}</h3>
        @if (h.rows.length) {
          <app-report-chart
            [options]="heatmapOptions()"
            [label]="'reports.charts.completionHeatmap' | transloco"
            [height]="heatmapHeight()"
          />
        }
        <app-heatmap-table [report]="h" />
      </section>
    }
  `,
  styleUrl: './report-charts.scss',
})
export class RatesCharts {
  private readonly api = inject(ReportsApi);
  private readonly language = inject(LanguageService);
  /** The report filters (from, to, departmentId) and the grouping of the rates table. */
  readonly query = input.required<Record<string, string>>();
  readonly groupBy = input.required<RatesGroup>();
  readonly rates = input.required<RatesReport | null>();

  protected readonly outcomeKeys = OUTCOMES;
  protected readonly outcomes = signal<OutcomesReport | null>(null);
  protected readonly heatmap = signal<HeatmapReport | null>(null);
  /** Why there is no heat map (e.g. a period longer than 36 months), from the server's field errors. */
  protected readonly heatmapProblem = signal<string | null>(null);

  constructor() {
    effect(() => {
      const q = this.query();
      const groupBy = this.groupBy();
      untracked(() => {
        this.api.outcomes({ ...q, groupBy }).subscribe({ next: (r) => this.outcomes.set(r), error: () => this.outcomes.set(null) });
        this.api
          .heatmap({ ...q, metric: 'completionRate' })
          .subscribe({ next: (r) => this.showHeatmap(r, null), error: (e: ProblemResponse) => this.showHeatmap(null, problemText(e)) });
      });
    });
  }

  protected label(r: OutcomeRow | RatesRow): string {
    return groupLabel(this.language.active(), r);
  }

  private showHeatmap(r: HeatmapReport | null, problem: string | null): void {
    this.heatmap.set(r);
    this.heatmapProblem.set(problem);
  }

  private readonly t = (key: string, params?: Record<string, unknown>) => this.language.t(key, params);

  protected readonly ratesOptions = computed(() => {
    const lang = this.language.active();
    return ratesBarOption(this.rates()?.rows ?? [], (r) => groupLabel(lang, r), this.t);
  });

  protected readonly outcomesOptions = computed(() => {
    const lang = this.language.active();
    return outcomesOption(this.outcomes()?.rows ?? [], (r) => groupLabel(lang, r), this.t);
  });

  protected readonly heatmapOptions = computed(() => {
    const lang = this.language.active();
    const h = this.heatmap();
    return h ? heatmapOption(h, (r) => localized(lang, r.name ?? '—', r.nameEn), this.t) : {};
  });

  protected readonly heatmapHeight = computed(() => 110 + 34 * (this.heatmap()?.rows.length ?? 1));
}
