import { departmentFilter, mayActAsDepartment } from './access-scope';

describe('department access scope', () => {
  it('limits a nurse to her departments and a picked department narrows further', () => {
    expect(departmentFilter({ allDepartments: false, departmentIds: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(departmentFilter({ allDepartments: false, departmentIds: ['a', 'b'], activeDepartmentId: 'b' })).toEqual(['b']);
  });

  it('gives all-department roles no limit unless they pick one', () => {
    expect(departmentFilter({ allDepartments: true, departmentIds: [] })).toBeNull();
    expect(departmentFilter({ allDepartments: true, departmentIds: [], activeDepartmentId: 'c' })).toEqual(['c']);
  });

  it('denies everything without a scope and only allows picking own departments', () => {
    expect(departmentFilter(undefined)).toEqual([]);
    expect(mayActAsDepartment({ allDepartments: false, departmentIds: ['a'] }, 'b')).toBe(false);
    expect(mayActAsDepartment({ allDepartments: true, departmentIds: [] }, 'b')).toBe(true);
  });
});
