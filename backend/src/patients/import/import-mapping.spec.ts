import { mappingProblems, parseDateTime, suggestMapping } from './import-mapping';

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
});
