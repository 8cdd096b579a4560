import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rejected import rows keep their problems as codes with the quoted values, so the console can show them in both languages. */
export class ImportRowProblems1764200000001 implements MigrationInterface {
  name = 'ImportRowProblems1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_row_error ADD COLUMN problems jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_row_error DROP COLUMN problems`);
  }
}
