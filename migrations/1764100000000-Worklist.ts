import { MigrationInterface, QueryRunner } from 'typeorm';

/** The nurse's day (issue #6): task claims and retries, contact attempts, questionnaire responses, escalations. */
export class Worklist1764100000000 implements MigrationInterface {
  name = 'Worklist1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contact_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid, "patient_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "channel" character varying(16) NOT NULL DEFAULT 'phone', "outcome" character varying(16) NOT NULL, "answered_by" character varying(32), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "duration_seconds" integer, "callback_at" TIMESTAMP WITH TIME ZONE, "notes" text, CONSTRAINT "ck_contact_attempt_outcome" CHECK ("outcome" IN ('reached', 'reached_family', 'no_answer', 'busy', 'powered_off', 'wrong_number', 'refused', 'deceased', 'callback')), CONSTRAINT "PK_abf634ac7eea109d9fe6e267618" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_contact_attempt_task" ON "contact_attempt" ("task_id") `);
    await q.query(`CREATE INDEX "ix_contact_attempt_patient" ON "contact_attempt" ("patient_id") `);
    await q.query(
      `CREATE TABLE "questionnaire_response" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "questionnaire_id" uuid NOT NULL, "answers" jsonb NOT NULL, "scores" jsonb NOT NULL, "attention" text array NOT NULL DEFAULT '{}', "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ab4c2dfd517c5aa24e6e385523" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_questionnaire_response_task" ON "questionnaire_response" ("task_id") `);
    await q.query(`CREATE INDEX "ix_questionnaire_response_patient" ON "questionnaire_response" ("patient_id") `);
    await q.query(
      `CREATE TABLE "escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "task_id" uuid, "department_id" uuid, "severity" character varying(8) NOT NULL, "reason" text NOT NULL, "questions" text array NOT NULL DEFAULT '{}', "status" character varying(8) NOT NULL DEFAULT 'open', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "raised_by" uuid, "reply" text, "replied_by" uuid, "replied_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_escalation_status" CHECK ("status" IN ('open', 'answered', 'closed')), CONSTRAINT "PK_2c9a4d9277ed8620a8a72813864" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_escalation_patient" ON "escalation" ("patient_id") `);
    await q.query(`CREATE INDEX "ix_escalation_open" ON "escalation" ("status", "due_at") `);
    await q.query(`ALTER TABLE "followup_task" ADD "claimed_by" uuid`);
    await q.query(`ALTER TABLE "followup_task" ADD "claim_expires_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "followup_task" ADD "attempts" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "followup_task" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "followup_task" ADD "last_outcome" character varying(16)`);
    await q.query(`ALTER TABLE "followup_task" ADD "completed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "followup_task" ADD "completed_by" uuid`);
    await q.query(
      `ALTER TABLE "contact_attempt" ADD CONSTRAINT "fk_contact_attempt_task" FOREIGN KEY ("task_id") REFERENCES "followup_task"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contact_attempt" ADD CONSTRAINT "fk_contact_attempt_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "questionnaire_response" ADD CONSTRAINT "fk_questionnaire_response_task" FOREIGN KEY ("task_id") REFERENCES "followup_task"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "escalation" ADD CONSTRAINT "fk_escalation_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE INDEX "ix_followup_task_worklist" ON "followup_task" ("due_date", "next_attempt_at") WHERE "status" IN ('pending', 'due', 'overdue', 'in_progress')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_followup_task_worklist"`);
    await q.query(`ALTER TABLE "escalation" DROP CONSTRAINT "fk_escalation_patient"`);
    await q.query(`ALTER TABLE "questionnaire_response" DROP CONSTRAINT "fk_questionnaire_response_task"`);
    await q.query(`ALTER TABLE "contact_attempt" DROP CONSTRAINT "fk_contact_attempt_patient"`);
    await q.query(`ALTER TABLE "contact_attempt" DROP CONSTRAINT "fk_contact_attempt_task"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "completed_by"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "completed_at"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "last_outcome"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "next_attempt_at"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "attempts"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "claim_expires_at"`);
    await q.query(`ALTER TABLE "followup_task" DROP COLUMN "claimed_by"`);
    await q.query(`DROP INDEX "public"."ix_escalation_open"`);
    await q.query(`DROP INDEX "public"."ix_escalation_patient"`);
    await q.query(`DROP TABLE "escalation"`);
    await q.query(`DROP INDEX "public"."ix_questionnaire_response_patient"`);
    await q.query(`DROP INDEX "public"."uq_questionnaire_response_task"`);
    await q.query(`DROP TABLE "questionnaire_response"`);
    await q.query(`DROP INDEX "public"."ix_contact_attempt_patient"`);
    await q.query(`DROP INDEX "public"."ix_contact_attempt_task"`);
    await q.query(`DROP TABLE "contact_attempt"`);
  }
}
