import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { loggerOptions } from './platform/logging/logger-options';
import { FollowupModule } from './followup/followup.module';
import { Hl7Module } from './hl7/hl7.module';
import type { Hl7Applier } from './hl7/mapping/contract';
import { WorklistModule } from './worklist/worklist.module';
import { PatientsModule } from './patients/patients.module';
import { Hl7MappingModule } from './hl7/mapping/mapping.module';
import { PlatformModule } from './platform/platform.module';
import { ReportsModule } from './reports/reports.module';
import type { Clock } from './platform/clock';
import { DemoFollowupModule } from './database/demo/demo-followup.module';

export interface AppRuntime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  /** Tests only: replaces the HL7 domain mapping (HL7_APPLIER). */
  hl7Applier?: Hl7Applier;
  /** Tests only: the hospital calendar's clock (default: the system clock). */
  clock?: Clock;
  /** Make the demo follow-up history at bootstrap (main.ts: on the start that seeded the demo hospital). */
  demoFollowup?: boolean;
}

/** Root module: logging, database, the built console at `/`, the platform and the feature modules. */
@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime): DynamicModule {
    const { config } = runtime;
    const serveConsole = existsSync(config.consoleDir)
      ? [
          ServeStaticModule.forRoot({
            rootPath: config.consoleDir,
            exclude: ['/api/{*path}'],
            serveStaticOptions: {
              index: 'index.html',
              // Content-hashed bundles (main-AB12CD34.js) may be cached for good; everything else
              // (index.html, translations) is revalidated so an upgrade takes effect at once.
              setHeaders: (res, path) =>
                res.setHeader('Cache-Control', /-[A-Z0-9]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
            },
          }),
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(runtime.databaseUrl), retryAttempts: 0 }),
        ScheduleModule.forRoot(),
        ...serveConsole,
        PlatformModule.forRoot(config, runtime.jwtSecret, runtime.clock),
        AdminModule,
        PatientsModule,
        Hl7MappingModule,
        FollowupModule,
        WorklistModule,
        ReportsModule,
        Hl7Module.forRoot({ applier: runtime.hl7Applier }),
        DemoFollowupModule.forRoot(!!runtime.demoFollowup),
      ],
    };
  }
}
