import { MigrationInterface, QueryRunner } from 'typeorm';

/** Probable duplicates found while importing (issue #3): listed per import for review and merge. */
export class ImportDuplicates1764200000000 implements MigrationInterface {
  name = 'ImportDuplicates1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_job" ADD "duplicate_rows" integer NOT NULL DEFAULT '0'`);
    await q.query(
      `CREATE TABLE "import_duplicate" ("id" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "row_number" integer NOT NULL, "patient_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "reasons" text array NOT NULL, CONSTRAINT "PK_import_duplicate" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_import_duplicate_job" ON "import_duplicate" ("job_id")`);
    // One entry per pair and import, whichever of the two was seen first.
    await q.query(
      `CREATE UNIQUE INDEX "ux_import_duplicate_pair" ON "import_duplicate" ("job_id", LEAST("patient_id", "candidate_id"), GREATEST("patient_id", "candidate_id"))`,
    );
    await q.query(
      `ALTER TABLE "import_duplicate" ADD CONSTRAINT "fk_import_duplicate_job" FOREIGN KEY ("job_id") REFERENCES "import_job"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_duplicate"`);
    await q.query(`ALTER TABLE "import_job" DROP COLUMN "duplicate_rows"`);
  }
}
