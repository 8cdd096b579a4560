import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { TrendFigure, TrendPoint } from './reports.models';

export interface TrendDot {
  month: string;
  x: number;
  y: number | null;
  label: string;
  /** Change against the month before: up, down, or none/unknown. */
  change: 'up' | 'down' | 'flat' | null;
  changeLabel: string;
}

const W = 720;
const H = 180;
const PAD = 36;

/** Formats a figure: percentages for rates, two decimals for means, one for NPS. */
export function formatFigure(figure: TrendFigure, v: number | null): string {
  if (v === null) return '—';
  return figure === 'topBox' || figure === 'positiveRate' ? `${(v * 100).toFixed(1)}%` : figure === 'nps' ? v.toFixed(1) : v.toFixed(2);
}

/** Months of the series as chart dots (suppressed months have no dot), with the MoM change. */
export function trendDots(series: TrendPoint[], figure: TrendFigure, months: string[]): { dots: TrendDot[]; min: number; max: number } {
  const byMonth = new Map(series.map((p) => [p.month, p]));
  const values = series.map((p) => p[figure]).filter((v): v is number => v !== null);
  const rate = figure === 'topBox' || figure === 'positiveRate';
  const min = rate ? 0 : figure === 'nps' ? -100 : Math.min(0, ...values);
  const max = rate ? 1 : figure === 'nps' ? 100 : Math.max(5, ...values);
  const step = months.length > 1 ? (W - 2 * PAD) / (months.length - 1) : 0;
  const dots = months.map((month, i) => {
    const p = byMonth.get(month);
    const v = p ? p[figure] : null;
    const d = p ? p.mom[figure] : null;
    return {
      month,
      x: PAD + i * step,
      y: v === null ? null : H - PAD - ((v - min) / (max - min || 1)) * (H - 2 * PAD),
      label: formatFigure(figure, v),
      change: d === null ? null : d > 0 ? 'up' : d < 0 ? 'down' : 'flat',
      changeLabel: d === null ? '' : `${d > 0 ? '+' : ''}${rate ? (d * 100).toFixed(1) + ' pp' : d.toFixed(figure === 'nps' ? 1 : 2)}`,
    } satisfies TrendDot;
  });
  return { dots, min, max };
}

/** The months from `from` to `to` (YYYY-MM). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (d.toISOString().slice(0, 7) <= to.slice(0, 7) && out.length < 60) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** A monthly line chart of one satisfaction figure; month-over-month changes are coloured. */
@Component({
  selector: 'app-trend-chart',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.viewBox]="'0 0 ' + w + ' ' + h"
      class="chart"
      role="img"
      [attr.aria-label]="'reports.trend.title' | transloco"
      data-testid="trend-chart"
    >
      <line [attr.x1]="pad" [attr.x2]="w - pad" [attr.y1]="h - pad" [attr.y2]="h - pad" class="axis" />
      <polyline [attr.points]="line()" class="line" />
      @for (d of chart().dots; track d.month) {
        <text [attr.x]="d.x" [attr.y]="h - pad + 16" class="month">{{ d.month.slice(2) }}</text>
        @if (d.y !== null) {
          <circle [attr.cx]="d.x" [attr.cy]="d.y" r="4" class="dot" [class.up]="d.change === 'up'" [class.down]="d.change === 'down'" />
          <text [attr.x]="d.x" [attr.y]="d.y - 10" class="value">{{ d.label }}</text>
          @if (d.changeLabel) {
            <text [attr.x]="d.x" [attr.y]="d.y + 18" class="delta" [class.up]="d.change === 'up'" [class.down]="d.change === 'down'">
              {{ d.changeLabel }}
            </text>
          }
        } @else {
          <text [attr.x]="d.x" [attr.y]="h - pad - 8" class="none">·</text>
        }
      }
    </svg>
  `,
  styles: `
    .chart {
      width: 100%;
      height: auto;
      max-height: 220px;
    }
    .axis {
      stroke: var(--mat-sys-outline-variant);
    }
    .line {
      fill: none;
      stroke: var(--mat-sys-primary);
      stroke-width: 2;
    }
    .dot {
      fill: var(--mat-sys-primary);
    }
    .month,
    .value,
    .delta,
    .none {
      font-size: 11px;
      text-anchor: middle;
      fill: var(--mat-sys-on-surface-variant);
    }
    .value {
      fill: var(--mat-sys-on-surface);
      font-weight: 500;
    }
    .up {
      fill: #2e7d32;
    }
    .down {
      fill: #c62828;
    }
  `,
})
export class TrendChart {
  readonly series = input.required<TrendPoint[]>();
  readonly figure = input.required<TrendFigure>();
  readonly from = input.required<string>();
  readonly to = input.required<string>();
  protected readonly w = W;
  protected readonly h = H;
  protected readonly pad = PAD;
  protected readonly chart = computed(() => trendDots(this.series(), this.figure(), monthsBetween(this.from(), this.to())));
  protected readonly line = computed(() =>
    this.chart()
      .dots.filter((d) => d.y !== null)
      .map((d) => `${d.x},${d.y}`)
      .join(' '),
  );
}
