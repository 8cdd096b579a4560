import { Clock } from '../../src/platform/clock';

/** The hospital calendar under a test's control: real time plus an offset. */
export class MovableClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
