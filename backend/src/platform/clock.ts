import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time the application considers "now" for the hospital calendar: which day is today, what is due,
 * what is overdue, quiet hours. Production uses the system clock; tests pass their own (AppRuntime.clock)
 * to move the calendar, e.g. to see a task not done today in tomorrow's overdue list. The times the reports
 * count by are taken from it too (a call's start, a task's completion, a response's submission, an
 * escalation's creation, due time, reply and closing, a plan's enrolment). Durations measured by the
 * database (claim expiry, retry delays) keep using its own clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const simulated = new AsyncLocalStorage<Date>();

/**
 * Runs `fn` with the application clock reading `at`, in `fn`'s asynchronous context only: requests
 * and jobs running meanwhile keep the real time. The demo follow-up history uses it to do a nurse's
 * past work through the real services (backend/src/database/demo/demo-followup.ts).
 */
export function atClockTime<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  return simulated.run(at, fn);
}

/** The clock the application injects: the time set by `atClockTime` in this context, else the given clock's. */
export class AppClock extends Clock {
  constructor(private readonly base: Clock) {
    super();
  }
  now(): Date {
    return simulated.getStore() ?? this.base.now();
  }
}

/** The hospital's date (China Standard Time, UTC+8, no daylight saving) and hour of an instant. */
export function hospitalDay(at: Date): { date: string; hour: number } {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  return { date: cst.toISOString().slice(0, 10), hour: cst.getUTCHours() };
}
