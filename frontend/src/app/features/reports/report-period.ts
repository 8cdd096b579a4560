import { Pipe, PipeTransform } from '@angular/core';

export type Preset = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear' | 'custom';
export const PRESETS: readonly Preset[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear', 'custom'];

/** Today in the hospital's calendar (China Standard Time, UTC+8), as the server counts. */
export function hospitalToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The `from`–`to` of a preset around `today` (YYYY-MM-DD). */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number);
  const month = m - 1;
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, month, 1), to: iso(y, month + 1, 0) };
    case 'lastMonth':
      return { from: iso(y, month - 1, 1), to: iso(y, month, 0) };
    case 'thisQuarter': {
      const q = Math.floor(month / 3) * 3;
      return { from: iso(y, q, 1), to: iso(y, q + 3, 0) };
    }
    case 'thisYear':
      return { from: iso(y, 0, 1), to: iso(y, 11, 31) };
  }
}

/**
 * The periods to offer instead of a preset whose satisfaction groups all have too few answers, shortest first: after
 * "this month", the last whole month (the one reviewed at meetings), then the quarter and the year. None after a
 * custom period.
 */
export const FALLBACK_PRESETS: Readonly<Record<Preset, readonly Preset[]>> = {
  thisMonth: ['lastMonth', 'thisQuarter', 'thisYear'],
  lastMonth: ['thisQuarter', 'thisYear'],
  thisQuarter: ['thisYear'],
  thisYear: [],
  custom: [],
};

/**
 * First day of the trend window ending in `to`'s month: at least twelve months (for month-over-month context), more
 * when the period starting at `from` is longer, and at most 36 months (the server's limit for monthly buckets).
 */
export function trendStart(to: string, from = to): string {
  const [y, m] = to.split('-').map(Number);
  const twelve = iso(y, m - 12, 1);
  const longest = iso(y, m - 36, 1);
  const first = `${from.slice(0, 7)}-01`;
  return first < twelve ? (first > longest ? first : longest) : twelve;
}

/** `0.4285 | pct` → "42.9%"; null → "—". */
@Pipe({ name: 'pct' })
export class PctPipe implements PipeTransform {
  transform(value: number | null | undefined, digits = 1): string {
    return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
  }
}
