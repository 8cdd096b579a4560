import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditEvent } from './audit/audit-event.entity';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { JWT_SECRET, JwtStrategy, LocalStrategy } from './auth/strategies';
import { AllExceptionsFilter } from './errors/http-exception.filter';
import { DomainEvents } from './events/domain-events';
import { AppClock, Clock, SystemClock } from './clock';
import { HealthController } from './health/health.controller';

/**
 * Cross-cutting platform: sign-in and sessions, the global deny-by-default guard, the audit trail,
 * error mapping, health and in-process domain events. Global, so feature modules can inject AuditService and AuthService.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, jwtSecret: string, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forFeature([AuditEvent]),
        PassportModule,
        JwtModule.register({ secret: jwtSecret, signOptions: { algorithm: 'HS256' } }),
        ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: config.login.rateLimitPerMinute }]),
        TerminusModule,
      ],
      controllers: [AuthController, AuditController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JWT_SECRET, useValue: jwtSecret },
        { provide: Clock, useValue: new AppClock(clock) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        AuditService,
        AuthService,
        DomainEvents,
        LocalStrategy,
        JwtStrategy,
      ],
      exports: [APP_CONFIG, AuditService, AuthService, DomainEvents, Clock],
    };
  }
}
