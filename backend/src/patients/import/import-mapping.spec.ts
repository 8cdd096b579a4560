import { mappingProblems, normaliseRow, parseDateTime, problemsText, suggestMapping } from './import-mapping';

describe('import mapping', () => {
  it('suggests a mapping from common HIS header names', () => {
    expect(suggestMapping(['姓名', '性别', '住院号', '联系电话', '出院科室', '其它'])).toEqual({
      name: '姓名',
      sex: '性别',
      inpatientNo: '住院号',
      phone: '联系电话',
      department: '出院科室',
    });
  });

  it('requires a name and an identifying column', () => {
    expect(mappingProblems({ name: '姓名', inpatientNo: '住院号' }, ['姓名', '住院号'])).toEqual({});
    expect(Object.keys(mappingProblems({ phone: '电话' }, ['电话'])).sort()).toEqual(['hisId', 'name']);
  });

  it('reads the date formats HIS exports use, as China Standard Time', () => {
    expect(parseDateTime('2026-03-05 14:30')).toEqual(new Date('2026-03-05T06:30:00Z'));
    expect(parseDateTime('2026/3/5')).toEqual(new Date('2026-03-04T16:00:00Z'));
    expect(parseDateTime('20260305')).toEqual(new Date('2026-03-04T16:00:00Z'));
    expect(parseDateTime('2026年3月5日')).toEqual(new Date('2026-03-04T16:00:00Z'));
    expect(parseDateTime('46086')).toEqual(new Date('2026-03-04T16:00:00Z')); // Excel serial day
    expect(parseDateTime('2026-02-30')).toBe('invalid');
    expect(parseDateTime('yesterday')).toBe('invalid');
    expect(parseDateTime('')).toBeNull();
  });

  it('reports every problem of a row as a code with the values it quotes, and in English', () => {
    const mapping = { name: '姓名', sex: '性别', birthDate: '出生', phone: '电话', department: '科室', admittedAt: '入院', dischargedAt: '出院' };
    const row = { 姓名: '', 性别: 'x', 出生: '1970-13-45', 电话: '1390000', 科室: '牙科', 入院: '2026-01-05', 出院: '2026-01-02' };
    const result = normaliseRow(row, mapping, []);
    if (!('errors' in result)) throw new Error('expected problems');
    expect(result.errors).toEqual([
      { code: 'name_empty' },
      { code: 'sex_unknown', params: { value: 'x' } },
      { code: 'birth_date_invalid', params: { value: '1970-13-45' } },
      { code: 'no_patient_key' },
      { code: 'phone_invalid', params: { value: '1390000' } },
      { code: 'department_unknown', params: { value: '牙科' } },
      { code: 'discharge_before_admission' },
    ]);
    expect(problemsText(result.errors)).toBe(
      '姓名 / name is empty; unknown sex "x" (use 男/女 or GB/T 2261.1 codes); birth date "1970-13-45" is not a date; ' +
        'the row has no patient ID, 住院号 or valid ID number; phone "1390000" is not a valid number; unknown department "牙科"; ' +
        'discharge time is before admission time',
    );
  });
});
