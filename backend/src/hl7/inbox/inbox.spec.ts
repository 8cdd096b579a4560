import { QueryFailedError } from 'typeorm';
import { parseMessage } from '../parser';
import { isDatabaseError } from './inbox.service';
import { StoreOnlyApplier } from './store-only.applier';

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

describe('StoreOnlyApplier (placeholder until the mapping is merged)', () => {
  const source = { id: 'x', code: 'HIS', defaultCharset: 'UTF-8', mapping: {} };
  const msg = (event: string, extra = '') =>
    parseMessage(`MSH|^~\\&|HIS|H|HCRM|F|20260101||ADT^${event}|C1|P|2.5\rPID|1||ZY1^^^HOSP01^MR||Name\r${extra}`);

  it('patient key: first PID-3 as authority|type|value; MRG-1 for A40; the source code when PID-3.4 is empty', () => {
    const a = new StoreOnlyApplier();
    expect(a.patientKey(msg('A08'), source)).toBe('HOSP01|MR|ZY1');
    expect(a.patientKey(msg('A40', 'MRG|OLD7^^^^PI\r'), source)).toBe('HIS|PI|OLD7');
    expect(a.patientKey(parseMessage('MSH|^~\\&|HIS|H|HCRM|F|20260101||ADT^A08|C1|P|2.5\r'), source)).toBeNull();
  });

  it('changes nothing and says so', async () => {
    const r = await new StoreOnlyApplier().apply({} as never, msg('A01'));
    expect(r).toEqual({ outcome: 'ignored', patientId: null, summary: 'stored only: ADT^A01 (the domain mapping is not installed)' });
  });
});
