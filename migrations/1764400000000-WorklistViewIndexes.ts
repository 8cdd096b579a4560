import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Worklist view counts without full scans of followup_task (issue #6 benchmark): on 3.2 million
 * tasks the "mine", "callbacks", "done" and "pool" counts were sequential scans (1.3–4 s each).
 * Each index is partial and small: claimed tasks, open callbacks by their Beijing day, done tasks by
 * their Beijing completion day, open tasks by the start of their window.
 */
export class WorklistViewIndexes1764400000000 implements MigrationInterface {
  name = 'WorklistViewIndexes1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_followup_task_claimed" ON "followup_task" ("claimed_by") WHERE "claimed_by" IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_followup_task_callback_day" ON "followup_task" (((next_attempt_at AT TIME ZONE 'Asia/Shanghai')::date))
        WHERE "last_outcome" = 'callback' AND "status" IN ('pending', 'due', 'overdue', 'in_progress')`,
    );
    await q.query(
      `CREATE INDEX "ix_followup_task_done_day" ON "followup_task" (((completed_at AT TIME ZONE 'Asia/Shanghai')::date)) WHERE "status" = 'done'`,
    );
    await q.query(
      `CREATE INDEX "ix_followup_task_open_window" ON "followup_task" ("window_start") WHERE "status" IN ('pending', 'due', 'overdue', 'in_progress')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_task_open_window"`);
    await q.query(`DROP INDEX "ix_followup_task_done_day"`);
    await q.query(`DROP INDEX "ix_followup_task_callback_day"`);
    await q.query(`DROP INDEX "ix_followup_task_claimed"`);
  }
}
