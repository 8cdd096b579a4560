import { QueryFailedError } from 'typeorm';
import { isDatabaseError } from './inbox.service';

describe('isDatabaseError (AR and retry) versus a bug in the mapping (AE 207)', () => {
  it('database side: TypeORM query errors, SQLSTATEs, socket errnos, lost connections', () => {
    expect(isDatabaseError(new QueryFailedError('SELECT 1', [], new Error('deadlock detected')))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('mapping side: TypeError, RangeError, Node ERR_* codes', () => {
    expect(isDatabaseError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isDatabaseError(new RangeError('Invalid time value'))).toBe(false);
    expect(isDatabaseError(Object.assign(new TypeError('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
    expect(isDatabaseError(undefined)).toBe(false);
  });
});
