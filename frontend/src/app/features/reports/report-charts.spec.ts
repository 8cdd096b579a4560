import { formatChange, formatFigure, heatmapOption, monthsBetween, outcomesOption, trendOption } from './report-charts';
import { HeatmapReport, OutcomeRow, TrendPoint } from './reports.models';

const t = (key: string) => `«${key}»`;

function point(month: string, positiveRate: number | null, mom: number | null, yoy: number | null): TrendPoint {
  const none = { mean: null, topBox: null, nps: null };
  return {
    month,
    mode: 'phone',
    dimension: 'overall',
    scaleMax: 5,
    key: month,
    name: null,
    nameEn: null,
    responses: 6,
    valid: 6,
    dontKnow: 0,
    mean: null,
    top: 0,
    positive: 0,
    promoters: 0,
    detractors: 0,
    topBox: null,
    positiveRate,
    nps: null,
    suppressed: positiveRate === null,
    mom: { ...none, positiveRate: mom },
    yoy: { ...none, positiveRate: yoy },
  };
}

describe('report chart options', () => {
  it('formats figures and changes: percentages and percentage points for rates', () => {
    expect(formatFigure('positiveRate', 0.8333)).toBe('83.3%');
    expect(formatFigure('mean', 4.256)).toBe('4.26');
    expect(formatFigure('nps', null)).toBe('—');
    expect(formatChange('positiveRate', 0.05)).toBe('+5.0 pp');
    expect(formatChange('mean', -0.2)).toBe('-0.20');
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('trend: points coloured by the month-over-month change, the year before as a dashed line, gaps for missing months', () => {
    const o = trendOption(
      [point('2026-01', 0.8, 0.1, null), point('2026-03', 0.6, -0.2, -0.1)],
      'positiveRate',
      ['2026-01', '2026-02', '2026-03'],
      t,
    ) as {
      series: Array<{ data: unknown[]; name: string; lineStyle?: { type: string } }>;
      animation: boolean;
    };
    expect(o.animation).toBe(false);
    const [current, lastYear] = o.series;
    expect(current.name).toBe('«reports.trend.thisPeriod»');
    expect(current.data.map((d) => (d as { value: unknown }).value)).toEqual([80, '-', 60]);
    expect((current.data[0] as { itemStyle: { color: string } }).itemStyle.color).toBe('#2e7d32');
    expect((current.data[2] as { itemStyle: { color: string } }).itemStyle.color).toBe('#c62828');
    expect((current.data[2] as { label: { formatter: string } }).label.formatter).toBe('60.0%\n-20.0 pp');
    // A year before = value − YoY change; unknown when the change is unknown.
    expect(lastYear.data).toEqual(['-', '-', 70]);
    expect(lastYear.lineStyle?.type).toBe('dashed');
  });

  it('heat map: rates in percent; suppressed cells in their own grey series labelled "too few", empty cells left out', () => {
    const report: HeatmapReport = {
      metric: 'positiveRate',
      minResponses: 5,
      months: ['2026-01', '2026-02'],
      rows: [
        {
          departmentId: 'a',
          name: '心内科',
          nameEn: 'Cardiology',
          cells: [
            { month: '2026-01', numerator: 3, denominator: 4, suppressed: true, value: null },
            { month: '2026-02', numerator: 4, denominator: 5, suppressed: false, value: 0.8 },
          ],
        },
        {
          departmentId: 'b',
          name: '内分泌科',
          nameEn: null,
          cells: [
            { month: '2026-01', numerator: 0, denominator: 0, suppressed: false, value: null },
            { month: '2026-02', numerator: 5, denominator: 10, suppressed: false, value: 0.5 },
          ],
        },
      ],
    };
    const o = heatmapOption(report, (r) => r.name ?? '', t) as {
      yAxis: { data: string[] };
      series: Array<{ data: number[][]; label: { formatter: unknown } }>;
    };
    expect(o.yAxis.data).toEqual(['心内科', '内分泌科']);
    expect(o.series[0].data).toEqual([
      [1, 0, 80],
      [1, 1, 50],
    ]);
    expect(o.series[1].data).toEqual([[0, 0, 0]]);
    expect(o.series[1].label.formatter).toBe('«reports.tooFew»');
  });

  it('outcomes: one stacked series per outcome, in a fixed order', () => {
    const row: OutcomeRow = {
      key: 'x',
      total: false,
      name: 'A',
      nameEn: null,
      due: 5,
      doneOnTime: 2,
      doneLate: 1,
      open: 1,
      overdue: 1,
      ended: 0,
    };
    const o = outcomesOption([row], (r) => r.name ?? '', t) as { series: Array<{ stack: string; name: string; data: number[] }> };
    expect(o.series.map((s) => [s.name, s.data[0], s.stack])).toEqual([
      ['«reports.outcomes.doneOnTime»', 2, 'tasks'],
      ['«reports.outcomes.doneLate»', 1, 'tasks'],
      ['«reports.outcomes.open»', 1, 'tasks'],
      ['«reports.outcomes.overdue»', 1, 'tasks'],
      ['«reports.outcomes.ended»', 0, 'tasks'],
    ]);
  });
});
