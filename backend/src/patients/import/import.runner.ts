import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ImportService } from './import.service';

/** A claimed job whose heartbeat is older than this is considered abandoned (instance died) and resumed. */
const STALE_SECONDS = 60;

/**
 * Background worker for imports, safe with several instances: each tick claims at most one job
 * with FOR UPDATE SKIP LOCKED, and a job whose worker stopped (restart, crash) is picked up again
 * once its heartbeat is stale, continuing from its committed progress.
 */
@Injectable()
export class ImportRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private busy = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly imports: ImportService,
  ) {}

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  @Interval('imports', 1000)
  async tick(): Promise<void> {
    if (this.busy || this.stopping || !this.db.isInitialized) return;
    this.busy = true;
    try {
      while (!this.stopping && (await this.runOne())) {
        /* keep going while there is work */
      }
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'import worker tick failed');
    } finally {
      this.busy = false;
    }
  }

  /** Claims and processes one job; false when there was nothing to do. */
  async runOne(): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.db
      .query(
        `UPDATE import_job j SET status = CASE WHEN j.status = 'queued' THEN 'running' ELSE j.status END,
              heartbeat_at = now(), started_at = COALESCE(j.started_at, now())
        WHERE j.id = (SELECT id FROM import_job
                       WHERE (status IN ('queued', 'validating') AND heartbeat_at IS NULL)
                          OR (status IN ('running', 'validating') AND heartbeat_at < now() - make_interval(secs => $1))
                       ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING j.id`,
        [STALE_SECONDS],
      )
      .then((r: [Array<{ id: string }>, number] | Array<{ id: string }>) =>
        Array.isArray(r[0]) ? (r[0] as Array<{ id: string }>) : (r as Array<{ id: string }>),
      );
    const job = rows[0];
    if (!job) return false;
    this.logger.log({ jobId: job.id }, 'import job claimed');
    await this.imports.process(job.id, async () => {
      await this.db.query(`UPDATE import_job SET heartbeat_at = now() WHERE id = $1`, [job.id]);
    });
    return true;
  }
}
