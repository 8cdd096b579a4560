import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Hl7InboxService } from './inbox.service';

/**
 * Applies inbox rows left 'received' (crash between store and apply, database failure in between): once at
 * start-up and every 10 s. Thin: the work is `Hl7InboxService.recoverPending`, which is safe to run on every
 * instance at once.
 */
@Injectable()
export class Hl7RecoveryJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Hl7RecoveryJob.name);
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly inbox: Hl7InboxService) {}

  onApplicationBootstrap(): void {
    this.tick();
  }

  @Interval('hl7-recovery', 10_000)
  tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.run().finally(() => (this.running = undefined));
  }

  /** Runs until nothing is left (or the database fails); used by the timer and by tests. */
  async run(): Promise<void> {
    try {
      while (!this.stopped && (await this.inbox.recoverPending()) > 0) {
        /* next batch */
      }
    } catch (e) {
      this.logger.warn(`HL7 recovery run failed (${(e as Error).name}); retrying in 10 s`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
