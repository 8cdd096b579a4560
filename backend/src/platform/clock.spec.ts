import { AppClock, atClockTime, Clock } from './clock';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2026-11-20T02:00:00Z');
  }
}

describe('AppClock', () => {
  it('reads the time set by atClockTime inside its async context only, else the base clock', async () => {
    const clock = new AppClock(new FixedClock());
    const at = new Date('2026-10-01T01:30:00Z');
    const inside = atClockTime(at, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return clock.now();
    });
    expect(clock.now().toISOString()).toBe('2026-11-20T02:00:00.000Z');
    expect(await inside).toBe(at);
    expect(clock.now().toISOString()).toBe('2026-11-20T02:00:00.000Z');
  });
});
