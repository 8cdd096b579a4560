import type { EChartsCoreOption } from 'echarts/core';
import { HeatmapReport, OutcomeRow, RatesRow, TrendFigure, TrendPoint } from './reports.models';

/** Translates a key (Transloco), with parameters. */
export type Tr = (key: string, params?: Record<string, unknown>) => string;

const GREEN = '#2e7d32';
const RED = '#c62828';
const FONT = { fontFamily: 'Roboto, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif' };

/** Options every report chart shares: no animation (prints and screenshots show the final state), CJK-capable font. */
const BASE = { animation: false, textStyle: FONT, tooltip: { trigger: 'axis', confine: true } };

const isRate = (f: TrendFigure) => f === 'topBox' || f === 'positiveRate';

/** A figure as shown: percentages for rates, one decimal for NPS, two for means; '—' when absent. */
export function formatFigure(figure: TrendFigure, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return isRate(figure) ? `${(v * 100).toFixed(1)}%` : figure === 'nps' ? v.toFixed(1) : v.toFixed(2);
}

/** A change in points: percentage points for rates. */
export function formatChange(figure: TrendFigure, d: number | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const sign = d > 0 ? '+' : '';
  return isRate(figure) ? `${sign}${(d * 100).toFixed(1)} pp` : `${sign}${d.toFixed(figure === 'nps' ? 1 : 2)}`;
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

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : Math.round(v * 1000) / 10);

/** Follow-up rates of each group as bars (percent). */
export function ratesBarOption(rows: RatesRow[], label: (r: RatesRow) => string, t: Tr): EChartsCoreOption {
  const metrics = ['completionRate', 'timeliness', 'reachRate', 'lossRate'] as const;
  return {
    ...BASE,
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, name: '%', axisLabel: { formatter: '{value}%' } },
    tooltip: { ...BASE.tooltip, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    series: metrics.map((m) => ({ type: 'bar', name: t('reports.col.' + m), barMaxWidth: 40, data: rows.map((r) => pct(r[m])) })),
  };
}

export const OUTCOMES = ['doneOnTime', 'doneLate', 'open', 'overdue', 'ended'] as const;
const OUTCOME_COLOURS = { doneOnTime: GREEN, doneLate: '#81c784', open: '#90a4ae', overdue: '#f9a825', ended: RED };

/** Tasks due per group split by outcome: one stacked bar per group. */
export function outcomesOption(rows: OutcomeRow[], label: (r: OutcomeRow) => string, t: Tr): EChartsCoreOption {
  return {
    ...BASE,
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: t('reports.outcomes.tasks'), minInterval: 1 },
    series: OUTCOMES.map((o) => ({
      type: 'bar',
      stack: 'tasks',
      barMaxWidth: 80,
      name: t('reports.outcomes.' + o),
      itemStyle: { color: OUTCOME_COLOURS[o] },
      data: rows.map((r) => r[o]),
    })),
  };
}

/**
 * One satisfaction figure by month: the line of the period, the same months a year before (dashed),
 * each point coloured by its change against the month before (green up, red down) and labelled with it.
 */
export function trendOption(points: TrendPoint[], figure: TrendFigure, months: string[], t: Tr): EChartsCoreOption {
  const at = new Map(points.map((p) => [p.month, p]));
  const scale = (v: number | null | undefined) => (v === null || v === undefined ? '-' : isRate(figure) ? Math.round(v * 1000) / 10 : v);
  const current = months.map((m) => {
    const p = at.get(m);
    const v = p?.[figure] ?? null;
    const d = p?.mom[figure] ?? null;
    return {
      value: scale(v),
      itemStyle: { color: d === null ? '#1565c0' : d > 0 ? GREEN : d < 0 ? RED : '#1565c0' },
      label: {
        show: v !== null,
        formatter: d === null ? formatFigure(figure, v) : `${formatFigure(figure, v)}\n${formatChange(figure, d)}`,
        color: d === null || d === 0 ? undefined : d > 0 ? GREEN : RED,
      },
    };
  });
  const lastYear = months.map((m) => {
    const p = at.get(m);
    const v = p?.[figure];
    const d = p?.yoy[figure];
    return v === null || v === undefined || d === null || d === undefined ? '-' : scale(v - d);
  });
  const range = isRate(figure) ? { min: 0, max: 100 } : figure === 'nps' ? { min: -100, max: 100 } : { min: 0, max: 5 };
  return {
    ...BASE,
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months, name: t('reports.groups.month') },
    yAxis: { type: 'value', ...range, name: t('reports.col.' + figure), axisLabel: isRate(figure) ? { formatter: '{value}%' } : {} },
    tooltip: {
      ...BASE.tooltip,
      formatter: (params: Array<{ dataIndex: number }>) => {
        const p = at.get(months[params[0]?.dataIndex ?? 0]);
        const m = months[params[0]?.dataIndex ?? 0];
        if (!p) return `${m}: —`;
        return [
          `${m}: ${formatFigure(figure, p[figure])}`,
          `${t('reports.trend.mom')}: ${formatChange(figure, p.mom[figure])}`,
          `${t('reports.trend.yoy')}: ${formatChange(figure, p.yoy[figure])}`,
        ].join('<br/>');
      },
    },
    series: [
      { type: 'line', name: t('reports.trend.thisPeriod'), data: current, symbolSize: 9, connectNulls: false, label: { position: 'top' } },
      {
        type: 'line',
        name: t('reports.trend.yearBefore'),
        data: lastYear,
        lineStyle: { type: 'dashed' },
        symbol: 'emptyCircle',
        itemStyle: { color: '#9e9e9e' },
      },
    ],
  };
}

/**
 * Department × month heat map of a rate (percent). Cells with too few answers are drawn grey and
 * labelled as such (never as 0); months without any task or answer stay empty.
 */
export function heatmapOption(report: HeatmapReport, deptLabel: (r: HeatmapReport['rows'][number]) => string, t: Tr): EChartsCoreOption {
  const values: Array<[number, number, number]> = [];
  const few: Array<[number, number, number]> = [];
  report.rows.forEach((r, y) =>
    r.cells.forEach((c, x) => {
      if (c.suppressed) few.push([x, y, 0]);
      else if (c.value !== null) values.push([x, y, Math.round(c.value * 1000) / 10]);
    }),
  );
  const tooFew = t('reports.tooFew');
  return {
    ...BASE,
    tooltip: {
      confine: true,
      formatter: (p: { seriesIndex: number; value: [number, number, number] }) => {
        const row = report.rows[p.value[1]];
        const cell = row?.cells[p.value[0]];
        const head = `${row ? deptLabel(row) : ''} ${cell?.month ?? ''}`;
        return cell?.suppressed
          ? `${head}: ${tooFew} (n = ${cell.denominator})`
          : `${head}: ${p.value[2]}% (${cell?.numerator}/${cell?.denominator})`;
      },
    },
    grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: report.months, splitArea: { show: true } },
    yAxis: { type: 'category', data: report.rows.map(deptLabel), splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      seriesIndex: 0,
      text: ['100%', '0%'],
      inRange: { color: ['#ffebee', '#fff8e1', '#e8f5e9', '#2e7d32'] },
    },
    series: [
      {
        type: 'heatmap',
        name: t('reports.col.' + report.metric),
        data: values,
        label: { show: true, formatter: (p: { value: number[] }) => `${p.value[2]}%` },
      },
      {
        type: 'heatmap',
        name: tooFew,
        data: few,
        itemStyle: { color: '#eeeeee' },
        label: { show: true, formatter: tooFew, color: '#616161', fontSize: 10 },
      },
    ],
  };
}

/** Horizontal bars of counts (patients, escalations), largest on top. */
export function countBarOption(items: Array<{ label: string; value: number }>, name: string): EChartsCoreOption {
  const rows = [...items].reverse();
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, name },
    yAxis: { type: 'category', data: rows.map((i) => i.label), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      { type: 'bar', name, data: rows.map((i) => i.value), label: { show: true, position: 'right' }, itemStyle: { color: '#1565c0' } },
    ],
  };
}
