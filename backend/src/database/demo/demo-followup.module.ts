import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { FollowupModule } from '../../followup/followup.module';
import { WorklistModule } from '../../worklist/worklist.module';
import { DemoFollowupService } from './demo-followup';

const ON_BOOT = Symbol('DEMO_FOLLOWUP_ON_BOOT');

/** Makes the demo follow-up history while the application boots (before the HTTP server listens), when asked to. */
@Injectable()
class DemoFollowupOnBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoFollowup');
  constructor(
    @Inject(ON_BOOT) private readonly enabled: boolean,
    private readonly demo: DemoFollowupService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.demo.seed();
    } catch (e) {
      // The demo hospital itself is there; a failed history must not keep the server from starting.
      this.logger.error({ err: (e as Error).message }, 'the demo follow-up history could not be made');
    }
  }
}

/** The demo follow-up history (DemoFollowupService); `onBoot`: make it at bootstrap (main.ts, on the start that seeded the demo hospital). */
@Module({})
export class DemoFollowupModule {
  static forRoot(onBoot: boolean): DynamicModule {
    return {
      module: DemoFollowupModule,
      imports: [FollowupModule, WorklistModule],
      providers: [DemoFollowupService, DemoFollowupOnBoot, { provide: ON_BOOT, useValue: onBoot }],
      exports: [DemoFollowupService],
    };
  }
}
