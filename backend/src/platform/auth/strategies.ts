import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import type { User } from '../../admin/users/user.entity';
import { AuthService, JwtPayload, SessionPrincipal } from './auth.service';

export const JWT_SECRET = Symbol('JWT_SECRET');

/** Username + password sign-in (POST /api/auth/login). Lockout and auditing happen in AuthService. */
@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password' });
  }

  validate(username: string, password: string): Promise<User> {
    return this.auth.verifyCredentials(username, password);
  }
}

/** Bearer token on every other route; the session behind it must still be open. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    @Inject(JWT_SECRET) secret: string,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: secret,
      algorithms: ['HS256'],
    });
  }

  async validate(payload: JwtPayload): Promise<SessionPrincipal | false> {
    if (typeof payload?.sub !== 'string' || typeof payload?.sid !== 'string') return false;
    return (await this.auth.principalFor(payload)) ?? false;
  }
}
