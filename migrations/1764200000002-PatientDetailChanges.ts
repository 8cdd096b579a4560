import { MigrationInterface, QueryRunner } from 'typeorm';

/** Phones, contact persons and identifiers become editable after create; what they were is kept here. */
export class PatientDetailChanges1764200000002 implements MigrationInterface {
  name = 'PatientDetailChanges1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "patient_detail_change" ("id" BIGSERIAL NOT NULL, "patient_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "detail_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "before" jsonb NOT NULL, "reason" character varying(300), "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_patient_detail_change" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_detail_change_patient" ON "patient_detail_change" ("patient_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "patient_detail_change"`);
  }
}
