import { ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { mayActAsDepartment } from '../context/access-scope';
import { AccessScope, requestContext } from '../context/request-context';
import { AppError, ErrorCode } from '../errors/app-error';
import type { SessionPrincipal } from './auth.service';
import { ACCESS_KEY, AccessRule } from './decorators';
import { ALL_DEPARTMENT_ROLES, permissionsFor } from './permissions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one global guard. Deny by default: a route must be @Public(), @Authenticated() or
 * @RequirePermission(...). Resolves the user's session, checks the permission, and fills the
 * request context (user + department access scope) for services and the audit trail.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access rule; denied`);
      throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, 'Access denied');
    }
    if (rule.kind === 'public') return true;

    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<Request & { user?: SessionPrincipal }>();
    const principal = req.user;
    if (!principal) throw this.authRequired();

    if (rule.kind === 'permission') {
      const granted = new Set(permissionsFor(principal.roles));
      if (!rule.permissions.every((p) => granted.has(p))) {
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, 'Your role does not allow this action', undefined, {
          required: rule.permissions,
        });
      }
    }

    const scope: AccessScope = {
      allDepartments: principal.roles.some((r) => ALL_DEPARTMENT_ROLES.includes(r)),
      departmentIds: principal.departmentIds,
    };
    const picked = req.header('x-department-id');
    if (picked) {
      if (!UUID.test(picked) || !mayActAsDepartment(scope, picked)) {
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.DEPARTMENT_NOT_ALLOWED, 'You do not belong to this department');
      }
      scope.activeDepartmentId = picked;
    }
    const ctx = requestContext.get();
    if (ctx) {
      ctx.user = { id: principal.userId, username: principal.username, roles: principal.roles, sessionId: principal.sessionId };
      ctx.scope = scope;
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    // Errors raised while resolving the session (e.g. database unavailable) keep their own meaning;
    // a missing, malformed, expired or revoked token means "sign in".
    if (err) throw err;
    if (!user) throw this.authRequired();
    return user;
  }

  private authRequired(): AppError {
    return new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.AUTH_REQUIRED, 'Sign in required (the token is missing, expired or revoked)');
  }
}
