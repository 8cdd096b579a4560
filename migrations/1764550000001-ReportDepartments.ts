import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report department of a task and of a call, kept on the row (issue #7 benchmark): a department's
 * supervisor table for a month joined every task of the month to its plan and anchor encounter to
 * learn the department (33 s on 3 million tasks). Triggers fill the columns on insert — the task's
 * department is its own (team = department) or its anchor encounter's, as when it was enrolled; a
 * call takes its task's — and this migration back-fills existing rows.
 */
export class ReportDepartments1764550000001 implements MigrationInterface {
  name = 'ReportDepartments1764550000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "followup_task" ADD "report_department_id" uuid`);
    await q.query(`ALTER TABLE "contact_attempt" ADD "department_id" uuid`);
    await q.query(
      `UPDATE followup_task k SET report_department_id = COALESCE(k.department_id, e.department_id)
         FROM followup_plan p LEFT JOIN encounter e ON e.id = p.encounter_id
        WHERE p.id = k.plan_id AND COALESCE(k.department_id, e.department_id) IS NOT NULL`,
    );
    await q.query(
      `UPDATE contact_attempt a SET department_id = k.report_department_id FROM followup_task k
        WHERE k.id = a.task_id AND k.report_department_id IS NOT NULL`,
    );
    await q.query(`CREATE FUNCTION report_task_department() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.report_department_id := COALESCE(NEW.department_id,
          (SELECT e.department_id FROM followup_plan p JOIN encounter e ON e.id = p.encounter_id WHERE p.id = NEW.plan_id));
        RETURN NEW;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER tr_followup_task_report_department BEFORE INSERT OR UPDATE OF department_id, plan_id ON followup_task
         FOR EACH ROW EXECUTE FUNCTION report_task_department()`,
    );
    await q.query(`CREATE FUNCTION report_attempt_department() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.department_id := (SELECT k.report_department_id FROM followup_task k WHERE k.id = NEW.task_id);
        RETURN NEW;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER tr_contact_attempt_department BEFORE INSERT OR UPDATE OF task_id ON contact_attempt
         FOR EACH ROW EXECUTE FUNCTION report_attempt_department()`,
    );
    await q.query(`CREATE INDEX "ix_followup_task_report_department_due" ON "followup_task" ("report_department_id", "due_date") `);
    await q.query(`CREATE INDEX "ix_contact_attempt_department_started" ON "contact_attempt" ("department_id", "started_at") `);
    await q.query(`CREATE INDEX "ix_escalation_department_created" ON "escalation" ("department_id", "created_at") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_escalation_department_created"`);
    await q.query(`DROP INDEX "public"."ix_contact_attempt_department_started"`);
    await q.query(`DROP INDEX "public"."ix_followup_task_report_department_due"`);
    await q.query(`DROP TRIGGER tr_contact_attempt_department ON contact_attempt`);
    await q.query(`DROP FUNCTION report_attempt_department()`);
    await q.query(`DROP TRIGGER tr_followup_task_report_department ON followup_task`);
    await q.query(`DROP FUNCTION report_task_department()`);
    await q.query(`ALTER TABLE "contact_attempt" DROP COLUMN "department_id"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "report_department_id"`);
  }
}
