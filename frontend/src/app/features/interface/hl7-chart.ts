import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LanguageService } from '../../core/i18n/language.service';
import { AppDatePipe } from '../../core/i18n/locale.pipes';
import { Hl7Stats, Hl7Status, StatsBucket } from './hl7.models';

const STEP_MS: Record<StatsBucket, number> = { minute: 60_000, hour: 3600_000, day: 86400_000 };
/** The server buckets in Asia/Shanghai (UTC+8, no daylight saving time). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Bottom to top: good news first, errors on top where they catch the eye. */
export const CHART_STATUSES: readonly Hl7Status[] = ['processed', 'ignored', 'duplicate', 'received', 'failed', 'rejected'];
export const STATUS_COLORS: Record<Hl7Status, string> = {
  processed: '#2e7d32',
  ignored: '#90a4ae',
  duplicate: '#7e57c2',
  received: '#f9a825',
  failed: '#d32f2f',
  rejected: '#6a1b1b',
};

export interface ChartPart {
  status: Hl7Status;
  n: number;
  /** In chart units: y grows downwards from the top, as in SVG. */
  y: number;
  height: number;
}

export interface ChartBar {
  at: Date;
  total: number;
  counts: Partial<Record<Hl7Status, number>>;
  x: number;
  width: number;
  parts: ChartPart[];
}

export interface Chart {
  bars: ChartBar[];
  /** The value at the top of the chart (a round number at least the largest bucket). */
  max: number;
  width: number;
  height: number;
}

/** The smallest of 1, 2, 5, 10, 20, 50 … that is at least `n` (and at least 1). */
export function niceMax(n: number): number {
  if (n <= 1) {
    return 1;
  }
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 5, 10]) {
    if (f * magnitude >= n) {
      return f * magnitude;
    }
  }
  return 10 * magnitude;
}

/** The start of the bucket holding `t`, as the server truncates it (Asia/Shanghai). */
export function bucketStart(t: number, bucket: StatsBucket): number {
  const step = STEP_MS[bucket];
  return Math.floor((t + SHANGHAI_OFFSET_MS) / step) * step - SHANGHAI_OFFSET_MS;
}

/**
 * `/hl7/stats` → stacked bars: one bar per bucket from `from` to `to` (buckets without messages
 * included, so gaps show as gaps), each split by status in `CHART_STATUSES` order.
 */
export function chartOf(stats: Hl7Stats, width = 1000, height = 160): Chart {
  const step = STEP_MS[stats.bucket];
  const to = new Date(stats.to).getTime();
  const byTime = new Map(stats.series.map((row) => [new Date(row.at).getTime(), row]));
  const starts: number[] = [];
  for (let t = bucketStart(new Date(stats.from).getTime(), stats.bucket); t < to && starts.length < 2000; t += step) {
    starts.push(t);
  }
  const max = niceMax(Math.max(0, ...stats.series.map((row) => row.total)));
  const slot = starts.length ? width / starts.length : width;
  const gap = slot > 4 ? Math.min(slot * 0.2, 4) : 0;
  const bars = starts.map((t, i): ChartBar => {
    const row = byTime.get(t);
    const counts = row?.byStatus ?? {};
    let top = height;
    const parts: ChartPart[] = [];
    for (const status of CHART_STATUSES) {
      const n = counts[status] ?? 0;
      if (n > 0) {
        const h = (n / max) * height;
        top -= h;
        parts.push({ status, n, y: top, height: h });
      }
    }
    return { at: new Date(t), total: row?.total ?? 0, counts, x: i * slot + gap / 2, width: slot - gap, parts };
  });
  return { bars, max, width, height };
}

/** Messages per bucket, stacked by status, as small SVG bars; the numbers also as a table. */
@Component({
  selector: 'app-hl7-chart',
  imports: [TranslocoPipe, AppDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart" data-testid="hl7-chart">
      <figcaption>
        <span class="title">{{
          'interface.chart.title' | transloco: { bucket: ('interface.buckets.' + stats().bucket | transloco) }
        }}</span>
        <span class="legend">
          @for (status of statuses; track status) {
            <span class="key"><i [style.background]="colors[status]"></i>{{ 'interface.statuses.' + status | transloco }}</span>
          }
        </span>
      </figcaption>
      <div class="plot">
        <div class="axis">
          <span>{{ chart().max }}</span>
          <span>0</span>
        </div>
        <svg
          [attr.viewBox]="'0 0 ' + chart().width + ' ' + chart().height"
          preserveAspectRatio="none"
          role="img"
          [attr.aria-label]="'interface.chart.aria' | transloco: { total: stats().totals.total }"
        >
          <line x1="0" [attr.x2]="chart().width" [attr.y1]="chart().height / 2" [attr.y2]="chart().height / 2" class="grid" />
          @for (bar of chart().bars; track bar.at.getTime()) {
            <g [attr.data-testid]="bar.total ? 'hl7-chart-bar' : null" [attr.data-total]="bar.total">
              <title>{{ bar.at | appDate: dateFormat() }} — {{ tooltip(bar) }}</title>
              <rect [attr.x]="bar.x" y="0" [attr.width]="bar.width" [attr.height]="chart().height" class="hover" />
              @for (part of bar.parts; track part.status) {
                <rect
                  [attr.x]="bar.x"
                  [attr.y]="part.y"
                  [attr.width]="bar.width"
                  [attr.height]="part.height"
                  [attr.fill]="colors[part.status]"
                />
              }
            </g>
          }
        </svg>
      </div>
      <div class="times">
        <span>{{ stats().from | appDate: dateFormat() }}</span>
        <span>{{ stats().to | appDate: dateFormat() }}</span>
      </div>
      <details data-testid="hl7-chart-table-toggle">
        <summary>{{ 'interface.chart.asTable' | transloco }}</summary>
        <table class="numbers" data-testid="hl7-chart-table">
          <thead>
            <tr>
              <th>{{ 'interface.chart.bucketStart' | transloco }}</th>
              @for (status of statuses; track status) {
                <th>{{ 'interface.statuses.' + status | transloco }}</th>
              }
              <th>{{ 'interface.chart.total' | transloco }}</th>
            </tr>
          </thead>
          <tbody>
            @for (bar of nonEmpty(); track bar.at.getTime()) {
              <tr>
                <td>{{ bar.at | appDate: dateFormat() }}</td>
                @for (status of statuses; track status) {
                  <td>{{ bar.counts[status] ?? 0 }}</td>
                }
                <td>{{ bar.total }}</td>
              </tr>
            } @empty {
              <tr>
                <td [attr.colspan]="statuses.length + 2">{{ 'interface.chart.empty' | transloco }}</td>
              </tr>
            }
          </tbody>
        </table>
      </details>
    </figure>
  `,
  styles: `
    .chart {
      margin: 0;
    }
    figcaption {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 4px 16px;
      font: var(--mat-sys-label-large);
      margin-bottom: 4px;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .key i {
      display: inline-block;
      width: 10px;
      height: 10px;
      border-radius: 2px;
      margin-right: 4px;
    }
    .plot {
      display: flex;
      gap: 6px;
    }
    .axis {
      display: flex;
      flex-direction: column;
      justify-content: space-between;
      min-width: 28px;
      text-align: right;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    svg {
      flex: 1;
      width: 100%;
      height: 88px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .grid {
      stroke: var(--mat-sys-outline-variant);
      stroke-dasharray: 4 4;
      vector-effect: non-scaling-stroke;
    }
    .hover {
      fill: transparent;
    }
    g:hover .hover {
      fill: var(--mat-sys-surface-container-high);
    }
    .times {
      display: flex;
      justify-content: space-between;
      margin-left: 34px;
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    details {
      margin-top: 4px;
      font: var(--mat-sys-body-small);
    }
    summary {
      cursor: pointer;
      color: var(--mat-sys-primary);
    }
    .numbers {
      border-collapse: collapse;
      margin-top: 4px;
    }
    .numbers th,
    .numbers td {
      padding: 2px 8px;
      text-align: right;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .numbers th:first-child,
    .numbers td:first-child {
      text-align: left;
    }
  `,
})
export class Hl7Chart {
  readonly stats = input.required<Hl7Stats>();
  protected readonly chart = computed(() => chartOf(this.stats()));
  protected readonly nonEmpty = computed(() => this.chart().bars.filter((bar) => bar.total > 0));
  protected readonly dateFormat = computed(() => (this.stats().bucket === 'day' ? 'mediumDate' : 'short'));
  protected readonly statuses = CHART_STATUSES;
  protected readonly colors = STATUS_COLORS;

  private readonly language = inject(LanguageService);

  /** E.g. "3: 处理成功 2, 处理失败 1". */
  protected tooltip(bar: ChartBar): string {
    this.language.active();
    const parts = CHART_STATUSES.filter((s) => bar.counts[s]).map((s) => `${this.language.t('interface.statuses.' + s)} ${bar.counts[s]}`);
    return parts.length ? `${bar.total}: ${parts.join(this.language.t('common.separator'))}` : '0';
  }
}
