import { MigrationInterface, QueryRunner } from 'typeorm';
import { namePinyin } from '../backend/src/patients/pinyin';

/**
 * Patient records (issue #3): pinyin search columns, do-not-contact by purpose, e-mails, contact
 * persons, organisations (团体客户), procedures, lab results, segments, merges, and search indexes.
 */
export class PatientRecords1763900000000 implements MigrationInterface {
  name = 'PatientRecords1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "patient_contact_restriction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "purpose" character varying(24) NOT NULL, "reason" character varying(300), "since" date NOT NULL, "lifted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_patient_contact_restriction_purpose" CHECK ("purpose" IN ('clinical_followup', 'research', 'satisfaction', 'care_message')), CONSTRAINT "PK_ca3421da30e6c1307983085892b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_contact_restriction_patient" ON "patient_contact_restriction" ("patient_id") `);
    await q.query(
      `CREATE TABLE "patient_email" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "address" character varying(200) NOT NULL, "is_primary" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_32f09dea5d38af22bd02c2be508" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_email_patient" ON "patient_email" ("patient_id") `);
    await q.query(
      `CREATE TABLE "contact_person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "relation" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "phone" character varying(32), CONSTRAINT "PK_12d9c34f76290c4e2ad2aa5e33f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_contact_person_patient" ON "contact_person" ("patient_id") `);
    await q.query(
      `CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "type" character varying(32) NOT NULL DEFAULT 'company', "contact_name" character varying(100), "contact_phone" character varying(32), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_organisation_code" ON "organisation" ("code") `);
    await q.query(
      `CREATE TABLE "encounter_procedure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "encounter_id" uuid NOT NULL, "code" character varying(16), "name" character varying(200) NOT NULL, "performed_at" TIMESTAMP WITH TIME ZONE, "surgeon" character varying(100), CONSTRAINT "PK_699745297b980e341f7eb00ad54" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_encounter_procedure_encounter" ON "encounter_procedure" ("encounter_id") `);
    await q.query(
      `CREATE TABLE "lab_result" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "encounter_id" uuid, "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "value" character varying(64) NOT NULL, "unit" character varying(32), "reference_range" character varying(64), "abnormal_flag" character varying(4), "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f681a13fc5b637444500261a0e3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_lab_result_patient_observed" ON "lab_result" ("patient_id", "observed_at") `);
    await q.query(
      `CREATE TABLE "patient_segment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "description" character varying(500), "filter" jsonb NOT NULL, "created_by" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf5629978b2f9b555ba7af4794e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_patient_segment_name" ON "patient_segment" ("name") `);
    await q.query(
      `CREATE TABLE "patient_merge" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survivor_id" uuid NOT NULL, "merged_id" uuid NOT NULL, "moved" jsonb NOT NULL, "merged_by" uuid, "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reverted_at" TIMESTAMP WITH TIME ZONE, "reverted_by" uuid, CONSTRAINT "PK_0561b0e111e84c6758256e26eef" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_patient_merge_survivor" ON "patient_merge" ("survivor_id") `);
    await q.query(`CREATE INDEX "ix_patient_merge_merged" ON "patient_merge" ("merged_id") `);
    await q.query(`ALTER TABLE "patient" ADD "name_pinyin" character varying(300)`);
    await q.query(`ALTER TABLE "patient" ADD "pinyin_initials" character varying(32)`);
    await q.query(`ALTER TABLE "patient" ADD "employer" character varying(200)`);
    await q.query(`ALTER TABLE "patient" ADD "preferred_channel" character varying(16)`);
    await q.query(`ALTER TABLE "patient" ADD "preferred_contact_time" character varying(100)`);
    await q.query(`ALTER TABLE "patient" ADD "deceased_date" date`);
    await q.query(`ALTER TABLE "patient" ADD "tags" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "patient" ADD "organisation_id" uuid`);
    await q.query(`ALTER TABLE "patient" ADD "merged_into_id" uuid`);
    await q.query(`ALTER TABLE "patient" ADD "registered_department_id" uuid`);
    await q.query(`CREATE INDEX "ix_patient_registered_department" ON "patient" ("registered_department_id")`);
    await q.query(`CREATE INDEX "ix_patient_organisation" ON "patient" ("organisation_id") `);
    await q.query(`CREATE INDEX "ix_patient_identifier_value" ON "patient_identifier" ("value") `);
    await q.query(
      `ALTER TABLE "patient" ADD CONSTRAINT "fk_patient_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient" ADD CONSTRAINT "fk_patient_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_contact_restriction" ADD CONSTRAINT "fk_patient_contact_restriction_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patient_email" ADD CONSTRAINT "fk_patient_email_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contact_person" ADD CONSTRAINT "fk_contact_person_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "encounter" ADD CONSTRAINT "fk_encounter_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "encounter" ADD CONSTRAINT "fk_encounter_ward" FOREIGN KEY ("ward_id") REFERENCES "ward"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "encounter_procedure" ADD CONSTRAINT "fk_encounter_procedure_encounter" FOREIGN KEY ("encounter_id") REFERENCES "encounter"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lab_result" ADD CONSTRAINT "fk_lab_result_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );

    // Search indexes TypeORM cannot express: prefix search on name and pinyin initials, phone tail.
    await q.query(`CREATE INDEX "ix_patient_name_pattern" ON "patient" ("name" text_pattern_ops) WHERE "merged_into_id" IS NULL`);
    await q.query(
      `CREATE INDEX "ix_patient_pinyin_initials" ON "patient" ("pinyin_initials" text_pattern_ops) WHERE "merged_into_id" IS NULL`,
    );
    await q.query(`CREATE INDEX "ix_patient_name_pinyin" ON "patient" ("name_pinyin" text_pattern_ops) WHERE "merged_into_id" IS NULL`);
    await q.query(`CREATE INDEX "ix_patient_phone_tail" ON "patient_phone" (right("number", 4))`);

    // Fill pinyin for patients that already exist (demo data), in batches.
    for (;;) {
      const rows: Array<{ id: string; name: string }> = await q.query(`SELECT id, name FROM patient WHERE name_pinyin IS NULL LIMIT 1000`);
      if (!rows.length) break;
      const ids = rows.map((r) => r.id);
      const full = rows.map((r) => namePinyin(r.name).full);
      const initials = rows.map((r) => namePinyin(r.name).initials);
      await q.query(
        `UPDATE patient p SET name_pinyin = v.full_pinyin, pinyin_initials = v.initials
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, full_pinyin, initials) WHERE p.id = v.id`,
        [ids, full, initials],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_patient_phone_tail"`);
    await q.query(`DROP INDEX "ix_patient_name_pinyin"`);
    await q.query(`DROP INDEX "ix_patient_pinyin_initials"`);
    await q.query(`DROP INDEX "ix_patient_name_pattern"`);
    await q.query(`ALTER TABLE "lab_result" DROP CONSTRAINT "fk_lab_result_patient"`);
    await q.query(`ALTER TABLE "encounter_procedure" DROP CONSTRAINT "fk_encounter_procedure_encounter"`);
    await q.query(`ALTER TABLE "encounter" DROP CONSTRAINT "fk_encounter_ward"`);
    await q.query(`ALTER TABLE "encounter" DROP CONSTRAINT "fk_encounter_department"`);
    await q.query(`ALTER TABLE "contact_person" DROP CONSTRAINT "fk_contact_person_patient"`);
    await q.query(`ALTER TABLE "patient_email" DROP CONSTRAINT "fk_patient_email_patient"`);
    await q.query(`ALTER TABLE "patient_contact_restriction" DROP CONSTRAINT "fk_patient_contact_restriction_patient"`);
    await q.query(`ALTER TABLE "patient" DROP CONSTRAINT "fk_patient_merged_into"`);
    await q.query(`ALTER TABLE "patient" DROP CONSTRAINT "fk_patient_organisation"`);
    await q.query(`DROP INDEX "public"."ix_patient_identifier_value"`);
    await q.query(`DROP INDEX "public"."ix_patient_organisation"`);
    await q.query(`DROP INDEX "public"."ix_patient_registered_department"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "registered_department_id"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "merged_into_id"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "organisation_id"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "tags"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "deceased_date"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "preferred_contact_time"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "preferred_channel"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "employer"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "pinyin_initials"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "name_pinyin"`);
    await q.query(`DROP INDEX "public"."ix_patient_merge_merged"`);
    await q.query(`DROP INDEX "public"."ix_patient_merge_survivor"`);
    await q.query(`DROP TABLE "patient_merge"`);
    await q.query(`DROP INDEX "public"."uq_patient_segment_name"`);
    await q.query(`DROP TABLE "patient_segment"`);
    await q.query(`DROP INDEX "public"."ix_lab_result_patient_observed"`);
    await q.query(`DROP TABLE "lab_result"`);
    await q.query(`DROP INDEX "public"."ix_encounter_procedure_encounter"`);
    await q.query(`DROP TABLE "encounter_procedure"`);
    await q.query(`DROP INDEX "public"."uq_organisation_code"`);
    await q.query(`DROP TABLE "organisation"`);
    await q.query(`DROP INDEX "public"."ix_contact_person_patient"`);
    await q.query(`DROP TABLE "contact_person"`);
    await q.query(`DROP INDEX "public"."ix_patient_email_patient"`);
    await q.query(`DROP TABLE "patient_email"`);
    await q.query(`DROP INDEX "public"."ix_patient_contact_restriction_patient"`);
    await q.query(`DROP TABLE "patient_contact_restriction"`);
  }
}
