import { TestBed } from '@angular/core/testing';
import { LocalDateAdapter } from './local-date-adapter';

describe('LocalDateAdapter', () => {
  const adapter = () => TestBed.runInInjectionContext(() => new LocalDateAdapter());
  const day = (date: Date | null) => date && [date.getFullYear(), date.getMonth() + 1, date.getDate()];

  it.each(['1960-03-01', '1960/3/1', '1960.03.01', '1960年3月1日', ' 1960-3-1 '])('reads %s as that local day', (text) => {
    const date = adapter().parse(text);
    expect(day(date)).toEqual([1960, 3, 1]);
    expect(date?.getHours()).toBe(0);
  });

  it('refuses impossible days', () => {
    const date = adapter().parse('1970-13-45');
    expect(date).not.toBeNull();
    expect(adapter().isValid(date as Date)).toBe(false);
    expect(adapter().isValid(adapter().parse('2023-02-29') as Date)).toBe(false);
  });

  it('leaves other input to the native adapter', () => {
    expect(adapter().parse('')).toBeNull();
    expect(day(adapter().parse(Date.UTC(2024, 0, 15, 12)))).toEqual([2024, 1, 15]);
  });
});
