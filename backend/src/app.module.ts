import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { LoggerModule } from 'nestjs-pino';
import { DepartmentsController } from './admin/departments/departments.controller';
import { DepartmentsService } from './admin/departments/departments.service';
import { DictionaryController } from './admin/dictionary/dictionary.controller';
import { DictionaryService } from './admin/dictionary/dictionary.service';
import { UsersController } from './admin/users/users.controller';
import { UsersService } from './admin/users/users.service';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { ENTITIES } from './database/entities';
import { AuditController } from './platform/audit/audit.controller';
import { AuditService } from './platform/audit/audit.service';
import { AccessGuard } from './platform/auth/access.guard';
import { AuthController } from './platform/auth/auth.controller';
import { AuthService } from './platform/auth/auth.service';
import { JWT_SECRET, JwtStrategy, LocalStrategy } from './platform/auth/strategies';

import { AllExceptionsFilter } from './platform/errors/http-exception.filter';
import { HealthController } from './platform/health/health.controller';
import { loggerOptions } from './platform/logging/logger-options';

export interface AppRuntime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
}

@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime): DynamicModule {
    const { config } = runtime;
    const serveConsole = existsSync(config.consoleDir)
      ? [ServeStaticModule.forRoot({ rootPath: config.consoleDir, exclude: ['/api/{*path}'], serveStaticOptions: { index: 'index.html', maxAge: '1h' } })]
      : [];
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(runtime.databaseUrl), retryAttempts: 0 }),
        TypeOrmModule.forFeature(ENTITIES),
        PassportModule,
        JwtModule.register({ secret: runtime.jwtSecret, signOptions: { algorithm: 'HS256' } }),
        ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: config.login.rateLimitPerMinute }]),
        TerminusModule,
        ...serveConsole,
      ],
      controllers: [AuthController, UsersController, DepartmentsController, DictionaryController, AuditController, HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JWT_SECRET, useValue: runtime.jwtSecret },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        AuditService,
        AuthService,
        LocalStrategy,
        JwtStrategy,
        UsersService,
        DepartmentsService,
        DictionaryService,
      ],
    };
  }
}
