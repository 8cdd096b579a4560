import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task assignment (issue #6): rules that give new follow-up tasks to a nurse or leave them in a team
 * pool, and the append-only history of every assignee change (rule, bulk reassignment, manual).
 * A partial index serves "the open tasks assigned to a nurse" (bulk reassignment, the nurse's list).
 */
export class Assignment1764530000000 implements MigrationInterface {
  name = 'Assignment1764530000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assignment_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "priority" integer NOT NULL, "department_id" uuid, "ward_id" uuid, "icd_prefixes" text array NOT NULL DEFAULT '{}', "template_id" uuid, "channel" character varying(16), "assignee_id" uuid, "target_team" character varying(16), "active" boolean NOT NULL DEFAULT true, "disabled_at" TIMESTAMP WITH TIME ZONE, "disabled_by" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_assignment_rule_target" CHECK (("assignee_id" IS NOT NULL) <> ("target_team" IS NOT NULL)), CONSTRAINT "ck_assignment_rule_team" CHECK ("target_team" IN ('centre', 'department')), CONSTRAINT "PK_assignment_rule" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_assignment_rule_active" ON "assignment_rule" ("active", "priority") `);
    await q.query(
      `ALTER TABLE "assignment_rule" ADD CONSTRAINT "fk_assignment_rule_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "assignment_rule" ADD CONSTRAINT "fk_assignment_rule_ward" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "assignment_rule" ADD CONSTRAINT "fk_assignment_rule_template" FOREIGN KEY ("template_id") REFERENCES "followup_template"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "assignment_rule" ADD CONSTRAINT "fk_assignment_rule_assignee" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "task_assignment_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "from_user_id" uuid, "to_user_id" uuid, "changed_by" uuid, "source" character varying(8) NOT NULL, "rule_id" uuid, "batch_id" uuid, "reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_task_assignment_history_source" CHECK ("source" IN ('rule', 'bulk', 'manual')), CONSTRAINT "PK_task_assignment_history" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_task_assignment_history_task" ON "task_assignment_history" ("task_id", "created_at") `);
    await q.query(`CREATE INDEX "ix_task_assignment_history_batch" ON "task_assignment_history" ("batch_id") `);
    await q.query(
      `ALTER TABLE "task_assignment_history" ADD CONSTRAINT "fk_task_assignment_history_task" FOREIGN KEY ("task_id") REFERENCES "followup_task"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task_assignment_history" ADD CONSTRAINT "fk_task_assignment_history_rule" FOREIGN KEY ("rule_id") REFERENCES "assignment_rule"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE INDEX "ix_followup_task_assigned" ON "followup_task" ("assigned_to") WHERE "assigned_to" IS NOT NULL AND "status" IN ('pending', 'due', 'overdue', 'in_progress')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_task_assigned"`);
    await q.query(`DROP TABLE "task_assignment_history"`);
    await q.query(`DROP TABLE "assignment_rule"`);
  }
}
