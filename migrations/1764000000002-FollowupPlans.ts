import { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-up templates, plans (enrolments) and tasks (issue #5). */
export class FollowupPlans1764000000002 implements MigrationInterface {
  name = 'FollowupPlans1764000000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "followup_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name_zh" character varying(200) NOT NULL, "name_en" character varying(200) NOT NULL, "purpose" character varying(16) NOT NULL, "mode" character varying(16) NOT NULL, "owner_department_id" uuid, "rules" jsonb NOT NULL, "steps" jsonb NOT NULL, "version" integer NOT NULL DEFAULT '1', "active" boolean NOT NULL DEFAULT true, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_followup_template_purpose" CHECK ("purpose" IN ('clinical', 'research', 'satisfaction', 'chronic')), CONSTRAINT "PK_c1ab532ce9d9685229611a20ed6" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "followup_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "template_id" uuid NOT NULL, "encounter_id" uuid, "anchor_key" character varying(64) NOT NULL, "discharged_at" TIMESTAMP WITH TIME ZONE, "admitted_at" TIMESTAMP WITH TIME ZONE, "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" character varying(16) NOT NULL DEFAULT 'active', "cancel_reason" character varying(200), "enrolled_by" character varying(16) NOT NULL, CONSTRAINT "PK_df623dbcbddf15e6f0a0c02aed8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_followup_plan_patient" ON "followup_plan" ("patient_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_followup_plan" ON "followup_plan" ("patient_id", "template_id", "anchor_key") `);
    await q.query(
      `CREATE TABLE "followup_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "step_key" character varying(32) NOT NULL, "sequence" integer NOT NULL, "due_date" date NOT NULL, "window_start" date NOT NULL, "window_end" date NOT NULL, "questionnaire_id" uuid NOT NULL, "channel" character varying(16) NOT NULL, "team" character varying(16) NOT NULL, "department_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'pending', "template_version" integer NOT NULL, "assigned_to" uuid, "cancel_reason" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_750f6ce5bd8bff79a2e4c366504" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_followup_task_patient" ON "followup_task" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_followup_task_due" ON "followup_task" ("status", "due_date") `);
    await q.query(`CREATE UNIQUE INDEX "uq_followup_task_step" ON "followup_task" ("plan_id", "step_key", "sequence") `);
    await q.query(
      `ALTER TABLE "followup_plan" ADD CONSTRAINT "fk_followup_plan_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "followup_plan" ADD CONSTRAINT "fk_followup_plan_template" FOREIGN KEY ("template_id") REFERENCES "followup_template"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "followup_task" ADD CONSTRAINT "fk_followup_task_plan" FOREIGN KEY ("plan_id") REFERENCES "followup_plan"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "followup_task" ADD CONSTRAINT "fk_followup_task_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "followup_task" ADD CONSTRAINT "fk_followup_task_questionnaire" FOREIGN KEY ("questionnaire_id") REFERENCES "questionnaire"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE INDEX "ix_followup_task_pending_plan" ON "followup_task" ("plan_id") WHERE "status" = 'pending'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_task_pending_plan"`);
    await q.query(`ALTER TABLE "followup_task" DROP CONSTRAINT "fk_followup_task_questionnaire"`);
    await q.query(`ALTER TABLE "followup_task" DROP CONSTRAINT "fk_followup_task_patient"`);
    await q.query(`ALTER TABLE "followup_task" DROP CONSTRAINT "fk_followup_task_plan"`);
    await q.query(`ALTER TABLE "followup_plan" DROP CONSTRAINT "fk_followup_plan_template"`);
    await q.query(`ALTER TABLE "followup_plan" DROP CONSTRAINT "fk_followup_plan_patient"`);
    await q.query(`DROP INDEX "public"."uq_followup_task_step"`);
    await q.query(`DROP INDEX "public"."ix_followup_task_due"`);
    await q.query(`DROP INDEX "public"."ix_followup_task_patient"`);
    await q.query(`DROP TABLE "followup_task"`);
    await q.query(`DROP INDEX "public"."uq_followup_plan"`);
    await q.query(`DROP INDEX "public"."ix_followup_plan_patient"`);
    await q.query(`DROP TABLE "followup_plan"`);
    await q.query(`DROP TABLE "followup_template"`);
  }
}
