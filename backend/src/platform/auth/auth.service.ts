import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { User } from '../../admin/users/user.entity';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { requestContext } from '../context/request-context';
import { AppError, ErrorCode } from '../errors/app-error';
import { AuthSession } from './auth-session.entity';
import { passwordProblems } from './password-policy';
import { ALL_DEPARTMENT_ROLES, permissionsFor, Role } from './permissions';

export interface JwtPayload {
  sub: string;
  sid: string;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
}

/** What the console receives about the signed-in user. */
export interface UserProfile {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: string[];
  departments: DepartmentRef[];
  allDepartments: boolean;
  mustChangePassword: boolean;
  /** The desk-phone extension calls are placed from and routed to (set by an administrator). */
  phoneExtension: string | null;
}

/** Resolved on every authenticated request from the token's session. */
export interface SessionPrincipal {
  userId: string;
  username: string;
  roles: Role[];
  sessionId: string;
  departmentIds: string[];
}

// A real argon2 hash, verified when the username does not exist so both paths take the same time.
let dummyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  assertStrongPassword(password: string, username: string, field: string): void {
    const problems = passwordProblems(password, username, this.config.passwordMinLength);
    if (problems.length) throw AppError.validation({ [field]: problems }, ErrorCode.PASSWORD_TOO_WEAK);
  }

  /** Checks a username/password pair, applying lockout rules and recording the attempt. */
  async verifyCredentials(usernameRaw: string, password: string): Promise<User> {
    const username = usernameRaw.trim().toLowerCase();
    const users = this.db.getRepository(User);
    const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
    const fail = async (reason: string, error: AppError, userId: string | null = null) => {
      await this.audit.record({
        action: 'auth.login',
        outcome: 'failure',
        entityType: 'user',
        entityId: userId ?? undefined,
        actorId: userId,
        actorUsername: username.slice(0, 64),
        details: { reason },
      });
      throw error;
    };
    const invalid = new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.AUTH_INVALID_CREDENTIALS, 'Wrong username or password');

    if (!user) {
      dummyHash ??= AuthService.hashPassword('not-a-real-password-1');
      await argon2.verify(await dummyHash, password).catch(() => false);
      return fail('unknown_user', invalid);
    }
    if (user.lockedUntil && user.lockedUntil > new Date()) {
      return fail('locked', this.lockedError(user.lockedUntil), user.id);
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok) {
      // One atomic statement, so concurrent attempts cannot undercount failures.
      const result = await this.db
        .createQueryBuilder()
        .update(User)
        .set({
          lockedUntil: () => `CASE WHEN failed_attempts + 1 >= :max THEN now() + make_interval(mins => :mins) ELSE locked_until END`,
          failedAttempts: () => `CASE WHEN failed_attempts + 1 >= :max THEN 0 ELSE failed_attempts + 1 END`,
        })
        .where('id = :id', { id: user.id, max: this.config.login.maxAttempts, mins: this.config.login.lockMinutes })
        .returning('locked_until')
        .execute();
      const rows = result.raw as Array<{ locked_until: Date | null }>;
      const lockedUntil = rows[0]?.locked_until;
      if (lockedUntil && lockedUntil > new Date()) {
        await this.audit.record({
          action: 'auth.lockout',
          outcome: 'success',
          entityType: 'user',
          entityId: user.id,
          actorId: user.id,
          actorUsername: user.username,
          details: { lockedUntil: lockedUntil.toISOString(), attempts: this.config.login.maxAttempts },
        });
        return fail('bad_password_locked', this.lockedError(lockedUntil), user.id);
      }
      return fail('bad_password', invalid, user.id);
    }
    if (!user.active) {
      return fail('disabled', new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.AUTH_ACCOUNT_DISABLED, 'This account is disabled'), user.id);
    }
    return user;
  }

  private lockedError(until: Date): AppError {
    return new AppError(
      HttpStatus.UNAUTHORIZED,
      ErrorCode.AUTH_ACCOUNT_LOCKED,
      'Too many failed sign-ins; the account is locked',
      undefined,
      {
        lockedUntil: until.toISOString(),
      },
    );
  }

  /** Opens a session for a verified user and returns the signed token. */
  async signIn(user: User, userAgent?: string): Promise<{ accessToken: string; expiresAt: string; user: UserProfile }> {
    const ctx = requestContext.get();
    const expiresAt = new Date(Date.now() + this.config.jwtExpiresInSeconds * 1000);
    const session = await this.db.transaction(async (m) => {
      await m.update(User, { id: user.id }, { failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() });
      return m.save(
        m.create(AuthSession, { userId: user.id, expiresAt, clientIp: ctx?.clientIp ?? null, userAgent: userAgent?.slice(0, 300) ?? null }),
      );
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: session.id } satisfies JwtPayload, {
      expiresIn: this.config.jwtExpiresInSeconds,
    });
    await this.audit.record({
      action: 'auth.login',
      outcome: 'success',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
      actorUsername: user.username,
      details: { sessionId: session.id },
    });
    return { accessToken, expiresAt: expiresAt.toISOString(), user: await this.profile(user.id) };
  }

  /** Resolves a token's session; undefined when revoked, expired, or the user is disabled. */
  async principalFor(payload: JwtPayload): Promise<SessionPrincipal | undefined> {
    const rows: Array<{ user_id: string; username: string; roles: Role[]; department_ids: string[] }> = await this.db.query(
      `SELECT u.id AS user_id, u.username, u.roles,
              COALESCE(array_agg(ud.department_id) FILTER (WHERE ud.department_id IS NOT NULL), '{}') AS department_ids
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN user_department ud ON ud.user_id = u.id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
        GROUP BY u.id`,
      [payload.sid, payload.sub],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { userId: r.user_id, username: r.username, roles: r.roles, sessionId: payload.sid, departmentIds: r.department_ids };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.db.getRepository(AuthSession).update({ id: sessionId }, { revokedAt: new Date() });
    await this.audit.record({ action: 'auth.logout', entityType: 'session', entityId: sessionId });
  }

  /** Ends every open session of a user (disabled account, password reset). */
  async revokeAllSessions(userId: string, exceptSessionId?: string): Promise<void> {
    await this.db.query(
      `UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [userId, exceptSessionId ?? null],
    );
  }

  async changeOwnPassword(userId: string, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: userId })
      .getOneOrFail();
    if (!(await argon2.verify(user.passwordHash, currentPassword).catch(() => false))) {
      await this.audit.record({
        action: 'auth.password_change',
        outcome: 'failure',
        entityType: 'user',
        entityId: userId,
        details: { reason: 'wrong_current_password' },
      });
      throw AppError.validation({ currentPassword: ['current password is wrong'] });
    }
    if (currentPassword === newPassword)
      throw AppError.validation({ newPassword: ['new password must differ from the current one'] }, ErrorCode.PASSWORD_TOO_WEAK);
    this.assertStrongPassword(newPassword, user.username, 'newPassword');
    await this.db.getRepository(User).update(
      { id: userId },
      {
        passwordHash: await AuthService.hashPassword(newPassword),
        passwordChangedAt: new Date(),
        mustChangePassword: false,
      },
    );
    await this.revokeAllSessions(userId, sessionId);
    await this.audit.record({ action: 'auth.password_change', entityType: 'user', entityId: userId });
  }

  async profile(userId: string): Promise<UserProfile> {
    const user = await this.db.getRepository(User).findOneOrFail({ where: { id: userId }, relations: { departments: true } });
    return toProfile(user);
  }
}

export function toProfile(user: User): UserProfile {
  const departments = (user.departments ?? [])
    .map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.nameEn }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    permissions: permissionsFor(user.roles),
    departments,
    allDepartments: user.roles.some((r) => ALL_DEPARTMENT_ROLES.includes(r)),
    mustChangePassword: user.mustChangePassword,
    phoneExtension: user.phoneExtension,
  };
}
