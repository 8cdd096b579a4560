import { DepartmentRef } from '../../core/auth/auth.models';
import { SortOrder } from '../../core/api/paged';

/** A user item of GET /users. */
export interface UserItem {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  departments: DepartmentRef[];
  active: boolean;
  /** Desk-phone extension for the telephony adapter. */
  phoneExtension: string | null;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export type UserSort = 'username' | 'displayName' | 'createdAt' | 'lastLoginAt';

export interface UserQuery {
  q: string;
  role: string;
  /** '' = any. */
  active: '' | 'true' | 'false';
  page: number;
  pageSize: number;
  sort: UserSort;
  order: SortOrder;
}

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  departmentIds: string[];
  active?: boolean;
  phoneExtension?: string | null;
}

export interface UserUpdate {
  displayName?: string;
  roles?: string[];
  departmentIds?: string[];
  active?: boolean;
  phoneExtension?: string | null;
}

export function isLocked(user: Pick<UserItem, 'lockedUntil'>, now = Date.now()): boolean {
  return user.lockedUntil !== null && Date.parse(user.lockedUntil) > now;
}

export const INITIAL_USER_QUERY: UserQuery = {
  q: '',
  role: '',
  active: '',
  page: 1,
  pageSize: 20,
  sort: 'username',
  order: 'asc',
};
