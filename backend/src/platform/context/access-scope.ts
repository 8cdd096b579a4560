import type { AccessScope } from './request-context';

/**
 * The department ids a query must be limited to, or `null` for "no limit".
 * - A picked department (switcher) always narrows to that one department.
 * - Roles with all-department access see everything otherwise.
 * - Everyone else sees only their own departments (an empty list means nothing).
 */
export function departmentFilter(scope: AccessScope | undefined): string[] | null {
  if (!scope) return [];
  if (scope.activeDepartmentId) return [scope.activeDepartmentId];
  if (scope.allDepartments) return null;
  return scope.departmentIds;
}

/** Whether a user with this scope may pick `departmentId` in the switcher. */
export function mayActAsDepartment(scope: AccessScope, departmentId: string): boolean {
  return scope.allDepartments || scope.departmentIds.includes(departmentId);
}
