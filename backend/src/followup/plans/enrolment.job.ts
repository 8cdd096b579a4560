import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../platform/events/domain-events';
import { PlansService } from './plans.service';

/**
 * A scan from a time (the first scan after the upgrade that introduced the change marker, or a
 * watermark set back to a date by an operator) reads the discharges since that time minus these days.
 */
const LOOKBACK_DAYS = 7;
/**
 * How old a discharge may be when it reaches us (a late or corrected HIS message, an import) and still
 * be enrolled by the scan. Older ones (e.g. a historical import) are enrolled only by hand (enrolment
 * of a department's or ward's discharges of the last N days).
 */
export const LATE_DISCHARGE_DAYS = 30;
const WATERMARK = /^xid:(\d+)$/;

/**
 * Enrols a discharge as soon as the HIS reports it (`encounter.discharged`, batched for 200 ms), and
 * scans for new discharges every minute as the durable path (imports, restarts, missed events). The
 * scan reads only the encounters changed since the previous scan (`encounter.change_xid`, see
 * migration 1764630000000) that were discharged in the last LATE_DISCHARGE_DAYS, so its cost follows
 * what is new, not the size of a look-back window. Safe with several instances: the scan runs while
 * holding a row lock on its watermark (FOR UPDATE SKIP LOCKED), so only one instance scans at a time,
 * and enrolment itself is idempotent. The same minute tick finishes template regenerations that a stopped
 * process left unfinished (PlansService.resumeRegenerations; leased, so also safe with several instances).
 */
@Injectable()
export class EnrolmentJob implements OnApplicationShutdown, OnModuleInit {
  private readonly logger = new Logger(EnrolmentJob.name);
  private running = false;
  private stopping = false;

  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('encounter.discharged', (e) => {
      this.pending.add(e.encounterId);
      this.flushTimer ??= setTimeout(() => void this.enrolPending(), 200);
    });
  }

  /** Enrols the encounters reported discharged since the last flush (idempotent; the scan catches anything missed). */
  async enrolPending(): Promise<void> {
    this.flushTimer = null;
    const encounterIds = [...this.pending];
    this.pending.clear();
    if (!encounterIds.length || this.stopping || !this.db.isInitialized) return;
    try {
      const result = await this.plans.enrolDischarges({ encounterIds });
      if (result.plans) this.logger.log({ ...result, encounters: encounterIds.length }, 'enrolled reported discharges');
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'enrolment of reported discharges failed; the scan will pick them up');
    }
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  @Interval('followup-enrolment', 60_000)
  async tick(): Promise<void> {
    if (this.running || this.stopping || !this.db.isInitialized) return;
    this.running = true;
    try {
      await this.runOnce();
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'enrolment scan failed; it will run again');
    }
    try {
      // A template edit whose process stopped before its regeneration finished (lease expired) is finished here.
      const finished = await this.plans.resumeRegenerations();
      if (finished) this.logger.log({ templates: finished }, 'finished interrupted template regenerations');
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'resuming template regenerations failed; it will run again');
    } finally {
      this.running = false;
    }
  }

  /** One scan; returns undefined when another instance holds the scan. */
  async runOnce(): Promise<{ templates: number; plans: number } | undefined> {
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO app_setting (key, value) VALUES ('followup.enrolment_scan', '1970-01-01T00:00:00Z') ON CONFLICT (key) DO NOTHING`,
      );
      const rows: Array<{ value: string }> = await m.query(
        `SELECT value FROM app_setting WHERE key = 'followup.enrolment_scan' FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) return undefined;
      // The next scan starts from the oldest transaction still running now: everything older is
      // committed (or rolled back) and visible to this scan's queries, which start after this one.
      const [{ xmin }]: Array<{ xmin: string }> = await m.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
      const marker = WATERMARK.exec(rows[0].value);
      const result = marker
        ? await this.plans.enrolDischarges({
            changed: { xid: marker[1], dischargedAfter: new Date(Date.now() - LATE_DISCHARGE_DAYS * 86_400_000) },
          })
        : await this.plans.enrolDischarges({ since: new Date(new Date(rows[0].value).getTime() - LOOKBACK_DAYS * 86_400_000) });
      await m.query(`UPDATE app_setting SET value = $1, updated_at = now() WHERE key = 'followup.enrolment_scan'`, [`xid:${xmin}`]);
      if (result.plans) this.logger.log({ ...result }, 'enrolled new discharges');
      return result;
    });
  }
}
