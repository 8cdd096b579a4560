import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk import of HIS exports (issue #3): jobs, the stored files, rejected rows, saved column
 * mappings; and a unique visit key so importing the same encounters twice adds nothing.
 */
export class PatientImport1763900000001 implements MigrationInterface {
  name = 'PatientImport1763900000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_name" character varying(255) NOT NULL, "file_sha256" character varying(64) NOT NULL, "format" character varying(8) NOT NULL, "encoding" character varying(16), "source_name" character varying(64) NOT NULL, "columns" text array NOT NULL, "mapping" jsonb, "status" character varying(16) NOT NULL, "total_rows" integer NOT NULL DEFAULT '0', "processed_rows" integer NOT NULL DEFAULT '0', "created_patients" integer NOT NULL DEFAULT '0', "matched_patients" integer NOT NULL DEFAULT '0', "created_encounters" integer NOT NULL DEFAULT '0', "error_rows" integer NOT NULL DEFAULT '0', "message" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_import_job_sha256" ON "import_job" ("file_sha256") `);
    await q.query(`CREATE INDEX "ix_import_job_status" ON "import_job" ("status", "heartbeat_at") `);
    await q.query(
      `CREATE TABLE "import_file" ("job_id" uuid NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_b3b028d4da768f264ffc1bb1bde" PRIMARY KEY ("job_id"))`,
    );
    await q.query(
      `CREATE TABLE "import_row_error" ("id" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "row_number" integer NOT NULL, "reason" text NOT NULL, "raw" jsonb NOT NULL, "phase" character varying(8) NOT NULL, CONSTRAINT "PK_4a26e4be1fec4a36f3d8a6a5c6f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_import_row_error_job" ON "import_row_error" ("job_id") `);
    await q.query(
      `CREATE TABLE "import_mapping" ("source_name" character varying(64) NOT NULL, "mapping" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af5a3ba39de4635ca122ad47718" PRIMARY KEY ("source_name"))`,
    );
    await q.query(`ALTER TABLE "import_file" ADD CONSTRAINT "fk_import_file_job" FOREIGN KEY ("job_id") REFERENCES "import_job"("id")`);
    await q.query(
      `ALTER TABLE "import_row_error" ADD CONSTRAINT "fk_import_row_error_job" FOREIGN KEY ("job_id") REFERENCES "import_job"("id")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_encounter_source_visit" ON "encounter" ("source_system", "visit_number") WHERE "visit_number" IS NOT NULL AND "source_system" IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "uq_encounter_source_visit"`);
    await q.query(`ALTER TABLE "import_row_error" DROP CONSTRAINT "fk_import_row_error_job"`);
    await q.query(`ALTER TABLE "import_file" DROP CONSTRAINT "fk_import_file_job"`);
    await q.query(`DROP TABLE "import_mapping"`);
    await q.query(`DROP INDEX "public"."ix_import_row_error_job"`);
    await q.query(`DROP TABLE "import_row_error"`);
    await q.query(`DROP TABLE "import_file"`);
    await q.query(`DROP INDEX "public"."ix_import_job_status"`);
    await q.query(`DROP INDEX "public"."ix_import_job_sha256"`);
    await q.query(`DROP TABLE "import_job"`);
  }
}
