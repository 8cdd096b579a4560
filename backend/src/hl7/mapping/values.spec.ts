import { parseMessage } from '../parser';
import {
  fieldValue,
  mapIdentifierType,
  mapPatientClass,
  mapSex,
  normaliseDisposition,
  parseDate,
  parseTimestamp,
  personName,
} from './values';

describe('HL7 values for the mapping', () => {
  it('reads timestamps as hospital time unless an offset is sent', () => {
    expect(parseTimestamp('20260401082500')?.toISOString()).toBe('2026-04-01T00:25:00.000Z');
    expect(parseTimestamp('202604010825')?.toISOString()).toBe('2026-04-01T00:25:00.000Z');
    expect(parseTimestamp('20260401')?.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(parseTimestamp('20260401082500.25+0000')?.toISOString()).toBe('2026-04-01T08:25:00.250Z');
    expect(parseTimestamp('20260401082500-0500')?.toISOString()).toBe('2026-04-01T13:25:00.000Z');
  });

  it('refuses impossible or partial timestamps', () => {
    for (const bad of ['20260230', '2026', '202604', '20261301', '20260401250000', '2026-04-01', 'today', ''])
      expect(parseTimestamp(bad)).toBeNull();
  });

  it('dates are the calendar day as sent', () => {
    expect(parseDate('19780512')).toBe('1978-05-12');
    expect(parseDate('197805120000')).toBe('1978-05-12');
    expect(parseDate('19780231')).toBeNull();
  });

  it('names: Chinese as sent, Latin family first', () => {
    expect(personName('张三', '')).toBe('张三');
    expect(personName('欧阳', '娜娜')).toBe('欧阳娜娜');
    expect(personName('Smith', 'John', 'Robert')).toBe('Smith, John Robert');
    expect(personName('Smith', '')).toBe('Smith');
  });

  it('empty leaves, "" clears, a value is trimmed', () => {
    const pid = parseMessage('MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|2.5\rPID|1||X||""| 张三 \r').segment('PID');
    expect(fieldValue(pid, 4)).toEqual({ kind: 'absent' });
    expect(fieldValue(pid, 5)).toEqual({ kind: 'null' });
    expect(fieldValue(pid, 6)).toEqual({ kind: 'value', value: '张三' });
    expect(fieldValue(pid, 30)).toEqual({ kind: 'absent' });
  });

  it('code tables: defaults, source mapping, and mappings to codes we do not have', () => {
    expect(mapSex('M', {})).toBe('1');
    expect(mapSex('f', {})).toBe('2');
    expect(mapSex('X', {})).toBeUndefined();
    expect(mapSex('男', { sex: { 男: '1' } })).toBe('1');
    expect(mapSex('M', { sex: { M: 'male' } })).toBeUndefined();
    expect(mapPatientClass('I', {})).toBe('inpatient');
    expect(mapPatientClass('OP', { patientClass: { OP: 'outpatient' } })).toBe('outpatient');
    expect(mapPatientClass('D', { patientClass: { D: 'daycare' } })).toBeUndefined();
    expect(mapIdentifierType('MR', {})).toBe('his_id');
    expect(mapIdentifierType('PPN', {})).toBe('passport');
    expect(mapIdentifierType('ZZ', {})).toBe('zz');
    expect(mapIdentifierType('', {})).toBe('his_id');
    expect(mapIdentifierType('MR', { identifierTypes: { MR: 'inpatient_no' } })).toBe('inpatient_no');
    expect(normaliseDisposition('01')).toBe('1');
    expect(normaliseDisposition('A')).toBe('A');
  });
});
