import { Injectable, Provider } from '@angular/core';
import { DateAdapter, MAT_DATE_FORMATS, MAT_NATIVE_DATE_FORMATS, NativeDateAdapter } from '@angular/material/core';

/** `2024-03-01`, `2024/3/1`, `2024.3.1` or `2024年3月1日`. */
const YEAR_MONTH_DAY = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/;

/**
 * The native date adapter, except that a typed year-month-day is that calendar day where the user is:
 * `Date.parse('1960-03-01')` is UTC midnight, the day before anywhere west of Greenwich.
 */
@Injectable()
export class LocalDateAdapter extends NativeDateAdapter {
  override parse(value: unknown, parseFormat?: unknown): Date | null {
    const match = typeof value === 'string' ? YEAR_MONTH_DAY.exec(value) : null;
    if (!match) {
      return super.parse(value, parseFormat);
    }
    const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
    const date = new Date(year, month, day);
    return date.getFullYear() === year && date.getMonth() === month && date.getDate() === day ? date : this.invalid();
  }
}

/** The console's date adapter and the native display formats. */
export function provideLocalDateAdapter(): Provider[] {
  return [
    { provide: DateAdapter, useClass: LocalDateAdapter },
    { provide: MAT_DATE_FORMATS, useValue: MAT_NATIVE_DATE_FORMATS },
  ];
}
