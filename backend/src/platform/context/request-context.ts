import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../auth/permissions';

/** The signed-in user as the guard resolved it for this request. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  sessionId: string;
}

/**
 * Which departments' data this request may see. Queries of department-scoped data call
 * `departmentFilter()` (see access-scope.ts) instead of reading roles themselves.
 */
export interface AccessScope {
  /** True for roles that see every department (admin, manager, auditor). */
  allDepartments: boolean;
  /** The user's own departments. */
  departmentIds: string[];
  /** The department picked in the console's switcher (X-Department-Id), if any. */
  activeDepartmentId?: string;
}

export interface RequestContext {
  correlationId: string;
  clientIp?: string;
  user?: AuthUser;
  scope?: AccessScope;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
};

/** The signed-in user of the current request; only call from routes that require sign-in. */
export function currentUser(): AuthUser {
  const user = storage.getStore()?.user;
  if (!user) throw new Error('No signed-in user in the request context');
  return user;
}
