import { MigrationInterface, QueryRunner } from 'typeorm';

/** Call recordings (issue #6): attached to contact attempts, played back with permission and audit. */
export class CallRecordings1764200000004 implements MigrationInterface {
  name = 'CallRecordings1764200000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "call_recording" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "attempt_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "storage" character varying(8) NOT NULL, "url" text, "content_type" character varying(100) NOT NULL, "size_bytes" integer, "duration_seconds" integer, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_call_recording" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_call_recording_attempt" ON "call_recording" ("attempt_id")`);
    await q.query(`CREATE INDEX "ix_call_recording_patient" ON "call_recording" ("patient_id")`);
    await q.query(
      `CREATE TABLE "call_recording_content" ("recording_id" uuid NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_call_recording_content" PRIMARY KEY ("recording_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "call_recording_content"`);
    await q.query(`DROP TABLE "call_recording"`);
  }
}
