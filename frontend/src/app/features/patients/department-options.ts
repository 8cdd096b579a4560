import { Signal, computed, inject } from '@angular/core';
import { DepartmentRef } from '../../core/auth/auth.models';
import { AuthStore } from '../../core/auth/auth.store';
import { DepartmentsApi } from '../admin-departments/departments.api';

/**
 * The departments a user can pick on the patient screens: every active department for those who may
 * read the department list (administrators, managers), else the user's own departments.
 * Call in an injection context.
 */
export function departmentOptions(): Signal<DepartmentRef[]> {
  const auth = inject(AuthStore);
  const canList = auth.hasPermission('department.read');
  const list = inject(DepartmentsApi).listResource(canList);
  return computed(() => {
    if (!canList) {
      return auth.departments();
    }
    return (list.hasValue() ? list.value() : []).filter((d) => d.active).map(({ id, code, name, nameEn }) => ({ id, code, name, nameEn }));
  });
}
