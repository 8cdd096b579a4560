/**
 * The time the application considers "now" for the hospital calendar: which day is today, what is due,
 * what is overdue, quiet hours. Production uses the system clock; tests pass their own (AppRuntime.clock)
 * to move the calendar, e.g. to see a task not done today in tomorrow's overdue list. Durations measured by
 * the database (claim expiry, retry delays) keep using its own clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The hospital's date (China Standard Time, UTC+8, no daylight saving) and hour of an instant. */
export function hospitalDay(at: Date): { date: string; hour: number } {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  return { date: cst.toISOString().slice(0, 10), hour: cst.getUTCHours() };
}
