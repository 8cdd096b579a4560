import { MigrationInterface, QueryRunner } from 'typeorm';

/** Self-survey links (issue #6): one-time links a patient answers on a phone; responses say how they were collected. */
export class SelfSurvey1764200000003 implements MigrationInterface {
  name = 'SelfSurvey1764200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "questionnaire_response" ADD "mode" character varying(8) NOT NULL DEFAULT 'phone'`);
    await q.query(
      `CREATE TABLE "survey_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "lang" character varying(5) NOT NULL DEFAULT 'zh-CN', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE, "submitted_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_survey_link" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_survey_link_task" ON "survey_link" ("task_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_survey_link_token" ON "survey_link" ("token_hash")`);
    await q.query(
      `ALTER TABLE "survey_link" ADD CONSTRAINT "fk_survey_link_task" FOREIGN KEY ("task_id") REFERENCES "followup_task"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "survey_link"`);
    await q.query(`ALTER TABLE "questionnaire_response" DROP COLUMN "mode"`);
  }
}
