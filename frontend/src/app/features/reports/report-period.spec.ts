import { FALLBACK_PRESETS, hospitalToday, PctPipe, presetRange, trendStart } from './report-period';

describe('report periods', () => {
  it('uses the China date, not the browser time zone', () => {
    expect(hospitalToday(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(hospitalToday(Date.parse('2026-11-30T15:59:00Z'))).toBe('2026-11-30');
  });

  it('gives month, last month (across a year), quarter and year ranges', () => {
    expect(presetRange('thisMonth', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('thisQuarter', '2026-11-20')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetRange('thisYear', '2026-11-20')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(trendStart('2026-11-30')).toBe('2025-12-01');
  });

  it('shows twelve months of trend, the whole period when longer, and never more than 36 months', () => {
    expect(trendStart('2026-12-31', '2026-06-01')).toBe('2026-01-01');
    expect(trendStart('2026-12-31', '2026-01-01')).toBe('2026-01-01');
    expect(trendStart('2026-12-31', '2025-03-15')).toBe('2025-03-01');
    expect(trendStart('2026-12-31', '2024-01-01')).toBe('2024-01-01');
    expect(trendStart('2026-12-31', '2020-01-01')).toBe('2024-01-01');
  });

  it('offers longer periods when a period has too few answers, never the one already chosen', () => {
    expect(FALLBACK_PRESETS['thisMonth']).toEqual(['lastMonth', 'thisQuarter', 'thisYear']);
    expect(FALLBACK_PRESETS['lastMonth']).toEqual(['thisQuarter', 'thisYear']);
    expect(FALLBACK_PRESETS['thisQuarter']).toEqual(['thisYear']);
    expect(FALLBACK_PRESETS['thisYear']).toEqual([]);
    expect(FALLBACK_PRESETS['custom']).toEqual([]);
  });

  it('formats fractions as percentages and undefined rates as a dash', () => {
    const pct = new PctPipe();
    expect(pct.transform(3 / 7)).toBe('42.9%');
    expect(pct.transform(null)).toBe('—');
  });
});
